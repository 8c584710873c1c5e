import { describe, expect, test } from 'vitest';
import {
  createSseParser,
  createSseScanner,
  MAX_EVENT_CHARS,
  type ByteNatives,
} from './fetch-sse-parser';
import { byteNatives as hookByteNatives } from './fetch-streams';
import { captureNatives } from './natives';

function parse(chunks: string[]) {
  const events: [string, string, string][] = [];
  const retries: number[] = [];
  const parser = createSseParser(captureNatives(globalThis), {
    event: (type, data, id) => events.push([type, data, id]),
    retry: (ms) => retries.push(ms),
  });
  for (const chunk of chunks) parser.push(chunk);
  return { events, retries };
}

describe('createSseParser', () => {
  test('fields, comments, multi-line data, id persistence and retry', () => {
    const { events, retries } = parse([
      ': hello\n\nevent: update\ndata: a\ndata:b\nid: 7\n\ndata: c\n\nretry: 1500\nretry: x\n\n',
    ]);
    expect(events).toEqual([
      ['update', 'a\nb', '7'],
      ['message', 'c', '7'],
    ]);
    expect(retries).toEqual([1500]);
  });

  test('CRLF, CR and LF line ends, split across chunks, and a leading BOM', () => {
    const { events } = parse(['\uFEFFdata: 1\r', '\n\r', '\ndata: 2\r\rdata', ': 3\n', '\n']);
    expect(events).toEqual([
      ['message', '1', ''],
      ['message', '2', ''],
      ['message', '3', ''],
    ]);
  });

  test('an event without data is not dispatched; its type does not leak', () => {
    const { events } = parse(['event: ping\n\ndata: x\n\n', 'data\n\n']);
    expect(events).toEqual([
      ['message', 'x', ''],
      ['message', '', ''],
    ]);
  });

  test('an id holding NUL is ignored; an unterminated event at the end is not dispatched', () => {
    const { events } = parse(['id: a\0b\ndata: x\n\ndata: never']);
    expect(events).toEqual([['message', 'x', '']]);
  });

  test('a line that never ends is kept bounded', () => {
    const big = 'x'.repeat(MAX_EVENT_CHARS);
    const { events } = parse(['data: ', big, big, '\n\n']);
    expect(events[0]?.[1].length).toBe(MAX_EVENT_CHARS - 6);
  });
});

/** Deterministic PRNG (mulberry32): the same seed, the same streams and chunkings. */
function seeded(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const utf8 = new TextEncoder();
// The hook's own (fetch-streams.ts): the word search over a view of the chunk's own buffer.
const byteNatives: ByteNatives = hookByteNatives(
  captureNatives(globalThis),
  TextDecoder as never,
  Uint8Array as never,
  Uint32Array as never,
);
const byteNativesWithoutWords: ByteNatives = { ...byteNatives, words: undefined };

/** A random event stream exercising every field, line end and multi-byte characters. */
function randomStream(random: () => number): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const words = ['a', 'hello', '{"i":1}', 'é', '€uro', '😀', 'x y', ':', ' lead', '', 'data: no'];
  const text = () => {
    let s = '';
    const n = Math.floor(random() * 4);
    for (let i = 0; i < n; i++) s += pick(words);
    return s;
  };
  let out = random() < 0.2 ? '\uFEFF' : '';
  const events = 1 + Math.floor(random() * 12);
  for (let e = 0; e < events; e++) {
    const lines = Math.floor(random() * 5);
    for (let l = 0; l < lines; l++) {
      const sep = pick([': ', ':', ':  ']);
      const r = random();
      let line: string;
      if (r < 0.45) line = `data${sep}${text()}`;
      else if (r < 0.55) line = 'data';
      else if (r < 0.65)
        line = `event${sep}${pick(['update', 'ping', '', 'message', 'ünï', text()])}`;
      else if (r < 0.75) line = `id${sep}${pick(['1', '2', 'abc', '', 'a\0b', text()])}`;
      else if (r < 0.82) line = `retry${sep}${pick(['1500', '0', 'x', '', '12a'])}`;
      else if (r < 0.9) line = `: comment ${text()}`;
      else line = `${pick(['dat', 'datas', 'Data', 'idx', 'évent', ''])}${sep}${text()}`;
      out += line + pick(['\n', '\r', '\r\n']);
    }
    out += pick(['\n', '\r', '\r\n']);
  }
  if (random() < 0.3) out += 'data: unterminated';
  return out;
}

/** `body` cut into views of 1..`max` bytes (no copies: every alignment of a chunk's buffer). */
function viewsOf(body: Uint8Array, random: () => number, max: number): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let at = 0; at < body.length;) {
    const size = 1 + Math.floor(random() * max);
    chunks.push(body.subarray(at, at + size));
    at += size;
  }
  return chunks;
}

/** The reference: decode the whole body, parse it as text. */
function reference(body: Uint8Array) {
  const events: { type: string; data: string; id: string; own: boolean; bytes: number }[] = [];
  const retries: number[] = [];
  let last = '';
  const parser = createSseParser(captureNatives(globalThis), {
    event: (type, data, id) => {
      events.push({ type, data, id, own: id !== last, bytes: utf8.encode(data).length });
      last = id;
    },
    retry: (ms) => retries.push(ms),
  });
  parser.push(new TextDecoder().decode(body));
  return { events, retries };
}

function scan(chunks: Uint8Array[], samples: number, natives = byteNatives) {
  const sampled: {
    index: number;
    type: string;
    data: string;
    id: string;
    own: boolean;
    bytes: number;
  }[] = [];
  const byType: Record<string, number> = {};
  const retries: number[] = [];
  let total = 0;
  let bytes = 0;
  const scanner = createSseScanner(captureNatives(globalThis), natives, samples, {
    counted(events, messages, b, others) {
      total += events;
      bytes += b;
      if (messages > 0) byType.message = (byType.message ?? 0) + messages;
      for (const [type, n] of Object.entries(others ?? {}))
        if (n > 0) byType[type] = (byType[type] ?? 0) + n;
    },
    sampled(type, data, id, own, b) {
      sampled.push({ index: total, type, data, id, own, bytes: b });
      total++;
      bytes += b;
      byType[type] = (byType[type] ?? 0) + 1;
    },
    retry: (ms) => retries.push(ms),
  });
  for (const chunk of chunks) scanner.push(chunk);
  return { sampled, byType, retries, total, bytes };
}

function randomChunks(body: Uint8Array, random: () => number): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  let at = 0;
  while (at < body.length) {
    // Mostly small pieces (splits inside CR LF, names and multi-byte characters), some large.
    const size = random() < 0.8 ? 1 + Math.floor(random() * 6) : 1 + Math.floor(random() * 200);
    chunks.push(body.slice(at, at + size));
    at += size;
  }
  if (random() < 0.2) chunks.splice(Math.floor(random() * chunks.length), 0, new Uint8Array(0));
  return chunks;
}

describe('createSseScanner', () => {
  test('matches the reference parser on random streams split anywhere (every event sampled)', () => {
    const random = seeded(1234);
    for (let round = 0; round < 200; round++) {
      const body = utf8.encode(randomStream(random));
      const want = reference(body);
      const got = scan(randomChunks(body, random), 256);
      expect(
        got.sampled.map(({ index: _, ...e }) => e),
        `round ${round}`,
      ).toEqual(want.events);
      expect(got.retries).toEqual(want.retries);
    }
  });

  test('with few samples per chunk: counts, types and bytes of every event, the last ones sampled', () => {
    const random = seeded(99);
    for (let round = 0; round < 150; round++) {
      const text = randomStream(random);
      const body = utf8.encode(text + text + text);
      const want = reference(body);
      const got = scan(randomChunks(body, random), 2);
      const byType: Record<string, number> = {};
      for (const e of want.events) byType[e.type] = (byType[e.type] ?? 0) + 1;
      expect([got.total, got.bytes, got.byType], `round ${round}`).toEqual([
        want.events.length,
        want.events.reduce((sum, e) => sum + e.bytes, 0),
        byType,
      ]);
      for (const { index, ...sample } of got.sampled) expect(sample).toEqual(want.events[index]);
    }
  });

  test("one large chunk of many events: only the chunk's last events are decoded", () => {
    let text = '';
    for (let i = 0; i < 2000; i++) text += `data: {"i":${i}}\n\n`;
    const got = scan([utf8.encode(text)], 20);
    expect(got.total).toBe(2000);
    expect(got.sampled.map((s) => s.data)).toEqual(
      Array.from({ length: 20 }, (_, k) => `{"i":${1980 + k}}`),
    );
  });

  test('an event longer than MAX_EVENT_CHARS across chunks: counted whole, its sample cut', () => {
    const big = 'x'.repeat(MAX_EVENT_CHARS);
    const chunks = ['data: ', big, big, '\ndata: y\n\n'].map((s) => utf8.encode(s));
    const got = scan(chunks, 20);
    expect(got.total).toBe(1);
    expect(got.bytes).toBe(2 * MAX_EVENT_CHARS + 2);
    expect(got.sampled[0]?.data.length).toBeLessThanOrEqual(MAX_EVENT_CHARS);
    expect(got.sampled[0]?.data.startsWith('xxx')).toBe(true);
  });

  test('long data lines in chunks at every buffer offset: the word search finds each line end', () => {
    const random = seeded(4242);
    const alphabet = ['a', 'b', 'é', '€', '😀', ':', ' ', '\u0a0a', 'x'];
    const ends = ['\n', '\r', '\r\n'];
    for (let round = 0; round < 120; round++) {
      let text = '';
      const events = 1 + Math.floor(random() * 12);
      for (let i = 0; i < events; i++) {
        const lines = 1 + Math.floor(random() * 2);
        for (let l = 0; l < lines; l++) {
          let value = '';
          const length = Math.floor(random() * 90);
          for (let k = 0; k < length; k++)
            value += alphabet[Math.floor(random() * alphabet.length)];
          text += `data: ${value}${ends[Math.floor(random() * ends.length)]}`;
        }
        text += ends[Math.floor(random() * ends.length)];
      }
      // One buffer, cut into views at random offsets (no copies): every alignment of a chunk.
      const body = utf8.encode(text);
      const chunks = viewsOf(body, random, 300);
      const want = reference(body).events;
      const withWords = scan(chunks, 256);
      expect(
        withWords.sampled.map(({ index: _, ...e }) => e),
        `round ${round}`,
      ).toEqual(want);
      const without = scan(chunks, 256, byteNativesWithoutWords);
      expect(without.sampled.map(({ index: _, ...e }) => e)).toEqual(want);
    }
  });
  test('runs of one-line events among other shapes, large chunks, few samples: exact counts and samples', () => {
    const random = seeded(777);
    const others = [
      'event: update\ndata: u\n\n',
      'id: 7\ndata: with id\n\n',
      'data: two\ndata: lines\n\n',
      'data: cr\r\n\r\n',
      'data: cr only\r\r',
      ': comment\n',
      'retry: 900\n',
      'data:no space\n\n',
      'data:  two spaces\n\n',
      'data\n\n',
      'event: message\ndata: named message\n\n',
      'data: \u00e9\u20ac\ud83d\ude00\n\n',
    ];
    for (let round = 0; round < 150; round++) {
      let text = '';
      const events = 20 + Math.floor(random() * 300);
      for (let e = 0; e < events; e++) {
        text +=
          random() < 0.85
            ? `data: {"i":${e},"v":"${'x'.repeat(Math.floor(random() * 40))}"}\n\n`
            : (others[Math.floor(random() * others.length)] as string);
      }
      const body = utf8.encode(text);
      const chunks = viewsOf(body, random, 3000);
      const want = reference(body);
      const samples = 1 + Math.floor(random() * 20);
      const byType: Record<string, number> = {};
      for (const e of want.events) byType[e.type] = (byType[e.type] ?? 0) + 1;
      for (const natives of [byteNatives, byteNativesWithoutWords]) {
        const got = scan(chunks, samples, natives);
        expect([got.total, got.bytes, got.byType], `round ${round}`).toEqual([
          want.events.length,
          want.events.reduce((sum, e) => sum + e.bytes, 0),
          byType,
        ]);
        expect(got.retries).toEqual(want.retries);
        for (const { index, ...sample } of got.sampled) expect(sample).toEqual(want.events[index]);
      }
    }
  });
});

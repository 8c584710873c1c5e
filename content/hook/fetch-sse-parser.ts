/**
 * Two parsers of a fetch stream. `createSseScanner` is the hook's (bytes in, counts and samples
 * out: see its comment). `createSseParser` is the reference it is tested against, and it parses
 * the text of a sampled event with several data lines:
 *
 * Incremental parser of a fetch stream's decoded text: the WHATWG "event stream interpretation"
 * (HTML § 9.2.6, https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation):
 * lines end with CRLF, LF or CR (a CR at the end of one chunk and an LF at the start of the next
 * are one line end); a leading BOM is dropped; `:` starts a comment; fields `event`, `data`,
 * `id` (ignored when it contains NUL) and `retry` (ASCII digits only); a blank line dispatches,
 * unless no data was seen. The id persists across events, as the "last event ID buffer" does.
 *
 * Bounded: a partial line and an event's data keep at most MAX_EVENT_CHARS characters (a server
 * that never ends a line must not make the hook hold its whole body); the rest is dropped and
 * the sample is shorter than the event the page parses.
 *
 * Scans with index access (`s[i]`), which no page code can replace; slices with the native
 * `String.prototype.slice` captured at install.
 */
import { dict, type Natives } from './natives';

export const MAX_EVENT_CHARS = 256 * 1024;

export interface SseSink {
  /** A dispatched event: its type ('message' without `event:`), data and the last event id. */
  event(type: string, data: string, id: string): void;
  /** A valid `retry:` field (ms). */
  retry(ms: number): void;
}

export interface SseParser {
  /** Feeds the next decoded piece of the body. */
  push(text: string): void;
}

const isDigits = (s: string): boolean => {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (c < '0' || c > '9') return false;
  }
  return true;
};

export function createSseParser(natives: Natives, sink: SseSink): SseParser {
  const { apply, strSlice } = natives;
  const slice = (s: string, from: number, to?: number): string =>
    apply(strSlice, s, to === undefined ? [from] : [from, to]) as string;
  let started = false;
  /** The last chunk ended with CR: an LF first in the next one ends nothing more. */
  let pendingCR = false;
  let partial = '';
  let data = '';
  let hasData = false;
  let type = '';
  let id = '';

  function field(line: string): void {
    let colon = -1;
    for (let i = 0; i < line.length; i++) {
      if (line[i] === ':') {
        colon = i;
        break;
      }
    }
    if (colon === 0) return;
    const name = colon === -1 ? line : slice(line, 0, colon);
    let value = '';
    if (colon !== -1) value = slice(line, line[colon + 1] === ' ' ? colon + 2 : colon + 1);
    switch (name) {
      case 'event':
        type = value;
        break;
      case 'data':
        if (hasData) data = data.length < MAX_EVENT_CHARS ? data + '\n' + value : data;
        else data = value;
        if (data.length > MAX_EVENT_CHARS) data = slice(data, 0, MAX_EVENT_CHARS);
        hasData = true;
        break;
      case 'id': {
        let nul = false;
        for (let i = 0; i < value.length; i++) if (value[i] === '\0') nul = true;
        if (!nul) id = value;
        break;
      }
      case 'retry':
        if (isDigits(value)) sink.retry(+value);
        break;
    }
  }

  function line(text: string): void {
    if (text.length !== 0) {
      field(text);
      return;
    }
    if (hasData) sink.event(type === '' ? 'message' : type, data, id);
    data = '';
    hasData = false;
    type = '';
  }

  return {
    push(text) {
      let start = 0;
      if (!started && text.length !== 0) {
        started = true;
        if (text[0] === '\uFEFF') start = 1;
      }
      if (pendingCR && text.length !== 0) {
        pendingCR = false;
        if (text[start] === '\n') start++;
      }
      const n = text.length;
      for (let i = start; i < n; i++) {
        const c = text[i];
        if (c !== '\n' && c !== '\r') continue;
        const piece = slice(text, start, i);
        const whole = partial.length === 0 ? piece : partial + piece;
        partial = '';
        line(whole);
        if (c === '\r') {
          if (i + 1 === n) pendingCR = true;
          else if (text[i + 1] === '\n') i++;
        }
        start = i + 1;
      }
      if (start < n && partial.length < MAX_EVENT_CHARS) {
        partial += start === 0 ? text : slice(text, start);
        if (partial.length > MAX_EVENT_CHARS) partial = slice(partial, 0, MAX_EVENT_CHARS);
      }
    },
  };
}

/** Natives the byte scanner calls (captured at install: a page may replace them later). */
export interface ByteNatives {
  /** `Uint8Array` constructor. */
  readonly U8: new (length: number) => Uint8Array;
  /** `Uint8Array.prototype.subarray` / `.set`, called with `natives.apply`. */
  readonly subarray: (...args: never[]) => unknown;
  readonly set: (...args: never[]) => unknown;
  /** Decodes a complete UTF-8 byte range (a native TextDecoder with `ignoreBOM`, non-streaming). */
  decode(bytes: Uint8Array): string;
  /**
   * `u`'s whole 4-byte-aligned words, as a Uint32Array over its buffer, and the index in `u` of
   * word 0's first byte; null when it has none (or the platform cannot tell).
   */
  words?(u: Uint8Array): { readonly view: Uint32Array; readonly first: number } | null;
}

/** What one chunk dispatched, reported by `createSseScanner` once per chunk. */
export interface SseChunkSink {
  /**
   * The chunk's events that are not sampled: how many, how many of type 'message', the UTF-8
   * bytes of their data, and the count per other type (null when there were none; a count may
   * be 0: that type's events were all sampled).
   */
  counted(
    events: number,
    messages: number,
    bytes: number,
    others: Record<string, number> | null,
  ): void;
  /**
   * One of the chunk's last `samples` events, oldest first: `own` when an `id:` field changed the
   * last event id; `bytes` the UTF-8 bytes of its whole data (`data` may be cut, see
   * MAX_EVENT_CHARS).
   */
  sampled(type: string, data: string, id: string, own: boolean, bytes: number): void;
  /** A valid `retry:` field (ms). */
  retry(ms: number): void;
}

export interface SseScanner {
  /** Scans the next chunk of the body (bytes as they came from the network). */
  push(chunk: Uint8Array): void;
}

// Field names as base-128 numbers of their ASCII codes (a name is at most 5 bytes long).
const nameCode = (name: string): number => {
  let h = 0;
  for (let i = 0; i < name.length; i++) h = h * 128 + name.charCodeAt(i);
  return h;
};
const DATA = nameCode('data');
const EVENT = nameCode('event');
const ID = nameCode('id');
const RETRY = nameCode('retry');
/** Field kinds of the line being scanned. */
const K_NAME = 0;
const K_IGNORE = 1;
const K_DATA = 2;
const K_EVENT = 3;
const K_ID = 4;
const K_RETRY = 5;
/** Bytes of an `event:`/`id:` value kept to tell values apart (longer ones are cut). */
const VALUE_BYTES = 1024;
/**
 * Numbers kept per ring slot: event start, first value start, end (virtual positions), data
 * lines, data bytes, own id (1/0), id value start and end in the chunk (-1: `slotIds`).
 */
const SLOT = 8;

/**
 * The hook's parser of a fetch stream's bytes, with the interpretation of `createSseParser` (the
 * reference it is tested against) but built for the hot path: it scans the raw `Uint8Array`
 * chunks without decoding them (line ends, field names and digits are ASCII, and a UTF-8
 * continuation byte is never one), counts events and data bytes with integer work only, and
 * decodes text only for what is kept — the last `samples` events of each chunk (the interval
 * keeps the newest samples anyway), an `event:` type when it differs from the previous one, and
 * ids of sampled events. A chunk may end anywhere: inside a field name, a line end (CR | LF),
 * a BOM or a multi-byte character. Work and allocation are per chunk, not per event, except a
 * new event type.
 *
 * To decode a sampled event that began in an earlier chunk, the bytes of the event in progress
 * are carried over (from its first data line, at most MAX_EVENT_CHARS bytes; beyond that the
 * sample is cut, the counts are not).
 */
export function createSseScanner(
  natives: Natives,
  bytes: ByteNatives,
  samples: number,
  sink: SseChunkSink,
): SseScanner {
  const { apply } = natives;
  const sub = (u: Uint8Array, from: number, to: number): Uint8Array =>
    apply(bytes.subarray, u, [from, to]) as Uint8Array;
  const decodeRange = (u: Uint8Array, from: number, to: number): string =>
    bytes.decode(sub(u, from, to));

  /** Bytes of a leading BOM (EF BB BF) matched so far; 3 once past the start of the stream. */
  let bom = 0;
  let pendingCR = false;
  // The line being scanned.
  let kind = K_NAME;
  let name = 0;
  let nameLen = 0;
  /** After the colon: one leading space of the value is dropped. */
  let skipSpace = false;
  let lineLen = 0;
  let valueLen = 0;
  let valueOK = true;
  let retryValue = 0;
  /** The `event:`/`id:` value being read (cut at VALUE_BYTES). */
  let value = new bytes.U8(VALUE_BYTES);
  // The event being built.
  let hasData = false;
  let dataBytes = 0;
  let dataLines = 0;
  let type = 'message';
  /** An `id:` line changed the id since the last dispatch. */
  let idChanged = false;
  /** The id of the last dispatched event (its bytes). */
  const dispatchedBytes = new bytes.U8(VALUE_BYTES);
  let dispatchedLen = 0;
  /** The current last event id: its bytes, and its text (materialized lazily, see `idFrom`). */
  let idBytes = new bytes.U8(VALUE_BYTES);
  let idLen = 0;
  let idText = '';
  /** Where in this chunk the current id's value lies; -1: `idText` holds it. */
  let idFrom = -1;
  let idTo = -1;
  /** The last type seen, its bytes (to reuse the string when the next is the same). */
  let typeBytes = new bytes.U8(VALUE_BYTES);
  let typeLen = -1;
  let typeText = '';
  // Positions for decoding samples, in "virtual" coordinates: the carry holds [0, carryLen),
  // this chunk's byte i is carryLen + i.
  let carry: Uint8Array | null = null;
  let carryLen = 0;
  /** The carry reached MAX_EVENT_CHARS: later bytes of that event are not kept. */
  let carryCut = false;
  let lineStart = 0;
  let valueStart = 0;
  let evFrom = -1;
  let evValueFrom = 0;
  let evTo = 0;
  // This chunk's dispatched events: totals, and a ring of the last `samples`.
  let events = 0;
  let messages = 0;
  let totalBytes = 0;
  let others: Record<string, number> | null = null;
  const slotTypes: string[] = [];
  const slotIds: string[] = [];
  const slotNums = new natives.Float64Array(samples * SLOT);
  /** Events dispatched in this chunk, and the ring slot the next one takes. */
  let slotNext = 0;
  let slot = 0;
  for (let i = 0; i < samples; i++) {
    slotTypes[i] = '';
    slotIds[i] = '';
  }
  let chunk: Uint8Array = value;

  function lineEnded(end: number): void {
    if (lineLen === 0) {
      dispatch();
      return;
    }
    if (kind === K_NAME) {
      // No colon: the whole line is the field name, its value empty.
      kind = resolve();
      valueStart = end;
    }
    switch (kind) {
      case K_DATA:
        if (!hasData) {
          hasData = true;
          evFrom = lineStart;
          evValueFrom = valueStart;
        } else dataBytes++;
        dataBytes += valueLen;
        dataLines++;
        evTo = end;
        break;
      case K_EVENT: {
        const len = valueLen < VALUE_BYTES ? valueLen : VALUE_BYTES;
        if (len !== typeLen || !same(value, typeBytes, len)) {
          const swap = typeBytes;
          typeBytes = value;
          value = swap;
          typeLen = len;
          typeText = bytes.decode(sub(typeBytes, 0, len));
        }
        type = typeText === '' ? 'message' : typeText;
        break;
      }
      case K_ID: {
        if (!valueOK) break;
        const len = valueLen < VALUE_BYTES ? valueLen : VALUE_BYTES;
        if (len === idLen && same(value, idBytes, len)) break;
        const swap = idBytes;
        idBytes = value;
        value = swap;
        idLen = len;
        idChanged = true;
        if (valueStart >= carryLen && valueLen <= VALUE_BYTES) {
          idFrom = valueStart - carryLen;
          idTo = end - carryLen;
        } else {
          // The line began in an earlier chunk (or is longer than kept): decoded now, rarely.
          idFrom = -1;
          idText = bytes.decode(sub(idBytes, 0, len));
        }
        break;
      }
      case K_RETRY:
        if (valueOK && valueLen > 0) sink.retry(retryValue);
        break;
    }
  }

  function same(a: Uint8Array, b: Uint8Array, len: number): boolean {
    for (let i = 0; i < len; i++) if (a[i] !== b[i]) return false;
    return true;
  }

  function resolve(): number {
    if (nameLen === 4) return name === DATA ? K_DATA : K_IGNORE;
    if (nameLen === 5) return name === EVENT ? K_EVENT : name === RETRY ? K_RETRY : K_IGNORE;
    if (nameLen === 2) return name === ID ? K_ID : K_IGNORE;
    return K_IGNORE;
  }

  function dispatch(): void {
    if (hasData) {
      events++;
      totalBytes += dataBytes;
      if (type === 'message') messages++;
      else {
        const o = others ?? (others = dict<number>());
        o[type] = (o[type] ?? 0) + 1;
      }
      const s = slot;
      slot = s + 1 === samples ? 0 : s + 1;
      slotNext++;
      slotTypes[s] = type;
      const b = s * SLOT;
      slotNums[b] = evFrom;
      slotNums[b + 1] = evValueFrom;
      slotNums[b + 2] = evTo;
      slotNums[b + 3] = dataLines;
      slotNums[b + 4] = dataBytes;
      let own = false;
      if (idChanged) {
        // Own when the id differs from the previous event's (a → b → a between them is not).
        own = idLen !== dispatchedLen || !same(idBytes, dispatchedBytes, idLen);
        for (let i = 0; i < idLen; i++) dispatchedBytes[i] = idBytes[i] as number;
        dispatchedLen = idLen;
      }
      slotNums[b + 5] = own ? 1 : 0;
      slotNums[b + 6] = idFrom;
      slotNums[b + 7] = idTo;
      if (idFrom === -1) slotIds[s] = idText;
      idChanged = false;
    }
    hasData = false;
    dataBytes = 0;
    dataLines = 0;
    type = 'message';
    evFrom = -1;
  }

  /** Bytes [from, to) in virtual coordinates (see `carry`), for a sample only. */
  function range(from: number, to: number): Uint8Array {
    if (from >= carryLen) return sub(chunk, from - carryLen, to - carryLen);
    const c = carry as Uint8Array;
    if (to <= carryLen || carryCut) return sub(c, from, to < carryLen ? to : carryLen);
    const out = new bytes.U8(to - from);
    apply(bytes.set, out, [sub(c, from, carryLen), 0]);
    apply(bytes.set, out, [sub(chunk, 0, to - carryLen), carryLen - from]);
    return out;
  }

  /** Data of a multi-line (or cut) event: its data lines and what lies between, parsed as text. */
  let joined = '';
  const dataParser = createSseParser(natives, {
    event(_type, data) {
      joined = data;
    },
    retry() {
      // Counted by the scanner when it was scanned.
    },
  });

  function report(): void {
    const kept = slotNext < samples ? slotNext : samples;
    // The oldest kept slot: the first one, or the next to be overwritten once the ring wrapped.
    const first = slotNext < samples ? 0 : slot;
    for (let j = 0; j < kept; j++) {
      const s = (first + j) % samples;
      events--;
      totalBytes -= slotNums[s * SLOT + 4] as number;
      const t = slotTypes[s] as string;
      if (t === 'message') messages--;
      else {
        const o = others as Record<string, number>;
        o[t] = (o[t] as number) - 1;
      }
    }
    if (events !== 0) sink.counted(events, messages, totalBytes, others);
    for (let j = 0; j < kept; j++) {
      const s = (first + j) % samples;
      const b = s * SLOT;
      const from = slotNums[b] as number;
      const to = slotNums[b + 2] as number;
      let data: string;
      if (slotNums[b + 3] === 1 && !(from < carryLen && carryCut)) {
        const v = slotNums[b + 1] as number;
        data = bytes.decode(range(v, to - v > MAX_EVENT_CHARS ? v + MAX_EVENT_CHARS : to));
      } else {
        joined = '';
        dataParser.push(
          bytes.decode(range(from, to - from > MAX_EVENT_CHARS ? from + MAX_EVENT_CHARS : to)),
        );
        dataParser.push('\n\n');
        data = joined;
      }
      const idAt = slotNums[b + 6] as number;
      const id =
        idAt === -1 ? (slotIds[s] as string) : decodeRange(chunk, idAt, slotNums[b + 7] as number);
      const type = slotTypes[s] as string;
      // Release the page's strings now rather than when the slot is reused.
      slotTypes[s] = '';
      slotIds[s] = '';
      sink.sampled(type, data, id, slotNums[b + 5] === 1, slotNums[b + 4] as number);
    }
    slotNext = 0;
    slot = 0;
    events = 0;
    messages = 0;
    totalBytes = 0;
    others = null;
  }

  /** Keeps the bytes of the event (or line) in progress for the next chunk's samples. */
  function carryOver(u: Uint8Array): void {
    const n = u.length;
    const keep = evFrom !== -1 ? evFrom : lineLen > 0 ? lineStart : -1;
    if (keep === -1) {
      carryLen = 0;
      carryCut = false;
      return;
    }
    if (keep >= carryLen || !carryCut) {
      let len = carryLen + n - keep;
      if (len > MAX_EVENT_CHARS) len = MAX_EVENT_CHARS;
      let buf = carry;
      if (buf === null || buf.length < len) {
        const size = buf === null || buf.length * 2 < len ? len : buf.length * 2;
        buf = new bytes.U8(size < MAX_EVENT_CHARS ? size : MAX_EVENT_CHARS);
        if (carry !== null && keep < carryLen)
          apply(bytes.set, buf, [sub(carry, keep, carryLen), 0]);
      } else if (keep !== 0 && keep < carryLen) {
        apply(bytes.set, buf, [sub(buf, keep, carryLen), 0]);
      }
      const held = keep < carryLen ? carryLen - keep : 0;
      const from = keep < carryLen ? 0 : keep - carryLen;
      const take = len - held < n - from ? len - held : n - from;
      if (take > 0) apply(bytes.set, buf, [sub(u, from, from + take), held]);
      carryCut = held + (n - from) > len;
      carry = buf;
      carryLen = len;
    }
    lineStart -= keep;
    valueStart -= keep;
    if (evFrom !== -1) {
      evFrom -= keep;
      evValueFrom -= keep;
      evTo -= keep;
    }
  }

  /** A leading BOM (EF BB BF), split anywhere: returns where the stream's text starts. */
  function skipBom(u: Uint8Array): number {
    let i = 0;
    while (i < u.length && bom < 3) {
      const want = bom === 0 ? 0xef : bom === 1 ? 0xbb : 0xbf;
      if (u[i] !== want) {
        // Not a BOM after all: the bytes matched so far begin the first line (a field name that
        // is not ASCII, so the line is ignored).
        if (bom > 0) {
          kind = K_IGNORE;
          lineLen = bom;
          lineStart = 0;
        }
        bom = 3;
        return i;
      }
      bom++;
      i++;
    }
    return i;
  }

  /** Bytes [j, e) of an `event:`, `id:` or `retry:` value (rare next to data lines). */
  function valueBytes(u: Uint8Array, j: number, e: number): void {
    if (kind === K_RETRY) {
      for (; j < e; j++) {
        const b = u[j] as number;
        if (b < 48 || b > 57) valueOK = false;
        else retryValue = retryValue * 10 + (b - 48);
        valueLen++;
      }
      return;
    }
    for (; j < e; j++) {
      const b = u[j] as number;
      if (b === 0) valueOK = false;
      if (valueLen < VALUE_BYTES) value[valueLen] = b;
      valueLen++;
    }
  }

  /** After the chunk's last line end: report, and keep what the next chunk's samples need. */
  function chunkEnded(u: Uint8Array): void {
    if (slotNext !== 0) report();
    if (idFrom !== -1) {
      // Positions in this chunk mean nothing after it: the id as text, once per chunk.
      idText = decodeRange(u, idFrom, idTo);
      idFrom = -1;
    }
    carryOver(u);
    // The page's chunk (its buffer moves to the page's stream next) is not kept.
    chunk = idBytes;
    view = null;
  }

  /** The chunk's aligned words (`ByteNatives.words`), and the index of word 0's first byte. */
  let view: Uint32Array | null = null;
  let first = 0;

  /**
   * The first CR or LF of `u` at or after `e` (`n` if none): four bytes at a time from the first
   * whole word on (a word holding an LF or CR byte stops it), byte by byte before and after.
   * Words halve the search on long lines.
   */
  function lineEnd(u: Uint8Array, e: number, n: number): number {
    const words = view;
    let c = 0;
    if (words !== null && e + 8 < n) {
      const at = first;
      while (((e - at) & 3) !== 0) {
        c = u[e] as number;
        if (c === 10 || c === 13) return e;
        e++;
      }
      let k = (e - at) >> 2;
      const end = words.length;
      while (k < end) {
        const a = (words[k] as number) ^ 0x0a0a0a0a;
        const b = (words[k] as number) ^ 0x0d0d0d0d;
        // A zero byte in a or b (exact: no word without one passes).
        if ((((a - 0x01010101) & ~a) | ((b - 0x01010101) & ~b)) & 0x80808080) break;
        k++;
      }
      e = at + k * 4;
    }
    while (e < n) {
      c = u[e] as number;
      if (c === 10 || c === 13) return e;
      e++;
    }
    return n;
  }

  /** The starts of the last `samples` events of a `run` (positions in the chunk). */
  const runStarts = new natives.Float64Array(samples);

  /**
   * The commonest stream, one `data:` line and a blank line (LF) per event, from `i` while each
   * such event lies whole in the chunk: counted in locals, keeping only each event's start, and
   * the last `samples` of them put in the ring afterwards. V8 keeps the scanner's closure state
   * in memory across `dispatch()` calls; here the per-event work stays in registers. Returns
   * where the first event of another shape begins (the line loop takes it from there).
   */
  function run(u: Uint8Array, i: number, n: number): number {
    const starts = runStarts;
    let count = 0;
    let total = 0;
    let r = 0;
    while (
      i + 6 < n &&
      u[i] === 100 &&
      u[i + 1] === 97 &&
      u[i + 2] === 116 &&
      u[i + 3] === 97 &&
      u[i + 4] === 58
    ) {
      let v = i + 5;
      if (u[v] === 32) v++;
      const e = lineEnd(u, v, n);
      const c = e < n ? (u[e] as number) : 0;
      // Anything else (CR line ends, more lines, the event's end in the next chunk): not here.
      if (c !== 10 || e + 1 >= n || u[e + 1] !== 10) break;
      count++;
      total += e - v;
      starts[r] = i;
      r = r + 1 === samples ? 0 : r + 1;
      i = e + 2;
    }
    if (count !== 0) ran(u, count, total, r);
    return i;
  }

  /** Books a `run`'s `count` events as `dispatch` would have, one by one. */
  function ran(u: Uint8Array, count: number, total: number, r: number): void {
    events += count;
    messages += count;
    totalBytes += total;
    const k = count < samples ? count : samples;
    slotNext += count - k;
    slot = (slot + count - k) % samples;
    for (let j = 0; j < k; j++) {
      const start = runStarts[(r - k + j + samples) % samples] as number;
      let v = start + 5;
      if (u[v] === 32) v++;
      let e = v;
      while (u[e] !== 10) e++;
      const s = slot;
      slot = s + 1 === samples ? 0 : s + 1;
      slotNext++;
      slotTypes[s] = 'message';
      const b = s * SLOT;
      slotNums[b] = carryLen + start;
      slotNums[b + 1] = carryLen + v;
      slotNums[b + 2] = carryLen + e;
      slotNums[b + 3] = 1;
      slotNums[b + 4] = e - v;
      slotNums[b + 5] = 0;
      slotNums[b + 6] = idFrom;
      slotNums[b + 7] = idTo;
      if (idFrom === -1) slotIds[s] = idText;
    }
  }

  /** The hot loop: every line of the chunk from `i`. */
  function scan(u: Uint8Array, i: number): void {
    const n = u.length;
    const w = n >= 64 && bytes.words !== undefined ? bytes.words(u) : null;
    view = w === null ? null : w.view;
    first = w === null ? 0 : w.first;
    while (i < n) {
      let e = i;
      let c = 0;
      if (lineLen === 0) {
        if (!hasData && !idChanged && type === 'message') {
          i = run(u, i, n);
          if (i >= n) return;
          e = i;
        }
        lineStart = carryLen + i;
        // Fast path for the common line: `data:` with its end in this chunk.
        if (
          u[i] === 100 &&
          u[i + 1] === 97 &&
          u[i + 2] === 116 &&
          u[i + 3] === 97 &&
          u[i + 4] === 58 &&
          i + 5 < n
        ) {
          let v = i + 5;
          if (u[v] === 32) v++;
          e = lineEnd(u, v, n);
          if (e < n) {
            c = u[e] as number;
            if (!hasData) {
              hasData = true;
              evFrom = lineStart;
              evValueFrom = carryLen + v;
            } else dataBytes++;
            dataBytes += e - v;
            dataLines++;
            evTo = carryLen + e;
            if (c === 13) {
              if (e + 1 === n) pendingCR = true;
              else if (u[e + 1] === 10) e++;
            }
            i = e + 1;
            // A blank line next (the usual end of an event): dispatch.
            if (i < n && ((c = u[i] as number) === 10 || c === 13)) {
              dispatch();
              if (c === 13) {
                if (i + 1 === n) pendingCR = true;
                else if (u[i + 1] === 10) i++;
              }
              i++;
            }
            continue;
          }
          e = i;
        }
      }
      e = lineEnd(u, e, n);
      if (e < n) c = u[e] as number;
      lineLen += e - i;
      let j = i;
      if (kind === K_NAME) {
        while (j < e) {
          const b = u[j++] as number;
          if (b === 58) {
            kind = resolve();
            skipSpace = true;
            valueLen = 0;
            valueOK = true;
            retryValue = 0;
            valueStart = carryLen + j;
            break;
          }
          if (b < 128 && nameLen < 5) {
            name = name * 128 + b;
            nameLen++;
          } else nameLen = 9;
        }
      }
      if (skipSpace && j < e) {
        skipSpace = false;
        if (u[j] === 32) j++;
        valueStart = carryLen + j;
      }
      if (j < e) {
        if (kind === K_DATA || kind === K_IGNORE) valueLen += e - j;
        else valueBytes(u, j, e);
      }
      if (e === n) return;
      // A line end: CR, LF or CR LF (a CR last in the chunk may pair with an LF first in the next).
      lineEnded(carryLen + e);
      kind = K_NAME;
      name = 0;
      nameLen = 0;
      skipSpace = false;
      lineLen = 0;
      valueLen = 0;
      if (c === 13) {
        if (e + 1 === n) pendingCR = true;
        else if (u[e + 1] === 10) e++;
      }
      i = e + 1;
    }
  }

  return {
    push(u) {
      chunk = u;
      let i = 0;
      if (bom < 3) {
        i = skipBom(u);
        if (bom < 3) return;
      }
      if (pendingCR && i < u.length) {
        pendingCR = false;
        if (u[i] === 10) i++;
      }
      scan(u, i);
      chunkEnded(u);
    },
  };
}

import { describe, expect, test } from 'vitest';
import { MAX_LINE_CHARS, parseEventStream, type ParseState } from './event-stream-parser';

/** Parses `chunks` in order; returns every event and the final state. */
function parseAll(chunks: readonly string[], dataChars = 1_000) {
  let state: ParseState | null = null;
  const events = [];
  for (const chunk of chunks) {
    const out = parseEventStream(state, chunk, dataChars);
    state = out.state;
    events.push(...out.events);
  }
  return { events, state };
}

const STREAM =
  '\uFEFF: a comment\ndata: hello\n\nevent: update\nid: 7\ndata: a\ndata:b\n\n' +
  'event: ignored-no-data\n\ndata: x\r\n\r\nid: bad\0id\ndata: y\rretry: 100\r\r';

describe('event stream parser (network-only fetch and XHR streams)', () => {
  test('types, ids, multi-line data, comments, BOM, events without data, every line end', () => {
    const { events } = parseAll([STREAM]);
    expect(events).toEqual([
      { type: 'message', id: '', data: 'hello', size: 5, cut: false },
      { type: 'update', id: '7', data: 'a\nb', size: 3, cut: false },
      // `id` carries over; an id containing NUL is ignored; retry is not an event field.
      { type: 'message', id: '7', data: 'x', size: 1, cut: false },
      { type: 'message', id: '7', data: 'y', size: 1, cut: false },
    ]);
  });

  test('the same events whatever the chunk boundaries (CR at one chunk end, LF at the next)', () => {
    const whole = parseAll([STREAM]).events;
    for (let cut = 0; cut <= STREAM.length; cut++) {
      const { events } = parseAll([STREAM.slice(0, cut), STREAM.slice(cut)]);
      expect(events, `split at ${cut}`).toEqual(whole);
    }
    // One character at a time.
    expect(parseAll([...STREAM]).events).toEqual(whole);
  });

  test('a CRLF split across chunks ends one line, not two', () => {
    const { events } = parseAll(['data: a\r', '\ndata: b\r', '\n\r', '\n']);
    expect(events).toEqual([{ type: 'message', id: '', data: 'a\nb', size: 3, cut: false }]);
  });

  test('a BOM is dropped at the start of the stream only', () => {
    const { events } = parseAll(['data: a\n\n', '\uFEFFdata: b\n\n']);
    // Later, U+FEFF is part of the field name: `\uFEFFdata` is an unknown field, ignored.
    expect(events.map((e) => e.data)).toEqual(['a']);
  });

  test('bounded: data kept to dataChars with its full size, an endless line kept to MAX_LINE_CHARS', () => {
    const big = 'x'.repeat(5_000);
    const { events } = parseAll([`data: ${big}\n`, `data: ${big}\n\n`], 100);
    expect(events).toHaveLength(1);
    expect(events[0]?.data).toBe('x'.repeat(100));
    expect(events[0]?.size).toBe(10_001);
    expect(events[0]?.cut).toBe(true);

    const chunk = 'y'.repeat(40_000);
    let state: ParseState | null = parseEventStream(null, 'data: ', 100).state;
    for (let i = 0; i < 5; i++) state = parseEventStream(state, chunk, 100).state;
    expect(state.rest.length).toBe(MAX_LINE_CHARS);
    expect(state.restDropped).toBe(6 + 5 * 40_000 - MAX_LINE_CHARS);
    const end = parseEventStream(state, '\n\n', 100);
    expect(end.events).toEqual([
      { type: 'message', id: '', data: 'y'.repeat(100), size: 5 * 40_000, cut: true },
    ]);
    expect(end.state.rest).toBe('');
  });
});

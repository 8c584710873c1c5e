import { describe, expect, test } from 'vitest';
import { createSseParser, MAX_EVENT_CHARS } from './fetch-sse-parser';
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

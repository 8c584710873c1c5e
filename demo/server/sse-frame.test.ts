import { describe, expect, test } from 'vitest';
import { formatSseComment, formatSseEvent, formatSseRetry } from './sse-frame';
import { createSseParser } from './test-support/sse-parser';

describe('formatSseEvent', () => {
  test('writes event, id and data fields and ends with a blank line', () => {
    expect(formatSseEvent({ event: 'notification', id: 7, data: '{"a":1}' })).toBe(
      'event: notification\nid: 7\ndata: {"a":1}\n\n',
    );
  });

  test('omits event and id when not given, so the browser dispatches a plain message', () => {
    expect(formatSseEvent({ data: 'hi' })).toBe('data: hi\n\n');
  });

  test('splits multi-line data into data lines that a parser joins back', () => {
    const parser = createSseParser();
    parser.push(formatSseEvent({ data: 'one\ntwo\r\nthree' }));
    expect(parser.events[0]?.data).toBe('one\ntwo\nthree');
  });

  test('cannot be tricked into extra fields through line breaks in event or id', () => {
    const parser = createSseParser();
    parser.push(formatSseEvent({ event: 'x\ndata: injected', id: '1\nevent: evil', data: 'ok' }));
    expect(parser.events).toHaveLength(1);
    expect(parser.events[0]).toMatchObject({
      event: 'x data: injected',
      id: '1 event: evil',
      data: 'ok',
    });
  });
});

describe('comments and retry', () => {
  test('a comment is a single line that a parser does not dispatch', () => {
    const parser = createSseParser();
    parser.push(formatSseComment('hello\nworld'));
    expect(parser.events).toHaveLength(0);
    expect(parser.comments).toEqual(['hello world']);
  });

  test('retry is an integer number of milliseconds', () => {
    expect(formatSseRetry(3000.7)).toBe('retry: 3000\n\n');
  });
});

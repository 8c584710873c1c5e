import { describe, expect, test } from 'vitest';
import { createSseParser } from './sse-parser';

describe('createSseParser (test support)', () => {
  test('parses events split across arbitrary chunks', () => {
    const parser = createSseParser();
    for (const chunk of [
      'ret',
      'ry: 3000\n\n: hi\n\nev',
      'ent: a\nid: 1\nda',
      'ta: x\n',
      '\ndata: y\n\n',
    ])
      parser.push(chunk);
    expect(parser.retry).toBe(3000);
    expect(parser.comments).toEqual(['hi']);
    expect(parser.events).toEqual([
      { event: 'a', data: 'x', id: '1', lastEventId: '1' },
      { event: 'message', data: 'y', id: undefined, lastEventId: '1' },
    ]);
  });

  test('does not dispatch a block without data, like a browser', () => {
    const parser = createSseParser();
    parser.push('event: heartbeat\n\n');
    expect(parser.events).toEqual([]);
  });
});

import { describe, expect, test } from 'vitest';
import { normalizeEvent } from './normalize-event';

describe('normalizeEvent', () => {
  test('a JSON message with a string type is delivered under that type', () => {
    const event = normalizeEvent(
      { type: 'message', data: '{"type":"order.created","id":7}', lastEventId: '42' },
      1000,
    );
    expect(event).toEqual({
      type: 'order.created',
      data: { type: 'order.created', id: 7 },
      id: '42',
      event: 'message',
      receivedAt: 1000,
    });
  });

  test('a JSON message without a type keeps the message type and parsed data', () => {
    expect(normalizeEvent({ type: 'message', data: '{"a":1}' }, 5)).toMatchObject({
      type: 'message',
      data: { a: 1 },
      id: null,
    });
  });

  test('a named event keeps its name even when the payload has a type', () => {
    const event = normalizeEvent(
      { type: 'order', data: '{"type":"other","n":1}', lastEventId: '' },
      9,
    );
    expect(event).toMatchObject({
      type: 'order',
      event: 'order',
      data: { type: 'other', n: 1 },
      id: null,
    });
  });

  test('non-JSON data is delivered as the string', () => {
    expect(normalizeEvent({ type: 'message', data: 'hello world' }, 1)).toMatchObject({
      type: 'message',
      data: 'hello world',
    });
    expect(normalizeEvent({ type: 'ping', data: 'not {json' }, 1)).toMatchObject({
      type: 'ping',
      data: 'not {json',
    });
  });

  test('JSON scalars and arrays are parsed but never used as a type', () => {
    expect(normalizeEvent({ type: 'message', data: '[{"type":"x"}]' }, 1)).toMatchObject({
      type: 'message',
      data: [{ type: 'x' }],
    });
    expect(normalizeEvent({ type: 'message', data: '3' }, 1)).toMatchObject({
      type: 'message',
      data: 3,
    });
  });

  test('a non-string or empty type in the payload falls back to the event name', () => {
    expect(normalizeEvent({ type: 'message', data: '{"type":5}' }, 1).type).toBe('message');
    expect(normalizeEvent({ type: 'message', data: '{"type":""}' }, 1).type).toBe('message');
  });

  test('a missing event name means message', () => {
    expect(normalizeEvent({ data: 'x' }, 1)).toMatchObject({ type: 'message', event: 'message' });
  });
});

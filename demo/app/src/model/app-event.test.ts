import { describe, expect, test } from 'vitest';
import { MAX_TEXT, describeAppEvent, toAppEvent } from './app-event';

const order = {
  id: 'ord-1',
  customer: 'Ada',
  amount: 12,
  status: 'paid',
  createdAt: 'a',
  updatedAt: 'b',
};
const at = { id: '7', receivedAt: 1000 };

describe('toAppEvent', () => {
  test('reads order events from JSON message payloads', () => {
    expect(
      toAppEvent({ type: 'order.created', data: { type: 'order.created', order }, ...at }),
    ).toEqual({
      kind: 'order.created',
      order,
      ...at,
    });
  });

  test('reads notifications and caps their text', () => {
    const event = toAppEvent({
      type: 'notification',
      data: {
        type: 'notification',
        level: 'warning',
        text: 'x'.repeat(MAX_TEXT + 10),
        orderId: 'ord-1',
      },
      ...at,
    });
    expect(event).toMatchObject({ kind: 'notification', level: 'warning', orderId: 'ord-1' });
    expect(event?.kind === 'notification' && event.text.length).toBe(MAX_TEXT);
  });

  test('an unknown level is shown as info', () => {
    expect(
      toAppEvent({ type: 'notification', data: { text: 'hi', level: '<script>' }, ...at }),
    ).toMatchObject({ level: 'info' });
  });

  test('ignores control events and malformed payloads', () => {
    expect(toAppEvent({ type: 'ready', data: { type: 'ready', streamId: 1 }, ...at })).toBeNull();
    expect(toAppEvent({ type: 'heartbeat', data: { type: 'heartbeat' }, ...at })).toBeNull();
    expect(toAppEvent({ type: 'order.created', data: { order: { id: 1 } }, ...at })).toBeNull();
    expect(toAppEvent({ type: 'order.created', data: 'not json', ...at })).toBeNull();
    expect(toAppEvent({ type: 'notification', data: { text: 42 }, ...at })).toBeNull();
  });
});

test('describeAppEvent summarises orders and repeats notification text', () => {
  expect(
    describeAppEvent({
      kind: 'order.updated',
      order: { ...order, status: 'paid' } as never,
      ...at,
    }),
  ).toBe('ord-1 · Ada · paid');
  expect(
    describeAppEvent({ kind: 'notification', level: 'info', text: 'hello', orderId: null, ...at }),
  ).toBe('hello');
});

import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createDemoServer, type DemoServer, type Order } from './index';
import { callJson, openSse, type SseTestConnection } from './test-support/sse-test-client';

let server: DemoServer;
let streams: SseTestConnection[] = [];

beforeEach(async () => {
  server = await createDemoServer({
    heartbeatMs: 0,
    seedOrders: [{ customer: 'Ada', amount: 10 }],
    now: () => Date.UTC(2026, 0, 1),
  });
  streams = await Promise.all(
    ['tok-one', 'tok-two'].map((token) => openSse(`${server.url}/v1/events/sse?token=${token}`)),
  );
  await Promise.all(streams.map((s) => s.waitForEvent((e) => e.event === 'ready', 'ready')));
});

afterEach(async () => {
  for (const s of streams) s.close();
  await server.close();
});

/** Waits until both streams got `count` id'd events and returns the first stream's, parsed. */
async function eventsOnBothStreams(
  count: number,
): Promise<{ event: string; id: string | undefined; payload: unknown }[]> {
  await Promise.all(
    streams.map((s) =>
      s.waitFor(
        (c) => c.events.filter((e) => e.id !== undefined).length >= count,
        `${count} events`,
      ),
    ),
  );
  const [first, second] = streams.map((s) =>
    s.events
      .filter((e) => e.id !== undefined)
      .map((e) => ({ event: e.event, id: e.id, payload: JSON.parse(e.data) as unknown })),
  );
  expect(second).toEqual(first);
  return first ?? [];
}

describe('orders API', () => {
  test('lists the seeded orders', async () => {
    const response = await callJson<{ orders: Order[] }>(server.url, 'GET', '/v1/orders');
    expect(response.status).toBe(200);
    expect(response.body.orders).toEqual([
      expect.objectContaining({ id: 'ord-1', customer: 'Ada', amount: 10, status: 'new' }),
    ]);
  });

  test('broadcasts a create to every stream as an order.created message and a notification', async () => {
    const created = await callJson<{ order: Order }>(server.url, 'POST', '/v1/orders', {
      customer: 'Bob',
      amount: 25,
    });
    expect(created.status).toBe(201);
    expect(created.body.order).toMatchObject({
      id: 'ord-2',
      customer: 'Bob',
      amount: 25,
      status: 'new',
    });
    expect(await eventsOnBothStreams(2)).toEqual([
      { event: 'message', id: '1', payload: { type: 'order.created', order: created.body.order } },
      {
        event: 'notification',
        id: '2',
        payload: {
          type: 'notification',
          level: 'info',
          text: 'New order ord-2 from Bob: 25.00',
          orderId: 'ord-2',
        },
      },
    ]);
  });

  test('broadcasts an update with what changed', async () => {
    const updated = await callJson<{ order: Order }>(server.url, 'PATCH', '/v1/orders/ord-1', {
      status: 'paid',
      amount: 12,
    });
    expect(updated.status).toBe(200);
    expect(updated.body.order).toMatchObject({ status: 'paid', amount: 12 });
    const [message, notification] = await eventsOnBothStreams(2);
    expect(message?.payload).toEqual({
      type: 'order.updated',
      order: updated.body.order,
      changes: { amount: { from: 10, to: 12 }, status: { from: 'new', to: 'paid' } },
    });
    expect(notification?.payload).toMatchObject({
      type: 'notification',
      text: 'Order ord-1 updated: amount 10 → 12, status new → paid',
    });
  });

  test('broadcasts a delete and forgets the order', async () => {
    const deleted = await callJson<{ order: Order }>(server.url, 'DELETE', '/v1/orders/ord-1');
    expect(deleted.status).toBe(200);
    const [message, notification] = await eventsOnBothStreams(2);
    expect(message?.payload).toEqual({ type: 'order.deleted', order: deleted.body.order });
    expect(notification?.payload).toMatchObject({
      type: 'notification',
      level: 'warning',
      orderId: 'ord-1',
    });
    expect((await callJson(server.url, 'GET', '/v1/orders/ord-1')).status).toBe(404);
  });

  test.each([
    ['POST', '/v1/orders', { customer: '', amount: 1 }, 400, '"customer"'],
    ['POST', '/v1/orders', { customer: 'Bob' }, 400, '"amount"'],
    ['PATCH', '/v1/orders/ord-1', { status: 'teleported' }, 400, '"status"'],
    ['PATCH', '/v1/orders/ord-404', { status: 'paid' }, 404, 'no order "ord-404"'],
    ['DELETE', '/v1/orders/ord-404', undefined, 404, 'no order "ord-404"'],
  ])('%s %s %j → %i without broadcasting anything', async (method, path, body, status, message) => {
    const response = await callJson(server.url, method, path, body);
    expect(response.status).toBe(status);
    expect(response.body).toEqual({ error: expect.stringContaining(message) });
    expect(server.stats().lastEventId).toBe(0);
  });
});

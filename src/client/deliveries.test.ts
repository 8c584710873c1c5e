import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { createDeliveryLedger, DELIVERY_LIMITS } from './deliveries';
import { createSSEClient } from './sse-client';
import {
  createFakeEventSource,
  createFakeLifecycle,
  createFakeOnline,
  type FakeEventSourceKit,
} from './testing/fake-event-source';
import type { SSEClient, SSEEvent } from './types';

let fake: FakeEventSourceKit;
const clients: SSEClient[] = [];

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
  fake = createFakeEventSource();
});

afterEach(() => {
  for (const client of clients.splice(0)) client.dispose();
  vi.useRealTimers();
});

function makeClient(): SSEClient {
  const client = createSSEClient({
    url: '/v1/events/sse',
    EventSource: fake.EventSource,
    random: () => 0.5,
    debug: false,
    logger: () => undefined,
    online: createFakeOnline(true),
    lifecycle: createFakeLifecycle(),
    events: ['heartbeat'],
  });
  clients.push(client);
  return client;
}

const order = (n: number): string => JSON.stringify({ type: 'order.updated', n });

function byName(client: SSEClient, name: string) {
  const entry = client.debug().deliveries.subscribers.find((s) => s.name === name);
  if (entry === undefined) throw new Error(`no delivery entry named ${name}`);
  return entry;
}

describe('deliveries per subscriber, through the client', () => {
  test('every named subscriber is counted once per event, with no duplicates or misses', () => {
    const client = makeClient();
    client.subscribe(() => undefined, { name: 'table' });
    client.subscribe(() => undefined, { name: 'badge' });
    fake.latest().simulateOpen();
    for (let n = 1; n <= 3; n++) fake.latest().simulateMessage(order(n), { lastEventId: `${n}` });

    const deliveries = client.debug().deliveries;
    expect(deliveries).toMatchObject({ received: 3, duplicates: 0, missed: 0, untracked: 0 });
    for (const name of ['table', 'badge']) {
      expect(byName(client, name)).toMatchObject({
        active: true,
        expected: 3,
        delivered: 3,
        duplicates: 0,
        missed: 0,
        unchecked: 0,
      });
    }
    // Plain JSON: it travels through the page hook's debug poll to the panel.
    expect(JSON.parse(JSON.stringify(deliveries))).toEqual(deliveries);
  });

  test('an event id replayed after a reconnect is a duplicate for each subscriber', () => {
    const client = makeClient();
    client.subscribe(() => undefined, { name: 'table' });
    fake.latest().simulateOpen();
    fake.latest().simulateMessage(order(1), { lastEventId: '1' });
    fake.latest().simulateMessage(order(2), { lastEventId: '2' });
    fake.latest().simulateError('transient');
    vi.runOnlyPendingTimers();
    // A server that replays from the last id inclusive sends event 2 again.
    fake.latest().simulateOpen();
    fake.latest().simulateMessage(order(2), { lastEventId: '2' });
    fake.latest().simulateMessage(order(3), { lastEventId: '3' });

    expect(byName(client, 'table')).toMatchObject({ delivered: 4, duplicates: 1, missed: 0 });
    expect(client.debug().deliveries.duplicates).toBe(1);
  });

  test('events without an id of their own (the browser repeats the last id) are not duplicates', () => {
    const client = makeClient();
    client.subscribe(() => undefined, { name: 'table' });
    fake.latest().simulateOpen();
    fake.latest().simulateMessage(order(1), { lastEventId: '7' });
    fake.latest().simulateMessage('{}', { event: 'heartbeat', lastEventId: '7' });
    fake.latest().simulateMessage('{}', { event: 'heartbeat', lastEventId: '7' });
    expect(byName(client, 'table')).toMatchObject({ delivered: 3, duplicates: 0, unchecked: 2 });
  });

  test('a subscriber for some types gets and expects only those', () => {
    const client = makeClient();
    const got: string[] = [];
    client.subscribe((event) => got.push(event.type), {
      name: 'orders',
      types: ['order.updated'],
    });
    fake.latest().simulateOpen();
    fake.latest().simulateMessage('{}', { event: 'heartbeat' });
    fake.latest().simulateMessage(order(1), { lastEventId: '1' });
    expect(got).toEqual(['order.updated']);
    expect(byName(client, 'orders')).toMatchObject({
      types: ['order.updated'],
      expected: 1,
      delivered: 1,
      missed: 0,
    });
  });

  test('a subscriber removed by another during a delivery is not counted as missing it', () => {
    const client = makeClient();
    let stopLater = (): void => undefined;
    client.subscribe(() => stopLater(), { name: 'first' });
    stopLater = client.subscribe(() => undefined, { name: 'second' });
    client.subscribe(() => undefined, { name: 'third' });
    fake.latest().simulateMessage(order(1), { lastEventId: '1' });

    expect(byName(client, 'second')).toMatchObject({ active: false, expected: 0, missed: 0 });
    expect(byName(client, 'third')).toMatchObject({ expected: 1, delivered: 1 });
    expect(client.debug().deliveries.missed).toBe(0);
  });

  test('a throwing subscriber still counts as delivered, with the error beside it', () => {
    const client = makeClient();
    client.subscribe(
      () => {
        throw new Error('boom');
      },
      { name: 'broken' },
    );
    fake.latest().simulateMessage(order(1), { lastEventId: '1' });
    expect(byName(client, 'broken')).toMatchObject({ delivered: 1, missed: 0, errors: 1 });
  });

  test('publish() is accounted like a stream event, by the id the event carries', () => {
    const client = makeClient();
    client.subscribe(() => undefined, { name: 'local' });
    const event: SSEEvent = { type: 'local', data: 1, id: 'a', event: 'message', receivedAt: 5 };
    client.publish(event);
    client.publish(event);
    expect(byName(client, 'local')).toMatchObject({ expected: 2, delivered: 2, duplicates: 1 });
  });

  test('unnamed subscribers are numbered in subscription order', () => {
    const client = makeClient();
    client.subscribe(() => undefined);
    client.subscribe(() => undefined);
    expect(client.debug().deliveries.subscribers.map((s) => s.name)).toEqual([
      'subscriber#1',
      'subscriber#2',
    ]);
  });
});

describe('the delivery ledger', () => {
  const now = () => 0;

  test('an event received but never handed to a subscriber is a miss', () => {
    const ledger = createDeliveryLedger(now);
    const entry = ledger.track('dashboard', undefined);
    ledger.received('order.updated');
    ledger.settled();
    expect(ledger.snapshot()).toMatchObject({ received: 1, missed: 1 });
    expect(entry).toMatchObject({ expected: 1, delivered: 0 });
  });

  test('tracks at most maxTracked live subscribers; the rest are counted as untracked', () => {
    const ledger = createDeliveryLedger(now);
    const entries = Array.from({ length: DELIVERY_LIMITS.maxTracked + 3 }, (_, i) =>
      ledger.track(`s${i}`, undefined),
    );
    expect(entries.filter((e) => e === null)).toHaveLength(3);
    expect(ledger.snapshot().subscribers).toHaveLength(DELIVERY_LIMITS.maxTracked);
    expect(ledger.snapshot().untracked).toBe(3);
    ledger.untrack(null);
    expect(ledger.snapshot().untracked).toBe(2);
  });

  test('keeps only the last maxEnded unsubscribed entries', () => {
    const ledger = createDeliveryLedger(now);
    for (let i = 0; i < DELIVERY_LIMITS.maxEnded + 5; i++)
      ledger.untrack(ledger.track(`gone${i}`, undefined));
    const names = ledger.snapshot().subscribers.map((s) => s.name);
    expect(names).toHaveLength(DELIVERY_LIMITS.maxEnded);
    expect(names.at(-1)).toBe(`gone${DELIVERY_LIMITS.maxEnded + 4}`);
  });

  test('remembers the last idMemory ids per subscriber: older ones can no longer be flagged', () => {
    const limits = { ...DELIVERY_LIMITS, idMemory: 3 };
    const ledger = createDeliveryLedger(now, limits);
    const entry = ledger.track('s', undefined);
    for (const id of ['1', '2', '3', '3', '4', '1']) {
      ledger.received('x');
      ledger.delivered(entry, id);
    }
    // '3' repeated within memory is caught; '1' came back after it was forgotten.
    expect(entry).toMatchObject({ delivered: 6, duplicates: 1 });
    expect(entry?.ids.size).toBe(3);
  });
});

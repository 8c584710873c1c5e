import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { createReconnectingPort, type LinkStatus } from './reconnecting-port';
import { createFakeConnector } from './testing/fake-port';
import { defaultTimers } from '../shared/timers';

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

function setup(overrides: Partial<Parameters<typeof createReconnectingPort>[0]> = {}) {
  const received: unknown[] = [];
  const statuses: LinkStatus[] = [];
  const connector = createFakeConnector();
  const context = { valid: true };
  const onConnect = vi.fn();
  const onContextInvalidated = vi.fn();
  const port = createReconnectingPort({
    name: 'relay',
    connect: (name) => connector.connect(name),
    isContextValid: () => context.valid,
    onMessage: (m) => received.push(m),
    onConnect,
    onStatus: (s) => statuses.push(s),
    onContextInvalidated,
    timers: defaultTimers,
    random: () => 1, // no jitter: delays are exactly the doubling sequence
    now: () => Date.now(),
    ...overrides,
  });
  return { port, connector, received, statuses, context, onConnect, onContextInvalidated };
}

describe('createReconnectingPort', () => {
  test('connects at once and calls onConnect', () => {
    const { port, connector, onConnect, statuses } = setup();
    expect(connector.clients).toHaveLength(1);
    expect(connector.clients[0]?.name).toBe('relay');
    expect(onConnect).toHaveBeenCalledTimes(1);
    expect(port.status).toBe('connected');
    expect(statuses).toEqual(['connected']);
  });

  test('delivers incoming messages and sends outgoing ones', () => {
    const { port, connector, received } = setup();
    connector.lastServer?.postMessage({ hello: 1 });
    expect(port.postMessage({ out: 1 })).toBe(true);
    expect(received).toEqual([{ hello: 1 }]);
    expect(connector.clients[0]?.sent).toEqual([{ out: 1 }]);
  });

  test('reconnects after the other end goes away and calls onConnect again', () => {
    const { port, connector, onConnect, statuses } = setup();
    connector.lastServer?.simulateDisconnect();
    expect(port.status).toBe('reconnecting');
    vi.advanceTimersByTime(99);
    expect(connector.clients).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(connector.clients).toHaveLength(2);
    expect(onConnect).toHaveBeenCalledTimes(2);
    expect(statuses).toEqual(['connected', 'reconnecting', 'connected']);
    expect(port.stats().reconnects).toBe(1);
  });

  test('backs off doubling up to the cap while connecting keeps failing', () => {
    const { connector } = setup();
    connector.failWith = new Error('Could not establish connection. Receiving end does not exist.');
    connector.lastServer?.simulateDisconnect();
    const delays: number[] = [];
    let last = Date.now();
    for (let i = 0; i < 10; i++) {
      // Step 1 ms at a time until the next attempt happens, to measure each delay.
      const spy = vi.spyOn(connector, 'connect');
      while (spy.mock.calls.length === 0) vi.advanceTimersByTime(1);
      spy.mockRestore();
      delays.push(Date.now() - last);
      last = Date.now();
    }
    expect(delays).toEqual([100, 200, 400, 800, 1600, 3200, 5000, 5000, 5000, 5000]);
  });

  test('a connection that lived long enough resets the backoff', () => {
    const { connector } = setup();
    connector.failWith = new Error('Receiving end does not exist.');
    connector.lastServer?.simulateDisconnect();
    vi.advanceTimersByTime(100 + 200 + 400); // three failed attempts
    connector.failWith = undefined;
    vi.advanceTimersByTime(800);
    expect(connector.clients).toHaveLength(2);
    vi.advanceTimersByTime(2000); // stable
    connector.lastServer?.simulateDisconnect();
    vi.advanceTimersByTime(100);
    expect(connector.clients).toHaveLength(3);
  });

  test('queues while disconnected and flushes in order after onConnect', () => {
    const order: unknown[] = [];
    const { port, connector } = setup({ onConnect: (send) => send({ attach: true }) });
    connector.lastServer?.simulateDisconnect();
    port.postMessage({ n: 1 });
    port.postMessage({ n: 2 });
    expect(port.stats().queued).toBe(2);
    vi.advanceTimersByTime(100);
    order.push(...(connector.clients[1]?.sent ?? []));
    expect(order).toEqual([{ attach: true }, { n: 1 }, { n: 2 }]);
    expect(port.stats().queued).toBe(0);
  });

  test('keeps the queue bounded and counts what overflows (oldest dropped)', () => {
    const { port, connector } = setup({ maxQueue: 3, onConnect: undefined });
    connector.lastServer?.simulateDisconnect();
    for (let n = 1; n <= 10; n++) port.postMessage({ n });
    expect(port.stats()).toMatchObject({ queued: 3, overflowed: 7 });
    vi.advanceTimersByTime(100);
    expect(connector.clients[1]?.sent).toEqual([{ n: 8 }, { n: 9 }, { n: 10 }]);
  });

  test('a post that throws on a dead port is queued and triggers a reconnect', () => {
    const { port, connector } = setup({ onConnect: undefined });
    const client = connector.clients[0]!;
    // The port died but onDisconnect has not been delivered yet.
    vi.spyOn(client, 'postMessage').mockImplementation(() => {
      throw new Error('Attempting to use a disconnected port object');
    });
    expect(port.postMessage({ n: 1 })).toBe(false);
    expect(port.status).toBe('reconnecting');
    vi.advanceTimersByTime(100);
    expect(connector.clients[1]?.sent).toEqual([{ n: 1 }]);
  });

  test('stops forever when the extension context is invalidated on disconnect', () => {
    const { port, connector, context, onContextInvalidated } = setup();
    context.valid = false;
    connector.lastServer?.simulateDisconnect();
    vi.advanceTimersByTime(60_000);
    expect(connector.clients).toHaveLength(1);
    expect(port.status).toBe('closed');
    expect(onContextInvalidated).toHaveBeenCalledTimes(1);
    expect(port.postMessage({ late: true })).toBe(false);
  });

  test('stops forever when connect throws "Extension context invalidated"', () => {
    const { port, connector, onContextInvalidated } = setup();
    connector.failWith = new Error('Extension context invalidated.');
    connector.lastServer?.simulateDisconnect();
    vi.advanceTimersByTime(100);
    vi.advanceTimersByTime(60_000);
    expect(port.status).toBe('closed');
    expect(onContextInvalidated).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  test('stops forever when posting throws "Extension context invalidated"', () => {
    const { port, connector, onContextInvalidated } = setup();
    vi.spyOn(connector.clients[0]!, 'postMessage').mockImplementation(() => {
      throw new Error('Extension context invalidated.');
    });
    port.postMessage({ n: 1 });
    expect(port.status).toBe('closed');
    expect(onContextInvalidated).toHaveBeenCalledTimes(1);
  });

  test('never connects when the context is already gone at start', () => {
    const connector = createFakeConnector();
    const onContextInvalidated = vi.fn();
    const port = createReconnectingPort({
      name: 'relay',
      connect: (name) => connector.connect(name),
      isContextValid: () => false,
      onMessage: () => undefined,
      onContextInvalidated,
    });
    expect(connector.clients).toHaveLength(0);
    expect(port.status).toBe('closed');
    expect(onContextInvalidated).toHaveBeenCalledTimes(1);
  });

  test('suspend disconnects without reconnecting; resume connects at once', () => {
    const { port, connector, onConnect } = setup();
    port.suspend();
    expect(connector.clients[0]?.connected).toBe(false);
    vi.advanceTimersByTime(60_000);
    expect(connector.clients).toHaveLength(1);
    expect(port.status).toBe('suspended');
    port.resume();
    expect(connector.clients).toHaveLength(2);
    expect(onConnect).toHaveBeenCalledTimes(2);
  });

  test('close stops reconnecting and cancels the pending timer', () => {
    const { port, connector, onContextInvalidated } = setup();
    connector.lastServer?.simulateDisconnect();
    port.close();
    vi.advanceTimersByTime(60_000);
    expect(connector.clients).toHaveLength(1);
    expect(port.status).toBe('closed');
    expect(onContextInvalidated).not.toHaveBeenCalled();
  });
});

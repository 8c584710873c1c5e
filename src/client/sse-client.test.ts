import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { createSSEClient } from './sse-client';
import {
  createFakeAuth,
  createFakeEventSource,
  createFakeLifecycle,
  createFakeOnline,
  createRecordingLogger,
  type FakeEventSourceKit,
} from './testing/fake-event-source';
import type { SSEClient, SSEClientOptions, SSEEvent } from './types';

let fake: FakeEventSourceKit;
let logger: ReturnType<typeof createRecordingLogger>;
let online: ReturnType<typeof createFakeOnline>;
let lifecycle: ReturnType<typeof createFakeLifecycle>;
const clients: SSEClient[] = [];

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
  fake = createFakeEventSource();
  logger = createRecordingLogger();
  online = createFakeOnline(true);
  lifecycle = createFakeLifecycle();
});

afterEach(() => {
  for (const client of clients.splice(0)) client.dispose();
  vi.useRealTimers();
});

/** random() = 0.5 gives backoff delays 750, 1500, 3000, 6000, ... ms. */
function makeClient(overrides: Partial<SSEClientOptions> = {}): SSEClient {
  const client = createSSEClient({
    url: '/v1/events/sse',
    EventSource: fake.EventSource,
    random: () => 0.5,
    debug: true,
    logger: logger.log,
    online,
    lifecycle,
    ...overrides,
  });
  clients.push(client);
  return client;
}

function messagesContaining(text: string): string[] {
  return logger.messages().filter((message) => message.includes(text));
}

/**
 * Invariant checks for loops of thousands of steps. A vitest `expect` costs tens of microseconds,
 * so 60 000 of them made a storm take seconds and time out on a loaded machine. Every step is
 * still checked; the test then fails listing the first broken steps.
 */
function createStepChecks() {
  const broken: string[] = [];
  return {
    equal(step: number, what: string, actual: unknown, expected: unknown): void {
      if (!Object.is(actual, expected))
        broken.push(`step ${step}: ${what} was ${String(actual)}, expected ${String(expected)}`);
    },
    firstBroken: () => broken.slice(0, 10),
  };
}

describe('1. connect() is idempotent', () => {
  test('many connect() calls while connecting create one EventSource', () => {
    const client = makeClient();
    for (let i = 0; i < 5; i++) client.connect();
    expect(fake.instances).toHaveLength(1);
    expect(client.debug().connects).toBe(1);
  });

  test('many connect() calls while open create one EventSource', () => {
    const client = makeClient();
    client.connect();
    fake.latest().simulateOpen();
    for (let i = 0; i < 5; i++) client.connect();
    expect(fake.instances).toHaveLength(1);
    expect(client.status).toBe('open');
  });

  test('an ignored connect() is logged with a stack snapshot in dev', () => {
    const client = makeClient();
    client.connect();
    client.connect();
    const ignored = logger.lines.filter((line) =>
      line.message.includes('connect() ignored: already active'),
    );
    expect(ignored).toHaveLength(1);
    expect((ignored[0]?.details as { stack?: string }).stack).toMatch(/connect\(\) call site/);
  });

  test('connect() while a reconnect is pending waits for it instead of connecting now', () => {
    const client = makeClient();
    client.connect();
    fake.latest().simulateError();
    client.connect();
    expect(fake.instances).toHaveLength(1);
    expect(client.debug().timers).toBe(1);
    expect(messagesContaining('connect() ignored: reconnect already scheduled')).toHaveLength(1);
  });

  test('connect(true) closes the old EventSource before constructing the new one', () => {
    const client = makeClient();
    client.connect();
    const first = fake.latest();
    client.connect(true);
    expect(fake.instances).toHaveLength(2);
    expect(first.closed).toBe(true);
    expect(fake.live()).toEqual([fake.latest()]);
    expect(fake.maxLiveAtConstruction()).toBe(1);
  });

  test('connect(true) replaces the connection even when close() throws', () => {
    const client = makeClient();
    client.connect();
    fake.throwOnClose(true);
    client.connect(true);
    expect(fake.instances).toHaveLength(2);
    expect(client.debug().hasES).toBe(true);
    expect(messagesContaining('close() threw')).toHaveLength(1);
  });

  test('connect(true) cancels a pending reconnect timer', () => {
    const client = makeClient({ heartbeatTimeoutMs: 0 });
    client.connect();
    fake.latest().simulateError();
    client.connect(true);
    expect(client.debug().timers).toBe(0);
    vi.advanceTimersByTime(60_000);
    expect(fake.instances).toHaveLength(2);
  });
});

describe('2. the client owns reconnection', () => {
  test('an error closes the EventSource and schedules exactly one timer, synchronously', () => {
    const client = makeClient();
    client.connect();
    const es = fake.latest();
    es.simulateOpen();
    es.simulateError();
    expect(es.closed).toBe(true);
    expect(client.debug().timers).toBe(1);
    expect(vi.getTimerCount()).toBe(1);
    expect(client.status).toBe('reconnecting');
  });

  test('reconnects after the backoff delay, growing exponentially', () => {
    const client = makeClient();
    client.connect();
    const delays = [750, 1500, 3000, 6000];
    for (const [i, delay] of delays.entries()) {
      fake.latest().simulateError();
      vi.advanceTimersByTime(delay - 1);
      expect(fake.instances).toHaveLength(i + 1);
      vi.advanceTimersByTime(1);
      expect(fake.instances).toHaveLength(i + 2);
    }
    expect(messagesContaining('[SSE] reconnect in 6000ms')).toHaveLength(1);
  });

  test('the delay is capped at backoff.maxMs', () => {
    const client = makeClient({
      backoff: { initialMs: 1000, maxMs: 4000 },
      random: () => 0.999_999,
    });
    client.connect();
    for (let i = 0; i < 8; i++) {
      fake.latest().simulateError();
      vi.advanceTimersByTime(4000);
    }
    expect(messagesContaining('[SSE] reconnect in 4000ms').length).toBeGreaterThan(4);
    expect(logger.messages().some((message) => /reconnect in (\d{5,})ms/.test(message))).toBe(
      false,
    );
  });

  test('a second error from the same EventSource adds no timer', () => {
    const client = makeClient();
    client.connect();
    const es = fake.latest();
    es.simulateError();
    es.simulateError();
    es.simulateError('terminal');
    expect(client.debug().timers).toBe(1);
    expect(vi.getTimerCount()).toBe(1);
    expect(messagesContaining('reconnect timer already scheduled')).toHaveLength(2);
  });

  test('a late error from a replaced EventSource is ignored', () => {
    const client = makeClient();
    client.connect();
    const old = fake.latest();
    old.simulateError();
    vi.advanceTimersByTime(750);
    const current = fake.latest();
    current.simulateOpen();
    old.simulateError();
    expect(client.status).toBe('open');
    expect(current.closed).toBe(false);
    expect(client.debug().timers).toBe(0);
    expect(client.debug().transientErrors).toBe(1);
  });

  test('reconnect() while a timer is pending adds no timer', () => {
    const client = makeClient();
    client.connect();
    fake.latest().simulateError();
    client.reconnect('manual');
    client.reconnect('manual again');
    expect(client.debug().timers).toBe(1);
    expect(vi.getTimerCount()).toBe(1);
    expect(messagesContaining('reconnect timer already scheduled')).toHaveLength(2);
  });

  test('attempts reset after the connection stayed open stableAfterMs', () => {
    const client = makeClient({ stableAfterMs: 5000 });
    client.connect();
    fake.latest().simulateError();
    vi.advanceTimersByTime(750);
    fake.latest().simulateError();
    vi.advanceTimersByTime(1500);
    expect(client.debug().attempts).toBe(2);
    fake.latest().simulateOpen();
    vi.advanceTimersByTime(5000);
    expect(client.debug().attempts).toBe(0);
    fake.latest().simulateError();
    expect(messagesContaining('[SSE] reconnect in 750ms')).toHaveLength(2);
  });

  test('a connection that drops before stableAfterMs keeps growing the backoff', () => {
    const client = makeClient({ stableAfterMs: 5000 });
    client.connect();
    fake.latest().simulateError();
    vi.advanceTimersByTime(750);
    fake.latest().simulateOpen();
    vi.advanceTimersByTime(4999);
    fake.latest().simulateError();
    expect(messagesContaining('[SSE] reconnect in 1500ms')).toHaveLength(1);
  });

  test('disconnect() clears every timer and nothing reconnects after it', () => {
    const client = makeClient({ heartbeatTimeoutMs: 45_000 });
    const unsubscribe = client.subscribe(() => undefined);
    fake.latest().simulateError();
    unsubscribe();
    client.disconnect();
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(3_600_000);
    expect(fake.instances).toHaveLength(1);
    expect(client.status).toBe('disconnected');
    expect(client.debug()).toMatchObject({
      hasES: false,
      timers: 0,
      graceTimer: false,
      watchdog: false,
    });
  });

  test('disconnect() closes an open connection', () => {
    const client = makeClient();
    client.connect();
    fake.latest().simulateOpen();
    client.disconnect();
    expect(fake.live()).toHaveLength(0);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('3. transient and terminal failures are told apart', () => {
  test('an error while CONNECTING is transient', () => {
    const client = makeClient();
    client.connect();
    fake.latest().simulateError('transient');
    expect(client.debug()).toMatchObject({
      lastError: { at: 1_000_000, kind: 'transient' },
      lastErrorAt: 1_000_000,
      transientErrors: 1,
      terminalErrors: 0,
    });
    expect(
      logger.lines.find((line) => line.message.startsWith('[SSE] error'))?.details,
    ).toMatchObject({
      kind: 'transient',
      readyState: 0,
    });
  });

  test('an error while CLOSED is terminal, and status listeners hear about it', () => {
    const client = makeClient();
    const heard: unknown[] = [];
    client.onStatus((status, lastError) => heard.push([status, lastError?.kind]));
    client.connect();
    fake.latest().simulateError('terminal');
    expect(client.debug()).toMatchObject({
      transientErrors: 0,
      terminalErrors: 1,
      lastError: { kind: 'terminal' },
    });
    expect(client.lastError?.kind).toBe('terminal');
    expect(heard).toEqual([
      ['connecting', undefined],
      ['reconnecting', 'terminal'],
    ]);
  });

  test('a terminal error is still retried with backoff', () => {
    const client = makeClient();
    client.connect();
    fake.latest().simulateError('terminal');
    vi.advanceTimersByTime(750);
    expect(fake.instances).toHaveLength(2);
  });

  test('a missing EventSource is a terminal error, not a crash', () => {
    vi.stubGlobal('EventSource', undefined);
    const client = makeClient({ EventSource: undefined });
    expect(() => client.connect()).not.toThrow();
    expect(client.status).toBe('disconnected');
    expect(client.debug()).toMatchObject({ terminalErrors: 1, hasES: false, timers: 0 });
  });

  test('the EventSource is looked up on globalThis at connect time by default', () => {
    const client = makeClient({ EventSource: undefined });
    vi.stubGlobal('EventSource', fake.EventSource);
    client.connect();
    expect(fake.instances).toHaveLength(1);
  });
});

describe('4. subscribers', () => {
  test('the first subscriber connects, later ones do not', () => {
    const client = makeClient();
    expect(fake.instances).toHaveLength(0);
    client.subscribe(() => undefined);
    client.subscribe(() => undefined);
    expect(fake.instances).toHaveLength(1);
    expect(client.debug().subscribers).toBe(2);
  });

  test('every subscriber gets every event', () => {
    const client = makeClient();
    const a: SSEEvent[] = [];
    const b: SSEEvent[] = [];
    client.subscribe((event) => a.push(event));
    client.subscribe((event) => b.push(event));
    fake.latest().simulateOpen();
    fake.latest().simulateMessage('{"type":"order.created"}');
    fake.latest().simulateMessage('{"type":"order.updated"}');
    expect(a.map((event) => event.type)).toEqual(['order.created', 'order.updated']);
    expect(b).toEqual(a);
  });

  test('a throwing subscriber does not stop the others and is reported even without debug', () => {
    const client = makeClient({ debug: false });
    const received: string[] = [];
    client.subscribe(() => {
      throw new Error('boom');
    });
    client.subscribe((event) => received.push(event.type));
    fake.latest().simulateMessage('{"type":"x"}');
    expect(received).toEqual(['x']);
    expect(logger.lines).toHaveLength(1);
    expect(logger.lines[0]).toMatchObject({
      level: 'error',
      message: expect.stringContaining('subscriber threw'),
    });
    expect(client.debug().subscriberErrors).toBe(1);
  });

  test('publish() delivers to every subscriber', () => {
    const client = makeClient();
    const received: SSEEvent[] = [];
    client.subscribe((event) => received.push(event));
    const event: SSEEvent = { type: 'local', data: 1, id: null, event: 'message', receivedAt: 5 };
    client.publish(event);
    expect(received).toEqual([event]);
  });

  test('the last unsubscribe disconnects after graceMs', () => {
    const client = makeClient({ graceMs: 1000 });
    const unsubscribe = client.subscribe(() => undefined);
    unsubscribe();
    vi.advanceTimersByTime(999);
    expect(fake.live()).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(fake.live()).toHaveLength(0);
    expect(client.status).toBe('disconnected');
  });

  test('a subscriber arriving within graceMs keeps the same connection', () => {
    const client = makeClient({ graceMs: 1000 });
    const unsubscribe = client.subscribe(() => undefined);
    unsubscribe();
    vi.advanceTimersByTime(500);
    client.subscribe(() => undefined);
    vi.advanceTimersByTime(10_000);
    expect(fake.instances).toHaveLength(1);
    expect(fake.live()).toHaveLength(1);
    expect(client.debug().graceTimer).toBe(false);
  });

  test('a subscriber arriving after the grace period reconnects', () => {
    const client = makeClient({ graceMs: 1000 });
    client.subscribe(() => undefined)();
    vi.advanceTimersByTime(1000);
    client.subscribe(() => undefined);
    expect(fake.instances).toHaveLength(2);
    expect(fake.live()).toHaveLength(1);
  });

  test('graceMs 0 disconnects at once', () => {
    const client = makeClient({ graceMs: 0 });
    client.subscribe(() => undefined)();
    expect(fake.live()).toHaveLength(0);
  });

  test('unsubscribe is idempotent', () => {
    const client = makeClient();
    const unsubscribeA = client.subscribe(() => undefined);
    client.subscribe(() => undefined);
    unsubscribeA();
    unsubscribeA();
    expect(client.debug().subscribers).toBe(1);
    expect(client.debug().graceTimer).toBe(false);
  });

  test('the same function subscribed twice is two subscriptions', () => {
    const client = makeClient();
    const calls: string[] = [];
    const fn = (event: SSEEvent) => calls.push(event.type);
    const unsubscribe = client.subscribe(fn);
    client.subscribe(fn);
    unsubscribe();
    fake.latest().simulateMessage('x');
    expect(calls).toEqual(['message']);
  });
});

describe('5. token changes', () => {
  const tokenUrl = (token: string | null) => `/v1/events/sse?token=${token ?? ''}`;

  test('a new token closes the old connection first, then opens one with the new token', () => {
    const auth = createFakeAuth('token-aaaa');
    const client = makeClient({ url: tokenUrl, auth });
    client.connect();
    const first = fake.latest();
    first.simulateOpen();
    auth.set('token-bbbb');
    expect(first.closed).toBe(true);
    expect(client.status).toBe('reconnecting');
    expect(client.debug().timers).toBe(1);
    vi.advanceTimersByTime(0);
    expect(fake.instances).toHaveLength(2);
    expect(fake.latest().url).toBe('/v1/events/sse?token=token-bbbb');
    expect(fake.maxLiveAtConstruction()).toBe(1);
  });

  test('several changes in one tick give one new connection with the last token', () => {
    const auth = createFakeAuth('token-aaaa');
    const client = makeClient({ url: tokenUrl, auth });
    client.connect();
    fake.latest().simulateOpen();
    auth.set('token-bbbb');
    auth.set('token-cccc');
    auth.set('token-dddd');
    expect(client.debug().timers).toBe(1);
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(0);
    expect(fake.instances).toHaveLength(2);
    expect(fake.latest().url).toBe('/v1/events/sse?token=token-dddd');
  });

  test('the same token again does not reconnect', () => {
    const auth = createFakeAuth('token-aaaa');
    const client = makeClient({ url: tokenUrl, auth, heartbeatTimeoutMs: 0 });
    client.connect();
    fake.latest().simulateOpen();
    auth.set('token-aaaa');
    vi.advanceTimersByTime(60_000);
    expect(fake.instances).toHaveLength(1);
    expect(client.status).toBe('open');
  });

  test('a token change while disconnected does not connect', () => {
    const auth = createFakeAuth('token-aaaa');
    makeClient({ url: tokenUrl, auth });
    auth.set('token-bbbb');
    vi.advanceTimersByTime(60_000);
    expect(fake.instances).toHaveLength(0);
  });

  test('a token change during a backoff wait keeps the one timer and uses the new token', () => {
    const auth = createFakeAuth('token-aaaa');
    const client = makeClient({ url: tokenUrl, auth });
    client.connect();
    fake.latest().simulateError();
    auth.set('token-bbbb');
    expect(client.debug().timers).toBe(1);
    vi.advanceTimersByTime(750);
    expect(fake.instances).toHaveLength(2);
    expect(fake.latest().url).toContain('token-bbbb');
  });

  test('the token never appears in logs or debug output', () => {
    const auth = createFakeAuth('s3cr3t-token-aaaa');
    const client = makeClient({
      url: (token) => `/v1/events/sse?access_token=${token}&t2=${token}`,
      auth,
    });
    client.connect();
    fake.latest().simulateOpen();
    auth.set('s3cr3t-token-bbbb');
    vi.advanceTimersByTime(0);
    client.reconnect('because s3cr3t-token-bbbb');
    vi.advanceTimersByTime(0);
    const dumped = JSON.stringify({ logs: logger.lines, debug: client.debug() });
    expect(dumped).not.toContain('s3cr3t');
    expect(client.debug().url).toBe('/v1/events/sse?access_token=[redacted]&t2=[redacted]');
    expect(fake.latest().url).toContain('s3cr3t-token-bbbb');
  });

  test('a token learned later is redacted from older history records too', () => {
    const auth = createFakeAuth('token-aaaa');
    const client = makeClient({ url: tokenUrl, auth });
    client.connect();
    client.reconnect('user asked for s3cr3t-token-cccc');
    vi.advanceTimersByTime(0);
    expect(JSON.stringify(client.debug().history)).toContain('s3cr3t-token-cccc');
    auth.set('s3cr3t-token-cccc');
    expect(JSON.stringify(client.debug().history)).not.toContain('s3cr3t');
  });

  test('dispose() stops listening to the auth source', () => {
    const auth = createFakeAuth('token-aaaa');
    const client = makeClient({ auth });
    expect(auth.listenerCount()).toBe(1);
    client.dispose();
    expect(auth.listenerCount()).toBe(0);
  });
});

describe('6. no lost events across reconnects', () => {
  test('the last event id is sent back when the client reopens', () => {
    const client = makeClient({ url: '/v1/events/sse?x=1' });
    client.connect();
    fake.latest().simulateOpen();
    fake.latest().simulateMessage('{"type":"a"}', { lastEventId: '41' });
    fake.latest().simulateMessage('{"type":"b"}', { lastEventId: '42' });
    fake.latest().simulateError();
    vi.advanceTimersByTime(750);
    expect(fake.latest().url).toBe('/v1/events/sse?x=1&lastEventId=42');
    expect(client.debug().lastEventId).toBe('42');
  });

  test('the parameter name is configurable', () => {
    const client = makeClient({ lastEventIdParam: 'since' });
    client.connect();
    fake.latest().simulateMessage('x', { lastEventId: '7' });
    client.reconnect('test');
    vi.advanceTimersByTime(0);
    expect(fake.latest().url).toBe('/v1/events/sse?since=7');
  });

  test('the first connection carries no event id', () => {
    makeClient().connect();
    expect(fake.latest().url).toBe('/v1/events/sse');
  });
});

describe('7. normalisation', () => {
  test('typed JSON, named events and plain text reach subscribers normalised', () => {
    let clock = 500;
    const client = makeClient({ events: ['order', 'message'], now: () => clock });
    const received: SSEEvent[] = [];
    client.subscribe((event) => received.push(event));
    const es = fake.latest();
    expect(es.listenerCount('message')).toBe(1);
    clock = 600;
    es.simulateMessage('{"type":"order.created","id":3}', { lastEventId: '1' });
    es.simulateMessage('{"id":4}', { event: 'order' });
    es.simulateMessage('plain text');
    es.simulateMessage('ignored', { event: 'not-listened' });
    expect(received).toEqual([
      {
        type: 'order.created',
        data: { type: 'order.created', id: 3 },
        id: '1',
        event: 'message',
        receivedAt: 600,
      },
      { type: 'order', data: { id: 4 }, id: null, event: 'order', receivedAt: 600 },
      { type: 'message', data: 'plain text', id: null, event: 'message', receivedAt: 600 },
    ]);
  });

  test('events from a replaced EventSource are dropped', () => {
    const client = makeClient();
    const received: SSEEvent[] = [];
    client.subscribe((event) => received.push(event));
    const old = fake.latest();
    client.connect(true);
    old.simulateMessage('late');
    expect(received).toEqual([]);
  });
});

describe('8. debug()', () => {
  test('returns the ticket fields plus diagnostics as plain JSON', () => {
    const client = makeClient();
    client.subscribe(() => undefined);
    fake.latest().simulateOpen();
    const snapshot = client.debug();
    expect(snapshot).toMatchObject({
      connects: 1,
      subscribers: 1,
      hasES: true,
      readyState: 1,
      timers: 0,
      lastErrorAt: null,
      status: 'open',
      marker: 'i',
      attempts: 0,
      lastEventId: null,
      transientErrors: 0,
      terminalErrors: 0,
      url: '/v1/events/sse',
      history: [{ n: 1, at: 1_000_000, reason: 'connect()', marker: 'i' }],
    });
    expect(JSON.parse(JSON.stringify(snapshot))).toEqual(snapshot);
  });

  test('each connect gets a fresh marker from the injected random', () => {
    const values = [0.1, 0.2, 0.3];
    const client = makeClient({ random: () => values.shift() ?? 0.9 });
    client.connect();
    const first = client.debug().marker;
    client.connect(true);
    const second = client.debug().marker;
    expect(first).toBe((0.1).toString(36).slice(2, 10));
    expect(second).toBe((0.2).toString(36).slice(2, 10));
    expect(first).not.toBe(second);
  });

  test('the history keeps the last 20 connects', () => {
    const client = makeClient();
    for (let i = 0; i < 25; i++) client.connect(true);
    const history = client.debug().history;
    expect(history).toHaveLength(20);
    expect(history[0]?.n).toBe(6);
    expect(history.at(-1)?.n).toBe(25);
  });

  test('reports the pending reconnect timer', () => {
    const client = makeClient();
    client.connect();
    fake.latest().simulateError();
    expect(client.debug()).toMatchObject({
      hasES: false,
      readyState: null,
      timers: 1,
      attempts: 1,
    });
  });
});

describe('9. dev logs', () => {
  test('print the ticket lines, each with the marker', () => {
    const client = makeClient();
    client.connect();
    fake.latest().simulateOpen();
    fake.latest().simulateError();
    vi.advanceTimersByTime(750);
    client.disconnect();
    const lines = logger.messages().filter((message) => !message.includes('ignored'));
    expect(lines).toEqual([
      '[SSE] connect#1 marker=i',
      '[SSE] open marker=i',
      '[SSE] error marker=i',
      '[SSE] reconnect in 750ms marker=i',
      '[SSE] connect#2 marker=i',
      '[SSE] disconnect marker=i',
    ]);
  });

  test('are silent when debug is off', () => {
    const client = makeClient({ debug: false });
    client.connect();
    client.connect();
    fake.latest().simulateOpen();
    fake.latest().simulateError();
    vi.advanceTimersByTime(750);
    client.disconnect();
    expect(logger.lines).toEqual([]);
  });

  test('an object logger receives the lines at their levels', () => {
    const objectLogger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };
    const client = makeClient({ logger: objectLogger });
    client.connect();
    fake.latest().simulateError();
    expect(objectLogger.info).toHaveBeenCalledWith('[SSE] connect#1 marker=i', expect.anything());
    expect(objectLogger.warn).toHaveBeenCalledWith('[SSE] error marker=i', expect.anything());
  });

  test('a throwing logger does not break the client', () => {
    const client = makeClient({
      logger: () => {
        throw new Error('logger down');
      },
    });
    expect(() => client.connect()).not.toThrow();
    expect(client.debug().hasES).toBe(true);
  });
});

describe('10. devtools hook annotation', () => {
  test('annotates each EventSource right after constructing it', () => {
    const annotate = vi.fn((_es: unknown, _info: unknown) => {
      // The EventSource handed over must be the newest one, already constructed.
      expect(_es).toBe(fake.latest());
    });
    vi.stubGlobal('__SSE_DEVTOOLS_HOOK__', { annotate });
    const client = makeClient({ name: 'admin-app' });
    client.connect();
    client.connect(true);
    expect(annotate).toHaveBeenCalledTimes(2);
    expect(annotate.mock.calls[0]?.[0]).toBe(fake.instances[0]);
    expect(annotate.mock.calls[1]).toEqual([
      fake.instances[1],
      { client: 'admin-app', marker: 'i', reason: 'connect(force)' },
    ]);
  });

  test('a throwing hook never breaks the client', () => {
    vi.stubGlobal('__SSE_DEVTOOLS_HOOK__', {
      annotate() {
        throw new Error('hook bug');
      },
    });
    const client = makeClient();
    const received: SSEEvent[] = [];
    client.subscribe((event) => received.push(event));
    fake.latest().simulateOpen();
    fake.latest().simulateMessage('x');
    expect(received).toHaveLength(1);
    expect(messagesContaining('annotate() threw')).toHaveLength(1);
  });

  test('without the hook nothing changes', () => {
    const client = makeClient();
    client.connect();
    expect(client.debug().hasES).toBe(true);
    expect(messagesContaining('annotate')).toEqual([]);
  });
});

describe('11. offline and silence', () => {
  test('while offline the client waits for the online event instead of a timer', () => {
    const client = makeClient({ heartbeatTimeoutMs: 0 });
    client.connect();
    online.goOffline();
    fake.latest().simulateError();
    expect(client.debug()).toMatchObject({
      timers: 0,
      waitingForOnline: true,
      status: 'reconnecting',
    });
    expect(vi.getTimerCount()).toBe(0);
    client.reconnect('again');
    client.connect();
    expect(online.listenerCount()).toBe(1);
    vi.advanceTimersByTime(600_000);
    expect(fake.instances).toHaveLength(1);
    online.goOnline();
    expect(fake.instances).toHaveLength(2);
    expect(online.listenerCount()).toBe(0);
    expect(client.debug().waitingForOnline).toBe(false);
  });

  test('a timer that fires while offline turns into a wait for online', () => {
    const client = makeClient({ heartbeatTimeoutMs: 0 });
    client.connect();
    fake.latest().simulateError();
    online.goOffline();
    vi.advanceTimersByTime(750);
    expect(fake.instances).toHaveLength(1);
    expect(client.debug()).toMatchObject({ timers: 0, waitingForOnline: true });
    online.goOnline();
    expect(fake.instances).toHaveLength(2);
  });

  test('disconnect() stops waiting for online', () => {
    const client = makeClient();
    client.connect();
    online.goOffline();
    fake.latest().simulateError();
    client.disconnect();
    expect(online.listenerCount()).toBe(0);
    online.goOnline();
    expect(fake.instances).toHaveLength(1);
  });

  test('a stream silent for heartbeatTimeoutMs is reconnected', () => {
    const client = makeClient({ heartbeatTimeoutMs: 45_000 });
    client.connect();
    const es = fake.latest();
    es.simulateOpen();
    vi.advanceTimersByTime(44_999);
    expect(es.closed).toBe(false);
    vi.advanceTimersByTime(1);
    expect(es.closed).toBe(true);
    expect(client.debug()).toMatchObject({
      timers: 1,
      watchdog: false,
      heartbeatTimeouts: 1,
      lastError: { kind: 'transient' },
    });
    vi.advanceTimersByTime(750);
    expect(fake.instances).toHaveLength(2);
    expect(client.debug().watchdog).toBe(true);
  });

  test('any message or named event resets the silence watchdog', () => {
    const client = makeClient({ heartbeatTimeoutMs: 45_000, events: ['ping'] });
    client.connect();
    const es = fake.latest();
    es.simulateOpen();
    vi.advanceTimersByTime(40_000);
    es.simulateMessage('x');
    vi.advanceTimersByTime(40_000);
    es.simulateMessage('', { event: 'ping' });
    vi.advanceTimersByTime(44_999);
    expect(es.closed).toBe(false);
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(1);
    expect(es.closed).toBe(true);
  });

  test('a connection that never opens is also caught by the watchdog', () => {
    const client = makeClient({ heartbeatTimeoutMs: 10_000 });
    client.connect();
    vi.advanceTimersByTime(10_000);
    expect(fake.latest().closed).toBe(true);
    expect(client.debug().timers).toBe(1);
  });

  test('the watchdog and the reconnect timer never coexist', () => {
    const client = makeClient({ heartbeatTimeoutMs: 1000 });
    client.connect();
    for (let step = 0; step < 200; step++) {
      if (step % 3 === 0) fake.latest().simulateOpen();
      if (step % 7 === 0) fake.latest().simulateError();
      vi.advanceTimersByTime(250);
      const snapshot = client.debug();
      expect(snapshot.watchdog && snapshot.timers === 1).toBe(false);
      expect(vi.getTimerCount()).toBeLessThanOrEqual(1);
      expect(fake.live().length).toBeLessThanOrEqual(1);
    }
  });

  test('heartbeatTimeoutMs 0 disables the watchdog', () => {
    const client = makeClient({ heartbeatTimeoutMs: 0 });
    client.connect();
    fake.latest().simulateOpen();
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(3_600_000);
    expect(fake.latest().closed).toBe(false);
  });
});

describe('12. back/forward cache (pagehide / pageshow)', () => {
  test('pagehide closes the live EventSource and every timer but keeps the subscribers', () => {
    const client = makeClient({ heartbeatTimeoutMs: 45_000 });
    client.subscribe(() => undefined);
    const es = fake.latest();
    es.simulateOpen();
    lifecycle.hide(true);
    expect(es.closed).toBe(true);
    expect(fake.live()).toHaveLength(0);
    expect(vi.getTimerCount()).toBe(0);
    expect(client.status).toBe('disconnected');
    expect(client.debug()).toMatchObject({
      subscribers: 1,
      suspended: true,
      hasES: false,
      timers: 0,
      watchdog: false,
    });
    const line = logger.lines.find((entry) => entry.message.startsWith('[SSE] disconnect'));
    expect(line?.details).toEqual({ reason: 'page hidden (bfcache)', persisted: true });
    vi.advanceTimersByTime(3_600_000);
    expect(fake.instances).toHaveLength(1);
  });

  test('a non-persisted pagehide (plain unload) closes the stream too', () => {
    const client = makeClient();
    client.connect();
    lifecycle.hide(false);
    expect(fake.live()).toHaveLength(0);
    expect(vi.getTimerCount()).toBe(0);
    expect(client.debug().suspended).toBe(true);
  });

  test('pageshow restoring from bfcache reconnects exactly once, with the last event id', () => {
    const client = makeClient({ heartbeatTimeoutMs: 0 });
    const received: string[] = [];
    client.subscribe((event) => received.push(String(event.data)));
    fake.latest().simulateOpen();
    fake.latest().simulateMessage('a', { lastEventId: '42' });
    lifecycle.hide(true);
    lifecycle.show(true);
    lifecycle.show(true);
    vi.advanceTimersByTime(60_000);
    expect(fake.instances).toHaveLength(2);
    expect(fake.live()).toEqual([fake.latest()]);
    expect(fake.maxLiveAtConstruction()).toBe(1);
    expect(fake.latest().url).toBe('/v1/events/sse?lastEventId=42');
    expect(client.status).toBe('connecting');
    expect(client.debug()).toMatchObject({ connects: 2, suspended: false, subscribers: 1 });
    expect(client.debug().history.at(-1)?.reason).toBe('page restored from bfcache');
    fake.latest().simulateOpen();
    fake.latest().simulateMessage('b', { lastEventId: '43' });
    expect(received).toEqual(['a', 'b']);
  });

  test('pageshow of a first load (not persisted) does nothing', () => {
    const client = makeClient();
    client.connect();
    lifecycle.show(false);
    expect(fake.instances).toHaveLength(1);
    lifecycle.hide(true);
    lifecycle.show(false);
    expect(fake.instances).toHaveLength(1);
    expect(client.debug().suspended).toBe(true);
  });

  test('pagehide during a pending reconnect leaves no timer; the restore connects once', () => {
    const client = makeClient();
    client.connect();
    fake.latest().simulateError();
    expect(vi.getTimerCount()).toBe(1);
    lifecycle.hide(true);
    expect(vi.getTimerCount()).toBe(0);
    expect(client.debug()).toMatchObject({ timers: 0, status: 'disconnected' });
    vi.advanceTimersByTime(60_000);
    expect(fake.instances).toHaveLength(1);
    lifecycle.show(true);
    expect(fake.instances).toHaveLength(2);
    expect(fake.live()).toHaveLength(1);
  });

  test('pagehide while waiting for online stops waiting', () => {
    const client = makeClient();
    client.connect();
    online.goOffline();
    fake.latest().simulateError();
    lifecycle.hide(true);
    expect(online.listenerCount()).toBe(0);
    expect(client.debug().waitingForOnline).toBe(false);
  });

  test('connect(), reconnect() and a token change while hidden open nothing until the restore', () => {
    const auth = createFakeAuth('token-aaaa');
    const client = makeClient({ url: (token) => `/sse?token=${token ?? ''}`, auth });
    client.subscribe(() => undefined);
    lifecycle.hide(true);
    client.connect();
    client.connect(true);
    client.reconnect('manual');
    auth.set('token-bbbb');
    client.subscribe(() => undefined);
    expect(fake.instances).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
    lifecycle.show(true);
    expect(fake.instances).toHaveLength(2);
    expect(fake.latest().url).toBe('/sse?token=token-bbbb');
  });

  test('a connection nobody wants is not reopened by the restore', () => {
    const client = makeClient();
    client.connect();
    client.disconnect();
    lifecycle.hide(true);
    lifecycle.show(true);
    expect(fake.instances).toHaveLength(1);
    expect(messagesContaining('page hidden')).toEqual([]);
  });

  test('pagehide during the grace period ends it: nothing to resume for', () => {
    const client = makeClient({ graceMs: 1000 });
    client.subscribe(() => undefined)();
    lifecycle.hide(true);
    expect(client.debug()).toMatchObject({ graceTimer: false, hasES: false });
    expect(vi.getTimerCount()).toBe(0);
    lifecycle.show(true);
    expect(fake.instances).toHaveLength(1);
  });

  test('the last unsubscribe while hidden starts no grace timer', () => {
    const client = makeClient({ graceMs: 1000 });
    const unsubscribe = client.subscribe(() => undefined);
    lifecycle.hide(true);
    unsubscribe();
    expect(vi.getTimerCount()).toBe(0);
    lifecycle.show(true);
    expect(fake.instances).toHaveLength(1);
  });

  test('dispose() removes the lifecycle listeners', () => {
    const client = makeClient();
    expect(lifecycle.listenerCount()).toBe(2);
    client.dispose();
    expect(lifecycle.listenerCount()).toBe(0);
  });

  test('a throwing lifecycle.subscribe is reported and ignored', () => {
    const client = makeClient({
      debug: false,
      lifecycle: {
        subscribe() {
          throw new Error('no lifecycle here');
        },
      },
    });
    expect(logger.lines).toHaveLength(1);
    expect(logger.lines[0]).toMatchObject({
      level: 'warn',
      message: expect.stringContaining('lifecycle.subscribe() threw'),
    });
    client.connect();
    expect(fake.instances).toHaveLength(1);
    expect(() => client.dispose()).not.toThrow();
  });
});

describe('error storms', () => {
  test('10 000 errors in a row never hold more than one timer or two live EventSources', () => {
    const client = makeClient({ heartbeatTimeoutMs: 45_000 });
    client.subscribe(() => undefined);
    const replaced: ReturnType<typeof fake.latest>[] = [];
    const checks = createStepChecks();
    for (let i = 0; i < 10_000; i++) {
      const es = fake.latest();
      if (i % 2 === 0) es.simulateOpen();
      es.simulateError(i % 5 === 0 ? 'terminal' : 'transient');
      es.simulateError();
      replaced.at(-1)?.simulateError();
      if (i % 3 === 0) client.reconnect('storm');
      if (i % 4 === 0) client.connect();
      replaced.push(es);
      if (replaced.length > 5) replaced.shift();
      checks.equal(i, 'debug().timers after the errors', client.debug().timers, 1);
      checks.equal(i, 'pending timers after the errors', vi.getTimerCount(), 1);
      checks.equal(i, 'live EventSources after the errors', fake.live().length, 0);
      vi.runOnlyPendingTimers();
      checks.equal(i, 'debug().timers after the reconnect', client.debug().timers, 0);
      checks.equal(i, 'live EventSources after the reconnect', fake.live().length, 1);
      // The one pending timer now is the silence watchdog of the new connection.
      checks.equal(i, 'pending timers after the reconnect', vi.getTimerCount(), 1);
    }
    expect(checks.firstBroken()).toEqual([]);
    expect(fake.instances).toHaveLength(10_001);
    expect(fake.maxLiveAtConstruction()).toBe(1);
    expect(client.debug().connects).toBe(10_001);
  });

  test('10 000 errors without the timer firing keep exactly one timer and no new connect', () => {
    const client = makeClient();
    client.connect();
    const es = fake.latest();
    const checks = createStepChecks();
    for (let i = 0; i < 10_000; i++) {
      es.simulateError();
      checks.equal(i, 'debug().timers', client.debug().timers, 1);
      checks.equal(i, 'pending timers', vi.getTimerCount(), 1);
    }
    expect(checks.firstBroken()).toEqual([]);
    expect(fake.instances).toHaveLength(1);
    expect(client.debug().transientErrors).toBe(1);
  });
});

describe('dispose()', () => {
  test('disconnects, drops listeners and ignores later calls', () => {
    const client = makeClient();
    const statuses: string[] = [];
    client.onStatus((status) => statuses.push(status));
    client.subscribe(() => undefined);
    client.dispose();
    expect(fake.live()).toHaveLength(0);
    expect(vi.getTimerCount()).toBe(0);
    client.connect();
    client.subscribe(() => undefined);
    expect(fake.instances).toHaveLength(1);
    expect(statuses).toEqual(['connecting', 'disconnected']);
  });
});

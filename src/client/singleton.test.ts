// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { disposeSSEClient, getSSEClient, SSE_CLIENT_VERSION } from './singleton';
import {
  createFakeEventSource,
  createFakeOnline,
  type FakeEventSourceKit,
} from './testing/fake-event-source';
import type { SSEClientOptions } from './types';

interface Globals {
  __zarizSSEClient?: unknown;
  __zarizSSE?: Record<string, unknown>;
  __zarizSSEDebug?: () => unknown;
}
const g = globalThis as unknown as Globals;
const debugWindow = (): Globals => window as unknown as Globals;

let fake: FakeEventSourceKit;

function options(overrides: Partial<SSEClientOptions> = {}): SSEClientOptions {
  return {
    url: '/v1/events/sse',
    EventSource: fake.EventSource,
    random: () => 0.5,
    logger: () => undefined,
    online: createFakeOnline(true),
    ...overrides,
  };
}

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
  fake = createFakeEventSource();
});

afterEach(() => {
  disposeSSEClient();
  vi.unstubAllEnvs();
  vi.useRealTimers();
});

describe('getSSEClient', () => {
  test('throws a clear error when called before it is configured', () => {
    expect(() => getSSEClient()).toThrow(/not configured yet.*getSSEClient\(\{ url/);
  });

  test('the first call with options configures it and later calls return the same instance', () => {
    const client = getSSEClient(options());
    expect(getSSEClient()).toBe(client);
    expect(getSSEClient(options({ url: '/other' }))).toBe(client);
    expect(g.__zarizSSEClient).toBe(client);
  });

  test('a re-evaluated copy of the module (HMR) returns the same instance', async () => {
    vi.resetModules();
    const copyA = await import('./singleton');
    const client = copyA.getSSEClient(options());
    vi.resetModules();
    const copyB = await import('./singleton');
    expect(copyB.getSSEClient).not.toBe(copyA.getSSEClient);
    expect(copyB.getSSEClient()).toBe(client);
    expect(copyB.getSSEClient(options())).toBe(client);
    copyB.getSSEClient().connect();
    copyA.getSSEClient().connect();
    expect(fake.instances).toHaveLength(1);
  });

  test('disposeSSEClient removes the client and its globals', () => {
    const client = getSSEClient(options({ debug: true }));
    client.connect();
    disposeSSEClient();
    expect(fake.live()).toHaveLength(0);
    expect(g.__zarizSSEClient).toBeUndefined();
    expect(g.__zarizSSE).toBeUndefined();
    expect(debugWindow().__zarizSSEDebug).toBeUndefined();
    expect(getSSEClient(options())).not.toBe(client);
  });
});

describe('the lock object globalThis.__zarizSSE', () => {
  test('follows every state change', () => {
    const client = getSSEClient(options());
    expect(g.__zarizSSE).toEqual({
      version: SSE_CLIENT_VERSION,
      active: false,
      connecting: false,
      refs: 0,
      connects: 0,
    });
    const unsubscribe = client.subscribe(() => undefined);
    expect(g.__zarizSSE).toMatchObject({ active: false, connecting: true, refs: 1, connects: 1 });
    fake.latest().simulateOpen();
    expect(g.__zarizSSE).toMatchObject({ active: true, connecting: false });
    fake.latest().simulateError();
    expect(g.__zarizSSE).toMatchObject({ active: false, connecting: false, refs: 1 });
    vi.advanceTimersByTime(750);
    expect(g.__zarizSSE).toMatchObject({ connecting: true, connects: 2 });
    unsubscribe();
    expect(g.__zarizSSE).toMatchObject({ refs: 0 });
  });

  test('is the same object across state changes, so a held reference stays current', () => {
    const client = getSSEClient(options());
    const lock = g.__zarizSSE;
    client.connect();
    expect(g.__zarizSSE).toBe(lock);
    expect(lock?.connects).toBe(1);
  });
});

describe('debugWindow().__zarizSSEDebug', () => {
  test('returns debug() when debug is on', () => {
    const client = getSSEClient(options({ debug: true }));
    client.connect();
    expect(debugWindow().__zarizSSEDebug?.()).toEqual(client.debug());
    expect(debugWindow().__zarizSSEDebug?.()).toMatchObject({
      connects: 1,
      subscribers: 0,
      hasES: true,
      readyState: 0,
      timers: 0,
      lastErrorAt: null,
    });
  });

  test('is not installed when debug is off', () => {
    getSSEClient(options({ debug: false }));
    expect(debugWindow().__zarizSSEDebug).toBeUndefined();
  });

  test('defaults to on outside production', () => {
    vi.stubEnv('NODE_ENV', 'development');
    getSSEClient(options());
    expect(typeof debugWindow().__zarizSSEDebug).toBe('function');
  });

  test('defaults to off in production', () => {
    vi.stubEnv('NODE_ENV', 'production');
    getSSEClient(options());
    expect(debugWindow().__zarizSSEDebug).toBeUndefined();
  });
});

describe('the back/forward cache, with the default window pagehide/pageshow listeners', () => {
  function dispatchPageEvent(type: 'pagehide' | 'pageshow', persisted: boolean): void {
    window.dispatchEvent(Object.assign(new Event(type), { persisted }));
  }

  test('a hidden page holds no stream; a restored one reopens exactly one', () => {
    const client = getSSEClient(options());
    client.subscribe(() => undefined);
    fake.latest().simulateOpen();
    fake.latest().simulateMessage('x', { lastEventId: '7' });
    dispatchPageEvent('pagehide', true);
    expect(fake.live()).toHaveLength(0);
    expect(g.__zarizSSE).toMatchObject({ active: false, connecting: false, refs: 1 });
    dispatchPageEvent('pageshow', true);
    expect(fake.instances).toHaveLength(2);
    expect(fake.live()).toEqual([fake.latest()]);
    expect(fake.latest().url).toBe('/v1/events/sse?lastEventId=7');
  });

  test('disposeSSEClient removes exactly the window listeners the client added', () => {
    const added = vi.spyOn(window, 'addEventListener');
    const removed = vi.spyOn(window, 'removeEventListener');
    const pageListeners = (spy: typeof added | typeof removed) =>
      spy.mock.calls
        .filter(([type]) => type === 'pagehide' || type === 'pageshow')
        .map(([type, listener]) => [type, listener]);
    getSSEClient(options()).connect();
    expect(pageListeners(added)).toHaveLength(2);
    disposeSSEClient();
    expect(pageListeners(removed)).toEqual(pageListeners(added));
  });
});

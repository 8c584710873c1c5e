import { describe, expect, test, vi } from 'vitest';
import {
  createChromeMessageEvents,
  createChromeMessenger,
  createRelayApis,
  type ChromeRuntime,
} from './chrome-apis';
import type { RuntimePort } from './port';

type Listener = Parameters<ChromeRuntime['onMessage']['addListener']>[0];

/** A `runtime.Port` whose other end goes away when the test says so. */
function fakeChromePort(name: string, onGone: (fire: () => void) => void): RuntimePort {
  const disconnectListeners = new Set<() => void>();
  onGone(() => {
    for (const listener of disconnectListeners) listener();
  });
  return {
    name,
    postMessage: vi.fn(),
    disconnect: vi.fn(),
    onMessage: { addListener: vi.fn(), removeListener: vi.fn() },
    onDisconnect: {
      addListener: (listener) => void disconnectListeners.add(listener),
      removeListener: (listener) => void disconnectListeners.delete(listener),
    },
  };
}

/**
 * A stand-in for `chrome.runtime` with Chrome's callback semantics: `lastError` is set only while
 * the callback runs, and `lastErrorReads` counts whether anybody looked (Chrome logs
 * "Unchecked runtime.lastError" when nobody does).
 */
function fakeChromeRuntime(reply: { response?: unknown; error?: string; throws?: Error } = {}) {
  const listeners = new Set<Listener>();
  let current: { message: string } | undefined;
  const withLastError = (error: string | undefined, run: () => void): void => {
    current = error === undefined ? undefined : { message: error };
    run();
    current = undefined;
  };
  const runtime = {
    id: 'extension-id' as string | undefined,
    lastErrorReads: 0,
    get lastError() {
      runtime.lastErrorReads++;
      return current;
    },
    sendMessage(_message: unknown, callback: (response: unknown) => void) {
      if (reply.throws) throw reply.throws;
      queueMicrotask(() =>
        withLastError(reply.error, () =>
          callback(reply.error === undefined ? reply.response : undefined),
        ),
      );
    },
    onMessage: {
      addListener: (listener: Listener) => void listeners.add(listener),
      removeListener: (listener: Listener) => void listeners.delete(listener),
    },
    /** Makes the other end of the last connected port go away with `error` as lastError. */
    dropPort: (_error: string) => undefined as void,
    connect({ name }: { name: string }): RuntimePort {
      return fakeChromePort(name, (fire) => {
        runtime.dropPort = (error) => withLastError(error, fire);
      });
    },
    listeners,
  };
  return runtime;
}

describe('createChromeMessenger', () => {
  test('resolves with the answer', async () => {
    const runtime = fakeChromeRuntime({ response: { watched: true } });
    await expect(createChromeMessenger(runtime).sendMessage({})).resolves.toEqual({
      watched: true,
    });
  });

  test('rejects with lastError, read inside the callback', async () => {
    const runtime = fakeChromeRuntime({
      error: 'Could not establish connection. Receiving end does not exist.',
    });
    const sent = createChromeMessenger(runtime).sendMessage({});
    await expect(sent).rejects.toThrow('Receiving end does not exist');
    expect(runtime.lastErrorReads).toBeGreaterThan(0);
  });

  test('turns a synchronous throw (context invalidated) into a rejection', async () => {
    const runtime = fakeChromeRuntime({ throws: new Error('Extension context invalidated.') });
    const messenger = createChromeMessenger(runtime);
    let sent: Promise<unknown> | undefined;
    expect(() => (sent = messenger.sendMessage({}))).not.toThrow();
    await expect(sent).rejects.toThrow('Extension context invalidated.');
  });
});

describe('createChromeMessageEvents', () => {
  test('answers synchronously with what the handler returns, and returns nothing itself', () => {
    const runtime = fakeChromeRuntime();
    createChromeMessageEvents(runtime).onMessage((message) =>
      (message as { ask?: boolean }).ask ? { watched: false } : undefined,
    );
    const [listener] = [...runtime.listeners];
    const sendResponse = vi.fn();
    expect(listener!({ ask: true }, { tab: { id: 1 } }, sendResponse)).toBeUndefined();
    expect(sendResponse).toHaveBeenCalledWith({ watched: false });
    sendResponse.mockClear();
    listener!({ other: true }, { tab: { id: 1 } }, sendResponse);
    expect(sendResponse).not.toHaveBeenCalled();
  });

  test('unsubscribes, even when the event object throws after an extension reload', () => {
    const runtime = fakeChromeRuntime();
    const off = createChromeMessageEvents(runtime).onMessage(() => undefined);
    off();
    expect(runtime.listeners.size).toBe(0);
    const throwing = createChromeMessageEvents({
      ...runtime,
      onMessage: {
        addListener: () => undefined,
        removeListener: () => {
          throw new Error('Extension context invalidated.');
        },
      },
    }).onMessage(() => undefined);
    expect(throwing).not.toThrow();
  });
});

describe('createRelayApis', () => {
  test('reports the port’s disconnect reason after reading lastError in the listener', () => {
    const runtime = fakeChromeRuntime();
    const port = createRelayApis(runtime).connect('relay');
    const reasons: (string | undefined)[] = [];
    port.onDisconnect((reason) => reasons.push(reason));
    const reads = runtime.lastErrorReads;
    runtime.dropPort('Could not establish connection. Receiving end does not exist.');
    expect(reasons).toEqual(['Could not establish connection. Receiving end does not exist.']);
    expect(runtime.lastErrorReads).toBeGreaterThan(reads);
  });

  test('tells an invalidated extension context by its missing runtime id', () => {
    const runtime = fakeChromeRuntime();
    const apis = createRelayApis(runtime);
    expect(apis.isContextValid()).toBe(true);
    runtime.id = undefined;
    expect(apis.isContextValid()).toBe(false);
  });

  test('without a runtime given, looks the global up again on every check', () => {
    const runtime = fakeChromeRuntime();
    vi.stubGlobal('chrome', { runtime });
    const apis = createRelayApis();
    expect(apis.isContextValid()).toBe(true);
    vi.stubGlobal('chrome', {});
    expect(apis.isContextValid()).toBe(false);
  });
});

import { describe, expect, test, vi } from 'vitest';
import {
  createMessageEvents,
  createRuntimeMessenger,
  createTabMessenger,
  isNoReceiverError,
  type ChromeRuntimeMessaging,
} from './one-shot';

type Listener = Parameters<ChromeRuntimeMessaging['onMessage']['addListener']>[0];

/**
 * A stand-in for `chrome.runtime` with Chrome's callback semantics: `lastError` is set only while
 * the callback runs, and `lastErrorReads` counts whether anybody looked (Chrome logs
 * "Unchecked runtime.lastError" when nobody does).
 */
function fakeChromeRuntime(reply: { response?: unknown; error?: string; throws?: Error } = {}) {
  const listeners = new Set<Listener>();
  let current: { message: string } | undefined;
  const runtime = {
    lastErrorReads: 0,
    get lastError() {
      runtime.lastErrorReads++;
      return current;
    },
    sendMessage(_message: unknown, callback: (response: unknown) => void) {
      if (reply.throws) throw reply.throws;
      queueMicrotask(() => {
        current = reply.error === undefined ? undefined : { message: reply.error };
        callback(reply.error === undefined ? reply.response : undefined);
        current = undefined;
      });
    },
    onMessage: {
      addListener: (listener: Listener) => void listeners.add(listener),
      removeListener: (listener: Listener) => void listeners.delete(listener),
    },
    listeners,
  };
  return runtime;
}

describe('createRuntimeMessenger', () => {
  test('resolves with the answer', async () => {
    const runtime = fakeChromeRuntime({ response: { watched: true } });
    await expect(createRuntimeMessenger(runtime).sendMessage({})).resolves.toEqual({
      watched: true,
    });
  });

  test('rejects with lastError, read inside the callback', async () => {
    const runtime = fakeChromeRuntime({
      error: 'Could not establish connection. Receiving end does not exist.',
    });
    const sent = createRuntimeMessenger(runtime).sendMessage({});
    await expect(sent).rejects.toThrow('Receiving end does not exist');
    expect(runtime.lastErrorReads).toBeGreaterThan(0);
  });

  test('turns a synchronous throw (context invalidated) into a rejection', async () => {
    const runtime = fakeChromeRuntime({ throws: new Error('Extension context invalidated.') });
    const messenger = createRuntimeMessenger(runtime);
    let sent: Promise<unknown> | undefined;
    expect(() => (sent = messenger.sendMessage({}))).not.toThrow();
    await expect(sent).rejects.toThrow('Extension context invalidated.');
  });
});

describe('createTabMessenger', () => {
  test('sends to the tab and rejects quietly with lastError when no frame answers', async () => {
    const runtime = fakeChromeRuntime({
      error: 'The message port closed before a response was received.',
    });
    const tabs = {
      sendMessage: vi.fn((_tabId: number, _message: unknown, callback: (r: unknown) => void) =>
        runtime.sendMessage(undefined, callback),
      ),
    };
    const sent = createTabMessenger(tabs, runtime).sendMessage(3, { kind: 'bg:wake' });
    expect(tabs.sendMessage).toHaveBeenCalledWith(3, { kind: 'bg:wake' }, expect.any(Function));
    await expect(sent).rejects.toSatisfy(isNoReceiverError);
    expect(runtime.lastErrorReads).toBeGreaterThan(0);
  });
});

describe('createMessageEvents', () => {
  test('answers synchronously with what the handler returns, and returns nothing itself', () => {
    const runtime = fakeChromeRuntime();
    createMessageEvents(runtime).onMessage((message) =>
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

  test('unsubscribes', () => {
    const runtime = fakeChromeRuntime();
    const off = createMessageEvents(runtime).onMessage(() => undefined);
    off();
    expect(runtime.listeners.size).toBe(0);
  });
});

describe('isNoReceiverError', () => {
  test.each([
    ['Could not establish connection. Receiving end does not exist.', true],
    ['The message port closed before a response was received.', true],
    ['Extension context invalidated.', false],
  ])('%s → %s', (message, expected) => {
    expect(isNoReceiverError(new Error(message))).toBe(expected);
  });
});

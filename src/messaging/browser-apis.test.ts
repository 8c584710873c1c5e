import { beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import type Browser from 'webextension-polyfill';
import {
  createBrowserMessageEvents,
  createBrowserTabMessenger,
  createDevtoolsPanel,
  onPortConnected,
  type BrowserRuntime,
} from './browser-apis';
import type { RuntimePort } from './port';

type ChromeListener = (
  message: unknown,
  sender: unknown,
  sendResponse: (response?: unknown) => void,
) => unknown;

/**
 * The part of Chrome's callback-style `chrome.*` that webextension-polyfill wraps, so the tests
 * below run the adapters over the real polyfill: `lastError` is set only while a callback runs.
 */
function fakeChrome() {
  const messageListeners = new Set<ChromeListener>();
  const connectListeners = new Set<(port: RuntimePort) => void>();
  let lastError: { message: string } | undefined;
  const chrome = {
    runtime: {
      id: 'extension-id',
      get lastError() {
        return lastError;
      },
      onMessage: {
        addListener: (listener: ChromeListener) => void messageListeners.add(listener),
        removeListener: (listener: ChromeListener) => void messageListeners.delete(listener),
        hasListener: (listener: ChromeListener) => messageListeners.has(listener),
      },
      onConnect: {
        addListener: (listener: (port: RuntimePort) => void) => void connectListeners.add(listener),
        removeListener: (listener: (port: RuntimePort) => void) =>
          void connectListeners.delete(listener),
      },
    },
    tabs: {
      /** Plays Chrome: no frame answered, so the callback runs with that lastError set. */
      sendMessage: vi.fn((_tabId: number, _message: unknown, callback: () => void) => {
        queueMicrotask(() => {
          lastError = { message: tabsError };
          callback();
          lastError = undefined;
        });
      }),
    },
    /** Delivers a one-shot message the way Chrome does; resolves with the reply, if any. */
    dispatch(message: unknown, sender: unknown): Promise<unknown> {
      return new Promise((resolve) => {
        let keptOpen = false;
        for (const listener of messageListeners) {
          if (listener(message, sender, resolve) === true) keptOpen = true;
        }
        if (!keptOpen) resolve('(unanswered)');
      });
    },
    connectListeners,
    reset() {
      messageListeners.clear();
      connectListeners.clear();
      chrome.tabs.sendMessage.mockClear();
    },
  };
  let tabsError = 'The message port closed before a response was received.';
  return {
    chrome,
    setTabsError: (message: string) => void (tabsError = message),
  };
}

// The polyfill wraps the `chrome` it finds when first loaded (Node caches the module), so every
// test shares one fake and starts from a clean one.
const { chrome, setTabsError } = fakeChrome();
let browser: Browser.Browser;

beforeAll(async () => {
  vi.stubGlobal('chrome', chrome);
  browser = (await import('webextension-polyfill')).default;
  vi.unstubAllGlobals();
});

beforeEach(() => {
  chrome.reset();
  setTabsError('The message port closed before a response was received.');
});

describe('createBrowserMessageEvents over the real polyfill', () => {
  test('sends the handler’s answer back, and leaves other messages unanswered', async () => {
    createBrowserMessageEvents(browser.runtime as unknown as BrowserRuntime).onMessage(
      (message, sender) =>
        (message as { ask?: boolean }).ask ? { watched: sender.tab?.id === 7 } : undefined,
    );
    await expect(chrome.dispatch({ ask: true }, { tab: { id: 7 } })).resolves.toEqual({
      watched: true,
    });
    await expect(chrome.dispatch({ other: true }, { tab: { id: 7 } })).resolves.toBe(
      '(unanswered)',
    );
  });

  test('unsubscribes', async () => {
    const off = createBrowserMessageEvents(browser.runtime as unknown as BrowserRuntime).onMessage(
      () => ({ answered: true }),
    );
    off();
    await expect(chrome.dispatch({}, {})).resolves.toBe('(unanswered)');
  });
});

describe('createBrowserTabMessenger over the real polyfill', () => {
  test('"no frame answered" resolves undefined; "no receiver" rejects', async () => {
    const tabs = createBrowserTabMessenger(browser.tabs);
    await expect(tabs.sendMessage(3, { kind: 'bg:wake' })).resolves.toBeUndefined();
    expect(chrome.tabs.sendMessage).toHaveBeenCalledWith(
      3,
      { kind: 'bg:wake' },
      expect.any(Function),
    );
    setTabsError('Could not establish connection. Receiving end does not exist.');
    await expect(tabs.sendMessage(3, { kind: 'bg:wake' })).rejects.toThrow(
      'Receiving end does not exist',
    );
  });

  test('turns a synchronous throw (context invalidated) into a rejection', async () => {
    const tabs = createBrowserTabMessenger({
      sendMessage: () => {
        throw new Error('Extension context invalidated.');
      },
    });
    await expect(tabs.sendMessage(1, {})).rejects.toThrow('Extension context invalidated.');
  });
});

describe('onPortConnected', () => {
  test('hands over wrapped ports whose disconnect reason is read from lastError', async () => {
    const ports: { name: string; reason?: string }[] = [];
    onPortConnected(browser.runtime as unknown as BrowserRuntime, (port) => {
      const entry: { name: string; reason?: string } = { name: port.name };
      ports.push(entry);
      port.onDisconnect((reason) => (entry.reason = reason));
    });
    let gone = (): void => undefined;
    const raw: RuntimePort = {
      name: 'panel:5',
      postMessage: () => undefined,
      disconnect: () => undefined,
      onMessage: { addListener: () => undefined, removeListener: () => undefined },
      onDisconnect: {
        addListener: (listener) => void (gone = listener),
        removeListener: () => undefined,
      },
      error: { message: 'worker restarted' },
    };
    for (const listener of chrome.connectListeners) listener(raw);
    gone();
    expect(ports).toEqual([{ name: 'panel:5', reason: 'worker restarted' }]);
  });
});

describe('createDevtoolsPanel', () => {
  test('creates the panel with its title, icon and page', async () => {
    const create = vi.fn(() => Promise.resolve({}));
    await createDevtoolsPanel({ create }, { title: 'SSE', icon: 'i.png', page: 'panel.html' });
    expect(create).toHaveBeenCalledWith('SSE', 'i.png', 'panel.html');
  });
});

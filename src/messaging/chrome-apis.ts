/**
 * The relay's adapter over Chrome's own `chrome.runtime` (callback form), deliberately without
 * webextension-polyfill: the relay runs in every frame of every page, and the polyfill would add
 * about 10 KB (minified) to each of them — half of the relay bundle — for the three calls below
 * (measured with `vite build`; tests/build/build-guard.test.ts holds the relay to its budget).
 * The extension pages use the polyfill through ./browser-apis.ts instead.
 *
 * Every callback reads `runtime.lastError` itself: that is what keeps Chrome from logging
 * "Unchecked runtime.lastError: Could not establish connection" into the page's console when a
 * hello finds no worker. Failures become rejected promises; a synchronous throw ("Extension
 * context invalidated." after an extension reload) is a rejection too.
 */
import type { MessageEvents, MessageSender, RuntimeMessenger } from './one-shot';
import {
  createRuntimePort,
  isExtensionContextValid,
  type PortLike,
  type RuntimeLike,
} from './port';

type LastError = { message?: string } | null | undefined;

type ChromeMessageListener = (
  message: unknown,
  sender: MessageSender,
  sendResponse: (response?: unknown) => void,
) => void;

/** The part of `chrome.runtime` the relay needs (structural, so tests pass plain objects). */
export interface ChromeRuntime extends RuntimeLike {
  readonly id?: string;
  sendMessage(message: unknown, callback: (response: unknown) => void): void;
  readonly onMessage: {
    addListener(listener: ChromeMessageListener): void;
    removeListener(listener: ChromeMessageListener): void;
  };
}

/** What the relay takes from the extension (see content/relay/create-relay.ts `RelayOptions`). */
export interface RelayApis {
  connect(name: string): PortLike;
  readonly messenger: RuntimeMessenger;
  readonly messages: MessageEvents;
  isContextValid(): boolean;
}

/** Runs a callback-style call; rejects with `lastError` (read inside the callback) or a throw. */
function callWithLastError(
  call: (callback: (response: unknown) => void) => void,
  readLastError: () => LastError,
): Promise<unknown> {
  return new Promise((resolve, reject) => {
    try {
      call((response) => {
        const error = readLastError();
        if (error) reject(new Error(error.message ?? 'unknown messaging error'));
        else resolve(response);
      });
    } catch (error) {
      // "Extension context invalidated." is thrown synchronously: the caller decides.
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}

export function createChromeMessenger(runtime: ChromeRuntime): RuntimeMessenger {
  return {
    sendMessage: (message) =>
      callWithLastError(
        (callback) => runtime.sendMessage(message, callback),
        () => runtime.lastError,
      ),
  };
}

export function createChromeMessageEvents(runtime: ChromeRuntime): MessageEvents {
  return {
    onMessage(handler) {
      // Answers synchronously and returns nothing: returning `true` (or a promise, in newer
      // Chrome) would keep the channel open for an answer that never comes.
      const listener: ChromeMessageListener = (message, sender, sendResponse) => {
        const answer = handler(message, sender);
        if (answer !== undefined) sendResponse(answer);
      };
      runtime.onMessage.addListener(listener);
      return () => {
        try {
          runtime.onMessage.removeListener(listener);
        } catch {
          // After an extension reload the event object may throw; the listener is dead anyway.
        }
      };
    },
  };
}

/**
 * Everything the relay needs, over `chrome.runtime` (a test passes a fake). `isContextValid`
 * reads `runtime.id`, which turns undefined once the extension was reloaded or updated under this
 * page; without a runtime given it looks the global up again each time, in case it went too.
 */
export function createRelayApis(runtime?: ChromeRuntime): RelayApis {
  const current = (): ChromeRuntime | undefined =>
    runtime ?? (globalThis.chrome?.runtime as unknown as ChromeRuntime | undefined);
  const fixed = current();
  if (!fixed) throw new Error('chrome.runtime is not available (not a content script?)');
  return {
    connect: (name) => createRuntimePort(fixed, name),
    messenger: createChromeMessenger(fixed),
    messages: createChromeMessageEvents(fixed),
    isContextValid: () => isExtensionContextValid(current()),
  };
}

/**
 * `chrome.debugger` for the service worker (network capture's release on panel close): the
 * polyfill does not wrap it, and it is absent until the user grants the optional permission.
 */
export function chromeDebugger(): typeof chrome.debugger | undefined {
  return (globalThis as { chrome?: typeof chrome }).chrome?.debugger;
}

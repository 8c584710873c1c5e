/**
 * One-shot extension messages behind adapters, for what must travel while no port exists:
 * - `runtime.sendMessage` (relay → worker: `relay:hello`, answered at once);
 * - `runtime.onMessage` (the worker hears hellos; a relay hears `bg:wake`);
 * - `tabs.sendMessage` (worker → every frame of a tab: `bg:wake`).
 *
 * The adapters use Chrome's callback form and read `runtime.lastError` inside the callback: that
 * is what keeps Chrome from logging "Unchecked runtime.lastError: Could not establish connection"
 * into the page's (or the worker's) console. Failures become rejected promises; a synchronous
 * throw ("Extension context invalidated." after an extension reload) is a rejection too.
 *
 * Routing and relay logic take the small interfaces below; unit tests pass the in-memory fakes of
 * `./testing/fake-one-shot`.
 */
import type { PortSender, Unsubscribe } from './port';

/** Who sent a one-shot message (set by the browser, never by the page). */
export type MessageSender = PortSender;

/** `runtime.sendMessage`: resolves with the answer (undefined if none), rejects on failure. */
export interface RuntimeMessenger {
  sendMessage(message: unknown): Promise<unknown>;
}

/**
 * Handles one incoming message synchronously. Returns the answer to send back, or `undefined` to
 * leave the message unanswered (the sender then sees "The message port closed before a response
 * was received", which every caller here treats as "no").
 */
export type MessageHandler = (message: unknown, sender: MessageSender) => unknown;

/** `runtime.onMessage`. */
export interface MessageEvents {
  onMessage(handler: MessageHandler): Unsubscribe;
}

/** `tabs.sendMessage` to every frame of a tab: resolves with the first answer, rejects on failure. */
export interface TabMessenger {
  sendMessage(tabId: number, message: unknown): Promise<unknown>;
}

// ── Chrome shapes (structural, so tests can pass plain objects) ──────────────────────────────

type LastError = { message?: string } | null | undefined;

type ChromeMessageListener = (
  message: unknown,
  sender: MessageSender,
  sendResponse: (response?: unknown) => void,
) => void;

/** The part of `chrome.runtime` the adapters need. */
export interface ChromeRuntimeMessaging {
  sendMessage(message: unknown, callback: (response: unknown) => void): void;
  readonly onMessage: {
    addListener(listener: ChromeMessageListener): void;
    removeListener(listener: ChromeMessageListener): void;
  };
  readonly lastError?: LastError;
}

/** The part of `chrome.tabs` the adapter needs (no `tabs` permission: our own content scripts). */
export interface ChromeTabsMessaging {
  sendMessage(tabId: number, message: unknown, callback: (response: unknown) => void): void;
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

export function createRuntimeMessenger(runtime: ChromeRuntimeMessaging): RuntimeMessenger {
  return {
    sendMessage: (message) =>
      callWithLastError(
        (callback) => runtime.sendMessage(message, callback),
        () => runtime.lastError,
      ),
  };
}

export function createTabMessenger(
  tabs: ChromeTabsMessaging,
  runtime: { readonly lastError?: LastError },
): TabMessenger {
  return {
    sendMessage: (tabId, message) =>
      callWithLastError(
        (callback) => tabs.sendMessage(tabId, message, callback),
        () => runtime.lastError,
      ),
  };
}

export function createMessageEvents(runtime: ChromeRuntimeMessaging): MessageEvents {
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
        } catch (error) {
          // After an extension reload the event object may throw; the listener is dead anyway.
          void error;
        }
      };
    },
  };
}

/**
 * Chrome's wording when nobody took a one-shot message: no listener in that context ("Receiving
 * end does not exist", e.g. a chrome:// page where no content script runs) or listeners that did
 * not answer ("The message port closed before a response was received").
 */
export function isNoReceiverError(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return (
    message.includes('Receiving end does not exist') ||
    message.includes('message port closed before a response')
  );
}

/**
 * One-shot extension messages, for what must travel while no port exists:
 * - `runtime.sendMessage` (relay → worker: `relay:hello`, answered at once);
 * - `runtime.onMessage` (the worker hears hellos; a relay hears `bg:wake`);
 * - `tabs.sendMessage` (worker → every frame of a tab: `bg:wake`).
 *
 * Routing and relay logic take the small interfaces below. The real ones come from
 * `./browser-apis` (the service worker, through webextension-polyfill) and `./chrome-apis` (the
 * relay, Chrome's callback API); unit tests pass the in-memory fakes of `./testing/fake-one-shot`.
 * Either way a failure is a rejected promise, never an "Unchecked runtime.lastError" in a console.
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

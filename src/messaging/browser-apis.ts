/**
 * Adapters over webextension-polyfill's `browser.*` for the extension pages: the service worker
 * and the DevTools page here; the panel opens its port with `createRuntimePort(browser.runtime)`
 * from ./port.ts. Entry files import the polyfill and hand its namespaces in; routing and panel
 * logic only ever see `PortLike`, `MessageEvents` and `TabMessenger`.
 * (The per-frame relay uses ./chrome-apis.ts instead, to keep the polyfill out of every page.)
 *
 * The polyfill's promises read `runtime.lastError` inside Chrome's callbacks themselves, so a
 * failed send is a rejection here, never an "Unchecked runtime.lastError" in the worker's console;
 * "The message port closed before a response was received" (listeners that did not answer)
 * resolves `undefined` (mozilla/webextension-polyfill#130), which every caller reads as "no".
 *
 * Types are structural subsets of the polyfill's, so unit tests pass plain objects.
 */
import type { MessageEvents, MessageSender, TabMessenger } from './one-shot';
import {
  wrapRuntimePort,
  type PortLike,
  type RuntimeLike,
  type RuntimePort,
  type Unsubscribe,
} from './port';

interface BrowserEvent<Listener> {
  addListener(listener: Listener): void;
  removeListener(listener: Listener): void;
}

/**
 * A `browser.runtime.onMessage` listener: the polyfill sends what the returned promise resolves
 * to; returning anything that is not a promise (or `true`) leaves the message unanswered.
 */
type BrowserMessageListener = (
  message: unknown,
  sender: MessageSender,
) => Promise<unknown> | undefined;

/** The part of `browser.runtime` the extension pages use. */
export interface BrowserRuntime extends RuntimeLike {
  readonly id?: string;
  readonly onConnect: BrowserEvent<(port: RuntimePort) => void>;
  readonly onMessage: BrowserEvent<BrowserMessageListener>;
}

/** The part of `browser.tabs` the worker uses (no `tabs` permission: our own content scripts). */
export interface BrowserTabs {
  sendMessage(tabId: number, message: unknown): Promise<unknown>;
}

/** `browser.tabs.query`: without the `tabs` permission tabs come without url/title; ids suffice. */
export interface BrowserTabQuery {
  query(queryInfo: Record<string, never>): Promise<ReadonlyArray<{ readonly id?: number }>>;
}

/** The part of `browser.devtools` the DevTools page uses. */
export interface BrowserDevtoolsPanels {
  create(title: string, iconPath: string, pagePath: string): Promise<unknown>;
}

/** Ports other extension contexts open to this one (`runtime.onConnect`). */
export function onPortConnected(
  runtime: BrowserRuntime,
  handler: (port: PortLike) => void,
): Unsubscribe {
  const listener = (port: RuntimePort): void =>
    handler(wrapRuntimePort(port, () => runtime.lastError));
  runtime.onConnect.addListener(listener);
  return () => runtime.onConnect.removeListener(listener);
}

/** `runtime.onMessage`: a handler's answer goes back as the reply; `undefined` leaves it unanswered. */
export function createBrowserMessageEvents(runtime: BrowserRuntime): MessageEvents {
  return {
    onMessage(handler) {
      const listener: BrowserMessageListener = (message, sender) => {
        const answer = handler(message, sender);
        return answer === undefined ? undefined : Promise.resolve(answer);
      };
      runtime.onMessage.addListener(listener);
      return () => runtime.onMessage.removeListener(listener);
    },
  };
}

export function createBrowserTabMessenger(tabs: BrowserTabs): TabMessenger {
  return {
    sendMessage(tabId, message) {
      try {
        return tabs.sendMessage(tabId, message);
      } catch (error) {
        // A synchronous throw ("Extension context invalidated.") is a rejection like the rest.
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    },
  };
}

/** `tabs.query({})` as the ids of every tab of the profile (for the socket census). */
export function createBrowserTabLister(tabs: BrowserTabQuery): {
  listTabIds(): Promise<readonly number[]>;
} {
  return {
    async listTabIds() {
      const all = await tabs.query({});
      return all.map((tab) => tab.id).filter((id): id is number => typeof id === 'number');
    },
  };
}

/** Adds a DevTools panel (the DevTools page's one job). */
export function createDevtoolsPanel(
  panels: BrowserDevtoolsPanels,
  panel: { readonly title: string; readonly icon: string; readonly page: string },
): Promise<void> {
  return panels.create(panel.title, panel.icon, panel.page).then(() => undefined);
}

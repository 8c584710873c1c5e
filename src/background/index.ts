/**
 * Service worker (MV3, module). Hop chain: relays (port "relay"; before it, `relay:hello` via
 * runtime.sendMessage and `bg:wake` via tabs.sendMessage) ⇄ [worker] ⇄ panels (port
 * "panel:<tabId>"). May import: src/protocol, src/messaging, src/background,
 * webextension-polyfill. Wiring only: the routing is in tab-router.ts.
 *
 * The listeners are registered synchronously at the top level so a worker woken by a connect or a
 * hello sees them.
 */
import browser from 'webextension-polyfill';
import { createMessageEvents, createTabMessenger } from '../messaging/one-shot';
import { wrapRuntimePort } from '../messaging/port';
import { createTabRouter } from './tab-router';

// chrome.* (callback form) for one-shot messages: the adapters answer synchronously and read
// lastError themselves (the polyfill's onMessage would not send a plain returned value).
const router = createTabRouter({ tabs: createTabMessenger(chrome.tabs, chrome.runtime) });

createMessageEvents(chrome.runtime).onMessage((message, sender) =>
  router.handleMessage(message, sender),
);

browser.runtime.onConnect.addListener((port) =>
  router.handleConnect(wrapRuntimePort(port, () => chrome.runtime.lastError)),
);

/**
 * Service worker (MV3, module). Hop chain: relays (port "relay") ⇄ [worker] ⇄ panels
 * (port "panel:<tabId>"). May import: src/protocol, src/messaging, src/background,
 * webextension-polyfill. Wiring only: the routing is in tab-router.ts.
 *
 * The listener is registered synchronously at the top level so a worker woken by a connect sees it.
 */
import browser from 'webextension-polyfill';
import { wrapRuntimePort } from '../messaging/port';
import { createTabRouter } from './tab-router';

const router = createTabRouter();

browser.runtime.onConnect.addListener((port) =>
  router.handleConnect(wrapRuntimePort(port, () => chrome.runtime.lastError)),
);

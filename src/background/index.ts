/**
 * Service worker — extension world (MV3, module worker), one per browser profile.
 * Hop chain: relays (port "relay"; before it, `relay:hello` via runtime.sendMessage and `bg:wake`
 * via tabs.sendMessage) ⇄ [worker] ⇄ panels (port "panel:<tabId>").
 * May import: src/protocol, src/messaging, src/shared, src/background, webextension-polyfill
 * (extension APIs only through the src/messaging/browser-apis adapters). Wiring only: the
 * routing is in tab-router.ts.
 *
 * The listeners are registered synchronously at the top level: Chrome delivers the event that
 * woke a stopped worker only to listeners added in its first turn
 * (https://developer.chrome.com/docs/extensions/develop/concepts/service-workers/events).
 */
import browser from 'webextension-polyfill';
import {
  createBrowserMessageEvents,
  createBrowserTabLister,
  createBrowserTabMessenger,
  onPortConnected,
} from '../messaging/browser-apis';
import { chromeDebugger } from '../messaging/chrome-apis';
import { chromeCaptureDebugger, createCaptureRelease } from './capture-release';
import { createTabRouter } from './tab-router';

const router = createTabRouter({
  tabs: createBrowserTabMessenger(browser.tabs),
  tabList: createBrowserTabLister(browser.tabs),
});

createBrowserMessageEvents(browser.runtime).onMessage((message, sender) =>
  router.handleMessage(message, sender),
);
onPortConnected(browser.runtime, (port) => router.handleConnect(port));
// Network capture's chrome.debugger attachments end with the tab's last panel (the panel itself
// gets no unload when DevTools closes). chrome.debugger: the polyfill does not wrap it.
const captureRelease = createCaptureRelease(() => chromeCaptureDebugger(chromeDebugger()));
onPortConnected(browser.runtime, (port) => captureRelease.handleConnect(port));

/**
 * Relay content script — ISOLATED world, document_start, all frames; built as one self-contained
 * IIFE (vite.config.ts STANDALONE_CONTENT_SCRIPTS).
 * Hop chain: page hook ⇄ window.postMessage ⇄ [relay] ⇄ runtime port "relay" ⇄ service worker;
 * before the port exists (dormant: no panel watches the tab): `relay:hello` via
 * runtime.sendMessage, `bg:wake` via tabs.sendMessage.
 * May import: src/protocol, src/messaging, content/relay, webextension-polyfill. Wiring only: the
 * logic lives in content/relay/create-relay.ts.
 */
import browser from 'webextension-polyfill';
import { createMessageEvents, createRuntimeMessenger } from '../src/messaging/one-shot';
import { watchDocumentReplaced } from '../src/messaging/document-replaced';
import { createRuntimePort, isExtensionContextValid } from '../src/messaging/port';
import { createRelay } from './relay/create-relay';

const relay = createRelay({
  win: window,
  connect: (name) => createRuntimePort(browser.runtime, name),
  // chrome.runtime (callback form): the adapters read lastError themselves, so a hello nobody
  // answers never logs an error into the page's console.
  messenger: createRuntimeMessenger(chrome.runtime),
  messages: createMessageEvents(chrome.runtime),
  // chrome.runtime directly: after an extension reload its `id` reads undefined (the polyfill
  // object would only proxy the same property).
  isContextValid: () => isExtensionContextValid(globalThis.chrome?.runtime),
});

const onPageHide = (event: PageTransitionEvent): void => relay.handlePageHide(event.persisted);
const onPageShow = (event: PageTransitionEvent): void => relay.handlePageShow(event.persisted);
const onActivated = (): void => relay.handleActivated();
// Named listeners, so adding them again is a no-op while they are still there.
function listen(): void {
  addEventListener('pagehide', onPageHide);
  addEventListener('pageshow', onPageShow);
  document.addEventListener('prerenderingchange', onActivated);
}
listen();
// document.open() (document.write into a loaded frame) erases all of the above and the relay's
// window listener: add them back.
watchDocumentReplaced(document, MutationObserver, () => {
  listen();
  relay.handleDocumentReplaced();
});

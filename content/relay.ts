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

addEventListener('pagehide', (event) => relay.handlePageHide(event.persisted));
addEventListener('pageshow', (event) => relay.handlePageShow(event.persisted));
document.addEventListener('prerenderingchange', () => relay.handleActivated());

/**
 * Relay content script — ISOLATED world, document_start, every frame; built as one self-contained
 * IIFE (vite.config.ts STANDALONE_CONTENT_SCRIPTS).
 * Hop chain: page hook ⇄ window.postMessage ⇄ [relay] ⇄ runtime port "relay" ⇄ service worker;
 * before the port exists (dormant: no panel watches the tab): `relay:hello` via
 * runtime.sendMessage, `bg:wake` via tabs.sendMessage.
 * May import: src/protocol, src/messaging (never ./browser-apis), src/shared, content/relay.
 * No webextension-polyfill: it would double the size of a script that runs in every frame (see
 * src/messaging/chrome-apis.ts). Wiring only: the logic lives in content/relay/create-relay.ts.
 *
 * Asleep until the hook's first stream: until RELAY_WAKE_EVENT (src/protocol/version.ts) the
 * relay holds one listener on `performance` and has touched neither `chrome.runtime` nor
 * `document`, so a frame that never uses SSE pays for neither. Such a frame is absent from the
 * panel, the census and `bg:wake` alike: it has nothing to show.
 */
import { createRelayApis } from '../src/messaging/chrome-apis';
import { watchDocumentReplaced } from '../src/messaging/document-replaced';
import { RELAY_WAKE_EVENT } from '../src/protocol/version';
import { createDomCensusChannel } from './relay/census-channel';
import { createRelay } from './relay/create-relay';
import { createProtocolLookup } from './relay/next-hop-protocol';

function start(): void {
  const relay = createRelay({
    win: window,
    ...createRelayApis(),
    census: createDomCensusChannel(performance),
    protocolOf: createProtocolLookup(performance),
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
}

// `once`: a page dispatching our event again starts nothing twice. The start runs in a task of
// its own: the event is dispatched inside the page's first `new EventSource()` or fetch, and
// setting up the extension bindings takes milliseconds the page's call should not wait for.
// Nothing is lost meanwhile: the hook posts only once attached, which needs this relay.
performance.addEventListener(RELAY_WAKE_EVENT, () => setTimeout(start, 0), { once: true });

/**
 * SSE panel page (extension world, an iframe inside DevTools). Wiring only: the store, the link
 * to the service worker (port "panel:<tabId>", attach with cursors on every reconnect), the
 * DevTools adapter, render. May import: panel/**, src/protocol, src/messaging, polyfill.
 */
import browser from 'webextension-polyfill';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createPanelLink } from '../src/messaging/panel-link';
import { createRuntimePort, isExtensionContextValid } from '../src/messaging/port';
import { App } from './components/App';
import { createChromeDevtoolsApi, DevtoolsApiProvider } from './devtools-api';
import { createHookProbe, HookProbeProvider } from './hook-probe';
import { followDevtoolsTheme } from './theme/follow-theme';
import { createPanelStore, forgotSession, HOOK_SESSION_EXPRESSION } from './store';
import { PanelStoreProvider } from './use-panel-store';
import { exposeForTests } from './test-global';
import { createInsight } from './acceptance/insight-wiring';
import { InsightStoreProvider } from './acceptance/view-store';
import { uiLanguage } from './locale/chrome-messages';
import { createExtensionStorage } from './settings/settings-storage';
import {
  createChromeDebuggerApi,
  createNetworkCaptureController,
} from './network/debugger-capture';
import './styles.css';

// One model inside: the table the store publishes and the history the acceptance views judge.
const store = createPanelStore();
// Extension APIs go through webextension-polyfill (`browser`) where it wraps them. Two stay on
// `chrome`, each behind its adapter: DevTools' openResource/setThemeChangeHandler are Chrome-only
// callbacks, and the polyfill does not wrap chrome.debugger.
const devtools = createChromeDevtoolsApi(chrome.devtools);
const storage = createExtensionStorage(browser.storage.local);
const tabId = browser.devtools.inspectedWindow.tabId;
followDevtoolsTheme(devtools);
document.documentElement.lang = uiLanguage();
exposeForTests(store, storage);
// Timeline, acceptance, evidence, per-origin settings (see acceptance/insight-wiring.ts).
const insight = createInsight({
  panel: store,
  devtools,
  storage,
});

const link = createPanelLink({
  tabId,
  connect: (name) => createRuntimePort(browser.runtime, name),
  getCursors: () => store.getState().getCursors(),
  getSettings: () => store.getState().settings,
  // Validated once, here: the store (and through the model, the recorder) get typed messages.
  onMessage: (message) => {
    if (message.kind === 'bg:probe-result') hookProbe.answered(message);
    else store.getState().messageReceived(message);
  },
  onInvalid: (_message, reason) => store.getState().invalidReceived(reason),
  onStatus: (status) => store.getState().linkStatusChanged(status),
  isContextValid: () => isExtensionContextValid(browser.runtime),
});
// "Why CLOSED?" while capture is off: the hook re-requests the real URL (./hook-probe.ts).
const hookProbe = createHookProbe({
  send: (message) => link.sendProbe(message),
  redactParams: () => store.getState().settings.redactParams,
});
store.subscribe((state, previous) => {
  if (state.settings !== previous.settings) link.pushSettings(state.settings);
  // Sessions forgotten (a dropped page): the background must not keep their old cursors.
  if (state.cursors !== previous.cursors && forgotSession(previous.cursors, state.cursors))
    link.refreshCursors();
});
// The panel shown again: a fresh socket census now rather than at the next 2 s round.
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible') link.requestCensus();
});
// Which document is there now decides whether anything was unloaded (see store.navigated).
devtools.onNavigated((url) => {
  void devtools.evalInPage(HOOK_SESSION_EXPRESSION).then((result) => {
    const session = typeof result.value === 'string' ? result.value : null;
    const current = result.error !== undefined ? undefined : session;
    store.getState().navigated(url, current);
    insight.pageChanged(url);
  });
});
// Opt-in network capture (chrome.debugger on the inspected tab only); events fold in at most
// every 100 ms so a chatty stream costs one table update per interval.
let captureFlush: ReturnType<typeof setTimeout> | null = null;
const network = createNetworkCaptureController({
  api: createChromeDebuggerApi(chrome),
  tabId,
  onCapture: (capture) => {
    captureFlush ??= setTimeout(() => {
      captureFlush = null;
      store.getState().networkCaptured(capture);
    }, 100);
  },
  onStatus: (status, detail) => store.getState().networkCaptureStatusChanged(status, detail),
  redactParams: () => store.getState().settings.redactParams,
});
store.getState().bindNetworkCapture(network);
window.addEventListener('pagehide', () => {
  link.close();
  // The attachment belongs to the extension, not this page: without this Chrome's debugging bar
  // would stay after DevTools closed.
  network.turnOff();
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <PanelStoreProvider store={store}>
      <DevtoolsApiProvider api={devtools}>
        <HookProbeProvider value={hookProbe}>
          <InsightStoreProvider store={insight.store}>
            <App />
          </InsightStoreProvider>
        </HookProbeProvider>
      </DevtoolsApiProvider>
    </PanelStoreProvider>
  </StrictMode>,
);

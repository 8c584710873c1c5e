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
import { createPanelStore, PanelStoreProvider } from './store';
import { exposeForTests } from './test-global';
import './styles.css';

const store = createPanelStore();
const devtools = createChromeDevtoolsApi(chrome.devtools);
document.documentElement.dataset.theme = devtools.themeName;
exposeForTests(store);

const link = createPanelLink({
  tabId: chrome.devtools.inspectedWindow.tabId,
  connect: (name) => createRuntimePort(browser.runtime, name),
  getCursors: () => store.getState().getCursors(),
  getSettings: () => store.getState().settings,
  onMessage: (message) => store.getState().messageReceived(message),
  onStatus: (status) => store.getState().linkStatusChanged(status),
  isContextValid: () => isExtensionContextValid(browser.runtime),
});
store.subscribe((state, previous) => {
  if (state.settings !== previous.settings) link.pushSettings(state.settings);
});
devtools.onNavigated((url) => store.getState().navigated(url));
window.addEventListener('pagehide', () => link.close());

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <PanelStoreProvider store={store}>
      <DevtoolsApiProvider api={devtools}>
        <App />
      </DevtoolsApiProvider>
    </PanelStoreProvider>
  </StrictMode>,
);

/**
 * DevTools page — extension world, one per open DevTools window. Creates the "SSE" panel and
 * nothing else: the panel page connects to the service worker itself.
 * May import: src/messaging/browser-apis, webextension-polyfill. Hop chain: not part of it.
 */
import browser from 'webextension-polyfill';
import { createDevtoolsPanel } from '../messaging/browser-apis';

/** Must match the emitted path of `panel/index.html` (see vite.config.ts rollupOptions.input). */
export const PANEL_PAGE = 'panel/index.html';

void createDevtoolsPanel(browser.devtools.panels, {
  title: 'SSE',
  icon: 'icons/icon-32.png',
  page: PANEL_PAGE,
});

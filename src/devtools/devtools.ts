/**
 * DevTools page (extension world, one per open DevTools window). Creates the "SSE" panel and
 * nothing else: the panel page connects to the service worker itself.
 * May import: webextension-polyfill. Hop chain: not part of it.
 */
import browser from 'webextension-polyfill';

/** Must match the emitted path of `panel/index.html` (see vite.config.ts rollupOptions.input). */
export const PANEL_PAGE = 'panel/index.html';

void browser.devtools.panels.create('SSE', 'icons/icon-32.png', PANEL_PAGE);

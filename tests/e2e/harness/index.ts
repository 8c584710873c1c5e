/**
 * The e2e harness: real Chromium with the built extension, a real SSE server on 127.0.0.1
 * (the demo server, ephemeral port), and the real DevTools panel.
 *
 *   const h = await launchHarness({ pages: { '/one.html': html } });
 *   const page = await h.newPage('/one.html');
 *   const { frame } = await h.openPanel(page);
 */
import type { Page } from 'puppeteer-core';
import {
  createDemoServer,
  type DemoServer,
  type DemoServerOptions,
} from '../../../demo/server/index';
import { openPanel, type OpenedPanel } from './devtools';
import { launchBrowser, type LaunchOptions, type LaunchedBrowser } from './launch';

export { waitFor } from './wait';
export {
  openPanel,
  showBuiltinPanelScript,
  undockDevTools,
  CURRENT_PANEL_SCRIPT,
} from './devtools';
export { launchBrowser, DIST } from './launch';
export { enablePanelTestGlobal, waitForPanelTestGlobal } from './test-global';
export type { OpenedPanel } from './devtools';

export interface HarnessOptions extends LaunchOptions {
  /** Extra fixture pages served by the SSE server: path → HTML. */
  readonly pages?: Record<string, string>;
  readonly server?: DemoServerOptions;
}

export interface Harness extends LaunchedBrowser {
  readonly server: DemoServer;
  /**
   * Opens a new tab at `path` on the fixture server (or a full URL). `init` runs in every new
   * document of that tab before the page's own scripts (page.evaluateOnNewDocument).
   */
  newPage(path?: string, options?: { init?: string }): Promise<Page>;
  /** Opens DevTools for the page and shows the SSE panel. */
  openPanel(page: Page): Promise<OpenedPanel>;
  /** Stops the extension's service worker the way Chrome does when idle (CDP Target.closeTarget). */
  stopServiceWorker(): Promise<void>;
}

export async function launchHarness(options: HarnessOptions = {}): Promise<Harness> {
  const server = await createDemoServer({
    ...options.server,
    pages: { ...options.server?.pages, ...options.pages },
  });
  let launched: LaunchedBrowser;
  try {
    launched = await launchBrowser(options);
  } catch (error) {
    await server.close();
    throw error;
  }
  const { browser, extensionId } = launched;
  return {
    ...launched,
    server,
    async newPage(path = '/', pageOptions = {}) {
      const page = await browser.newPage();
      if (pageOptions.init) await page.evaluateOnNewDocument(pageOptions.init);
      await page.goto(path.startsWith('http') ? path : `${server.url}${path}`, {
        waitUntil: 'domcontentloaded',
      });
      return page;
    },
    async openPanel(page) {
      if (!extensionId) throw new Error('launched without the extension');
      return openPanel(page, extensionId);
    },
    async stopServiceWorker() {
      if (!extensionId) throw new Error('launched without the extension');
      const cdp = await browser.target().createCDPSession();
      try {
        const { targetInfos } = await cdp.send('Target.getTargets');
        const sw = targetInfos.find(
          (t) =>
            t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${extensionId}/`),
        );
        if (!sw) throw new Error('service worker is not running');
        await cdp.send('Target.closeTarget', { targetId: sw.targetId });
      } finally {
        await cdp.detach();
      }
    },
    async close() {
      await launched.close();
      await server.close();
    },
  };
}

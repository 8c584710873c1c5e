/**
 * Chromium for `npm start`: the harness's recipe (flags, extension loading, DevTools as a page)
 * with one difference that matters here: puppeteer must not handle SIGINT/SIGTERM/SIGHUP. By
 * default it kills the browser and calls `process.exit(130)` on Ctrl+C, which would skip the
 * orderly shutdown of Vite and the SSE server.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';
import { findChromium } from '../../tests/e2e/harness/find-chromium.mjs';
import { DIST, QUIET_FLAGS } from '../../tests/e2e/harness/launch';

export interface StartBrowser {
  readonly browser: Browser;
  readonly extensionId: string;
  close(): Promise<void>;
}

export async function launchStartBrowser(headless: boolean): Promise<StartBrowser> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'sse-devtools-start-'));
  let browser: Browser;
  try {
    browser = await puppeteer.launch({
      executablePath: findChromium(),
      headless,
      userDataDir,
      handleDevToolsAsPage: true,
      defaultViewport: null,
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
      ignoreDefaultArgs: ['--disable-extensions'],
      args: [
        ...QUIET_FLAGS,
        '--window-size=1400,900',
        `--disable-extensions-except=${DIST}`,
        `--load-extension=${DIST}`,
      ],
    });
  } catch (error) {
    rmSync(userDataDir, { recursive: true, force: true });
    throw error;
  }
  const sw = await browser.waitForTarget(
    (t) => t.type() === 'service_worker' && t.url().startsWith('chrome-extension://'),
    { timeout: 30_000 },
  );
  return {
    browser,
    extensionId: new URL(sw.url()).host,
    async close() {
      await browser.close().catch((error: unknown) => {
        // Already closed by the user, or crashed: nothing left to stop; still remove the profile.
        if (browser.connected) console.warn('Closing Chromium failed:', error);
      });
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

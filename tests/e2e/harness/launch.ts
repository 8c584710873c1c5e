/**
 * Launches real Chromium with (or without) the built extension from dist/.
 * Flags and the puppeteer-core 24 recipe come from shared/notes/browser-testing.md.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import puppeteer, { type Browser, type Target, type WebWorker } from 'puppeteer-core';
import { findChromium } from './find-chromium.mjs';
import { enablePanelTestGlobal } from './test-global';

/** The build under test: dist/, or another output directory named by SSE_DEVTOOLS_DIST. */
export const DIST = process.env.SSE_DEVTOOLS_DIST
  ? resolve(process.env.SSE_DEVTOOLS_DIST)
  : resolve(import.meta.dirname, '../../../dist');

/** Keeps Chromium quiet on a closed network (each flag stops a background connection). */
export const QUIET_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-features=Translate,OptimizationHints,MediaRouter',
];

export interface LaunchOptions {
  /** Load dist/ as an unpacked extension (default true). */
  readonly extension?: boolean;
  /** Another build to load instead of dist/ (A/B comparisons of two builds). */
  readonly dist?: string;
  /** Puppeteer's Network domain on every page; off for benchmarks (it costs ~8x on SSE). */
  readonly networkEnabled?: boolean;
  readonly headless?: boolean;
  /** Extra Chromium flags. */
  readonly args?: readonly string[];
  /**
   * Let the panel expose `window.__SSE_PANEL_STORE__` (default true with the extension; see
   * test-global.ts). False runs the panel exactly as a user has it.
   */
  readonly testGlobal?: boolean;
}

export interface LaunchedBrowser {
  readonly browser: Browser;
  readonly extensionId: string | null;
  /** The extension's service worker (null without the extension). */
  serviceWorker(): Promise<WebWorker>;
  close(): Promise<void>;
}

export async function launchBrowser(options: LaunchOptions = {}): Promise<LaunchedBrowser> {
  const withExtension = options.extension ?? true;
  const dist = options.dist ?? DIST;
  if (withExtension && !existsSync(join(dist, 'manifest.json'))) {
    throw new Error(`${dist}/manifest.json is missing: run \`npm run build\` first.`);
  }
  const userDataDir = mkdtempSync(join(tmpdir(), 'sse-devtools-e2e-'));
  const browser = await puppeteer.launch({
    executablePath: findChromium(),
    headless: options.headless ?? true,
    userDataDir,
    handleDevToolsAsPage: true,
    defaultViewport: null,
    networkEnabled: options.networkEnabled ?? true,
    ignoreDefaultArgs: withExtension ? ['--disable-extensions'] : [],
    args: [
      ...QUIET_FLAGS,
      '--window-size=1400,900',
      ...(withExtension ? [`--disable-extensions-except=${dist}`, `--load-extension=${dist}`] : []),
      ...(options.args ?? []),
    ],
  });
  let extensionId: string | null = null;
  let sw: Target | null = null;
  if (withExtension) {
    sw = await browser.waitForTarget(
      (t) => t.type() === 'service_worker' && t.url().startsWith('chrome-extension://'),
      { timeout: 30_000 },
    );
    extensionId = new URL(sw.url()).host;
  }
  const launched: LaunchedBrowser = {
    browser,
    extensionId,
    async serviceWorker() {
      if (!extensionId) throw new Error('launched without the extension');
      const target = await browser.waitForTarget(
        (t) =>
          t.type() === 'service_worker' && t.url().startsWith(`chrome-extension://${extensionId}/`),
        { timeout: 30_000 },
      );
      const worker = await target.worker();
      if (!worker) throw new Error('service worker target has no worker');
      return worker;
    },
    async close() {
      await browser.close().catch((error: unknown) => {
        // Closing a browser that already crashed: report, then clean the profile anyway.
        console.warn('browser.close failed:', error);
      });
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
  if (sw && (options.testGlobal ?? true)) {
    try {
      await enablePanelTestGlobal(sw);
    } catch (error) {
      await launched.close();
      throw error;
    }
  }
  return launched;
}

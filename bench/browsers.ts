/**
 * Two browsers side by side: A without the extension, B with it (the built dist/). For an A/B of
 * two builds of the hook (`npm run bench -- --baseline=DIR`, see run.ts), A loads the baseline
 * build instead of no extension, so every figure becomes new hook / old hook in the same run.
 */
import type { CDPSession, Page } from 'puppeteer-core';
import { launchBrowser, type LaunchedBrowser } from '../tests/e2e/harness/launch';
import { openPanel } from '../tests/e2e/harness/devtools';

export interface Side {
  readonly name: 'native' | 'hooked';
  readonly launched: LaunchedBrowser;
  readonly page: Page;
}

export interface SideOptions {
  /**
   * Keep puppeteer's Runtime domain enabled on the page (default true). Off = the page as a user
   * with DevTools closed runs it: while any inspector session has Runtime enabled, V8 records
   * every `new Error()` for the inspector too (up to 200 frames, whatever Error.stackTraceLimit
   * says), which made each stack capture ≈ 3x dearer (measured). Evaluation keeps working.
   */
  readonly inspector?: boolean;
  /** A build other than dist/ for the hooked side (A/B of two builds while profiling). */
  readonly dist?: string;
}

const builds: { baseline?: string; hooked?: string } = {};

/** `baseline`: the build side A loads (none: no extension); `hooked`: side B's (default dist/). */
export function selectBuilds(options: { baseline?: string; hooked?: string }): void {
  builds.baseline = options.baseline;
  builds.hooked = options.hooked;
}

/** Puppeteer's own session of the page (not public API: checked, so a rename fails loudly). */
function ownSession(page: Page): CDPSession {
  const client = (page as unknown as { _client?: () => CDPSession })._client;
  if (typeof client !== 'function')
    throw new Error('puppeteer Page._client() is gone: update bench/browsers.ts');
  return client.call(page);
}

/** Turns puppeteer's Runtime domain on the page on or off (see SideOptions.inspector). */
export async function setInspector(page: Page, on: boolean): Promise<void> {
  await ownSession(page).send(on ? 'Runtime.enable' : 'Runtime.disable');
}

export async function openSide(
  name: Side['name'],
  url: string,
  devtools: boolean,
  options: SideOptions = {},
): Promise<Side> {
  // Puppeteer's own Network domain would make Chromium emit a protocol event per SSE message
  // (~8x slower); DevTools, when open, does that on both sides alike.
  const launched = await launchBrowser({
    extension: name === 'hooked' || builds.baseline !== undefined,
    networkEnabled: false,
    dist: name === 'hooked' ? (options.dist ?? builds.hooked) : builds.baseline,
  });
  const page = await launched.browser.newPage();
  await page.goto(url, { waitUntil: 'load' });
  if (devtools) {
    if (launched.extensionId) await openPanel(page, launched.extensionId);
    else await page.openDevTools();
  }
  if (options.inspector === false) await setInspector(page, false);
  return { name, launched, page };
}

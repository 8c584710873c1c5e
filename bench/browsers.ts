/** Two browsers side by side: A without the extension, B with it (the built dist/). */
import type { Page } from 'puppeteer-core';
import { launchBrowser, type LaunchedBrowser } from '../tests/e2e/harness/launch';
import { openPanel } from '../tests/e2e/harness/devtools';

export interface Side {
  readonly name: 'native' | 'hooked';
  readonly launched: LaunchedBrowser;
  readonly page: Page;
}

export async function openSide(name: Side['name'], url: string, devtools: boolean): Promise<Side> {
  // Puppeteer's own Network domain would make Chromium emit a protocol event per SSE message
  // (~8x slower); DevTools, when open, does that on both sides alike.
  const launched = await launchBrowser({ extension: name === 'hooked', networkEnabled: false });
  const page = await launched.browser.newPage();
  await page.goto(url, { waitUntil: 'load' });
  if (devtools) {
    if (launched.extensionId) await openPanel(page, launched.extensionId);
    else await page.openDevTools();
  }
  return { name, launched, page };
}

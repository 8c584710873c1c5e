/**
 * The panel as a daily tool, in the real panel of real Chromium: a page whose EventSources are
 * made by minified bundles shows the construction frames as the original TypeScript file:line,
 * read from the page's own source maps (fixtures/daily-b: feed.js with an inline data: map,
 * ticker.js with a same-origin ticker.js.map); the generated position stays beside it. Also the
 * keyboard between tabs and Call sites' exact "Show".
 */
import { resolve } from 'node:path';
import type { Frame, Page } from 'puppeteer-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { shoot } from '../../scripts/evidence/shots';
import { launchHarness, undockDevTools, waitFor, type Harness } from './harness';

const FIXTURES = resolve(import.meta.dirname, 'fixtures/daily-b');

let h: Harness;
let page: Page;
let frame: Frame;
let devtools: Page;
/** Set (e.g. SSE_PANEL_SHOTS=docs/panel) to also write screenshots of these pieces there. */
const SHOTS = process.env.SSE_PANEL_SHOTS;

/** The key of the row whose URL contains `part`. */
const keyOf = (part: string): Promise<string> =>
  waitFor(
    () =>
      frame.evaluate((p) => {
        const conns = (
          window as unknown as {
            __SSE_PANEL_STORE__: {
              getState(): { connections: Map<string, { key: string; url: string }> };
            };
          }
        ).__SSE_PANEL_STORE__.getState().connections;
        return [...conns.values()].find((c) => c.url.includes(p))?.key ?? null;
      }, part),
    { timeout: 30_000, message: `no connection for ${part}` },
  );

/** Selects the row (a real click), then waits for the construction stack's first app frame. */
async function constructionFrame(key: string) {
  await frame.click(`[data-testid="connection-row"][data-key="${key}"]`);
  return waitFor(
    () =>
      frame.evaluate(() => {
        const link = document.querySelector(
          '[data-testid="construction-stack"] [data-testid="stack-frame-link"][data-original="true"]',
        );
        const generated = document.querySelector(
          '[data-testid="construction-stack"] [data-testid="stack-frame-generated"]',
        );
        return link && generated
          ? {
              text: link.textContent,
              url: link.getAttribute('data-url'),
              generated: generated.textContent,
              generatedUrl: generated.getAttribute('data-url'),
            }
          : null;
      }),
    { timeout: 20_000, message: 'no source-mapped frame in the construction stack' },
  );
}

beforeAll(async () => {
  h = await launchHarness({ server: { staticDir: FIXTURES, heartbeatMs: 0 } });
  page = await h.newPage('/page.html');
  ({ frame, devtools } = await h.openPanel(page));
});

afterAll(async () => {
  await h?.close();
});

test('a frame in a minified bundle with an inline map reads as the original file:line', async () => {
  const shown = await constructionFrame(await keyOf('feed=1'));
  // src/live-feed.ts line 4: `  const source = new EventSource(path);`
  expect(shown.text).toBe('live-feed.ts:4:18');
  expect(shown.url).toBe(`${h.server.url}/src/live-feed.ts`);
  // The generated position stays: the one-line bundle, as V8 printed it.
  expect(shown.generated).toMatch(/^feed\.js:1:\d+$/);
  expect(shown.generatedUrl).toBe(`${h.server.url}/assets/feed.js`);
});

test('a bundle whose map is a separate same-origin file resolves too', async () => {
  const shown = await constructionFrame(await keyOf('feed=ticker'));
  // src/ticker.ts line 5: `  return new EventSource(url);`
  expect(shown.text).toBe('ticker.ts:5:10');
  expect(shown.generated).toMatch(/^ticker\.js:2:\d+$|^ticker\.js:1:\d+$/);
});

test('arrow keys move between the tabs, focus following', async () => {
  await frame.focus('[data-testid="tab-connections"]');
  await page.bringToFront();
  const tabs = ['callSites', 'timeline', 'acceptance', 'connections'];
  for (const expected of tabs) {
    await frame.$eval('[role="tablist"]', (el) =>
      el.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true })),
    );
    const state = await frame.evaluate(() => ({
      selected: document
        .querySelector('[role="tab"][aria-selected="true"]')
        ?.getAttribute('data-testid'),
      focused: document.activeElement?.getAttribute('data-testid'),
    }));
    expect(state).toEqual({ selected: `tab-${expected}`, focused: `tab-${expected}` });
  }
});

test("Call sites' Show lists exactly that site's connections", async () => {
  await frame.click('[data-testid="tab-callSites"]');
  const sites = await frame.$$eval('[data-testid="call-site-row"]', (rows) =>
    rows.map((r) => r.getAttribute('data-site')),
  );
  expect(sites).toHaveLength(2);
  const feedSite = sites.find((s) => s?.includes('/assets/feed.js'));
  await frame.click(
    `[data-testid="call-site-row"][data-site="${feedSite}"] [data-testid="call-site-show"]`,
  );
  const rows = await waitFor(
    async () => {
      const keys = await frame.$$eval('[data-testid="connection-row"]', (r) =>
        r.map((x) => x.getAttribute('data-key')),
      );
      return keys.length === 1 ? keys : null;
    },
    { timeout: 10_000, message: 'the Show filter did not leave one row' },
  );
  expect(rows).toEqual([await keyOf('feed=1')]);
  expect(await frame.$eval('[data-testid="call-site-filter"]', (e) => e.textContent)).toContain(
    'feed.js:1:',
  );
});

test.runIf(SHOTS)(
  'screenshots of the pieces (docs/panel), each checked not blank',
  async () => {
    const dir = resolve(SHOTS ?? '.');
    await undockDevTools(devtools, { width: 1400, height: 860 });
    await frame.click('[data-testid="call-site-filter"] button');
    await frame.click('[data-testid="tab-connections"]');
    await constructionFrame(await keyOf('feed=1'));
    await shoot(devtools, frame, `${dir}/detail-copy-and-source-map.png`, {
      kind: 'element',
      selector: '[data-testid="detail-pane"]',
    });
    await frame.click('[data-testid="export-menu"]');
    await shoot(devtools, frame, `${dir}/toolbar-export-menu.png`, {
      kind: 'element',
      selector: '[data-testid="export-menu-list"]',
    });
    await frame.click('[data-testid="export-menu"]');
    await frame.click('[data-testid="tab-callSites"]');
    const feedSite = await frame.$eval('[data-testid="call-site-row"][data-site*="feed.js"]', (r) =>
      r.getAttribute('data-site'),
    );
    await frame.click(
      `[data-testid="call-site-row"][data-site="${feedSite}"] [data-testid="call-site-show"]`,
    );
    await frame.click('[data-testid="pause-button"]');
    await shoot(devtools, frame, `${dir}/call-site-filter-and-freeze.png`, {
      kind: 'element',
      selector: '[data-testid="call-site-filter"]',
    });
    await frame.click('[data-testid="tab-acceptance"]');
    await shoot(devtools, frame, `${dir}/freeze-other-tab.png`, {
      kind: 'element',
      selector: '[data-testid="paused-badge"]',
    });
    await frame.click('[data-testid="pause-button"]');
  },
  120_000,
);

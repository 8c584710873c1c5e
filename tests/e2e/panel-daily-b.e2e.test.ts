/**
 * The panel as a daily tool, in the real panel of real Chromium: a page whose EventSources are
 * made by minified bundles shows the construction frames as the original TypeScript file:line,
 * read from the page's own source maps (fixtures/daily-b: feed.js with an inline data: map,
 * ticker.js with a same-origin ticker.js.map); the generated position stays beside it. Also the
 * keyboard between tabs and Call sites' exact "Show".
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
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
const downloads = join(tmpdir(), `sse-e2e-daily-b-${process.pid}`);

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
  rmSync(downloads, { recursive: true, force: true });
  mkdirSync(downloads, { recursive: true });
  h = await launchHarness({ server: { staticDir: FIXTURES, heartbeatMs: 0 } });
  const cdp = await h.browser.target().createCDPSession();
  await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads });
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

test('an imported report is named in every tab with its scope; exports stay live', async () => {
  // Real clicks through the toolbar's one export menu.
  await frame.click('[data-testid="export-menu"]');
  await frame.click('[data-testid="export-json"]');
  const file = await waitFor(
    () => readdirSync(downloads).find((f) => f.endsWith('.json')) ?? null,
    { timeout: 15_000, message: 'the exported report in the downloads folder' },
  );
  // The same report, as if saved on another page: what the panel shows of it is told apart.
  const report = JSON.parse(readFileSync(join(downloads, file), 'utf8')) as {
    page: { url: string };
  };
  report.page.url = 'http://imported.example/page.html';
  const imported = join(downloads, 'imported.json');
  writeFileSync(imported, JSON.stringify(report));
  const input = await frame.$('[data-testid="import-file"]');
  await (input as unknown as { uploadFile(path: string): Promise<void> }).uploadFile(imported);
  await frame.click('[data-testid="tab-connections"]');
  const banner = () =>
    frame.$eval('[data-testid="imported-banner"]', (el) => ({
      scope: el.getAttribute('data-scope'),
      text: el.textContent,
    }));
  const live = await waitFor(() => banner().catch(() => null), { message: 'the banner' });
  expect(live.scope).toBe('live');
  expect(live.text).toContain('LIVE page');
  expect(await frame.$('[data-testid="tab-acceptance-imported"]')).not.toBeNull();
  await frame.click('[data-testid="view-imported"]');
  const shown = await banner();
  expect(shown.scope).toBe('imported');
  expect(shown.text).toContain('imported.example');
  // An export while the import is shown describes the live session, not the imported file.
  await frame.evaluate(() => {
    const w = window as unknown as { copied: string[] };
    w.copied = [];
    Object.defineProperty(navigator.clipboard, 'writeText', {
      configurable: true,
      value: (text: string) => {
        w.copied.push(text);
        return Promise.resolve();
      },
    });
  });
  await frame.click('[data-testid="export-menu"]');
  expect(await frame.$('[data-testid="export-live-note"]')).not.toBeNull();
  await frame.click('[data-testid="copy-md"]');
  const markdown = await waitFor(
    () => frame.evaluate(() => (window as unknown as { copied: string[] }).copied[0] ?? null),
    { message: 'the copied Markdown' },
  );
  expect(markdown).toContain(`${h.server.url}/page.html`);
  expect(markdown).not.toContain('imported.example');
  await frame.click('[data-testid="export-menu"]');
  await frame.click('[data-testid="close-imported"]');
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

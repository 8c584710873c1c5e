/**
 * The panel as a daily tool, in the real DevTools of real Chromium with the real hook, relay and
 * worker: a regex row filter (and its error state), a search over message data with a count and
 * <mark>ed hits, timing columns with values, a hidden column that stays hidden after DevTools is
 * closed and opened again (kept per origin), the CSV export's content, and a browser reconnect's
 * Last-Event-ID in the detail.
 */
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Frame, Page } from 'puppeteer-core';
import { launchHarness, waitFor, type Harness } from './harness';
import { undockDevTools } from './harness/devtools';

// Two feeds of one server, told apart by their query; each listens so the hook sees messages.
const TWO_FEEDS = `<!doctype html><html><head><script>
window.received = 0;
window.esOrders = new EventSource('/v1/events/sse?token=tok-orders&feed=orders');
window.esOrders.addEventListener('order', () => { window.received++; });
window.esOrders.onmessage = () => { window.received++; };
window.esQuotes = new EventSource('/v1/events/sse?token=tok-quotes&feed=quotes');
window.esQuotes.addEventListener('order', () => { window.received++; });
window.esQuotes.onmessage = () => { window.received++; };
</script></head><body>two feeds</body></html>`;

let h: Harness;
let page: Page;
let frame: Frame;
let devtools: Page;

const rowKeys = () =>
  frame.$$eval('[data-testid="connection-row"]', (els) =>
    els.map((el) => (el as HTMLElement).dataset.key ?? ''),
  );
const headerTexts = () =>
  frame.$$eval('[data-testid="table-header"] [role="columnheader"]', (els) =>
    els.map((el) => el.textContent ?? ''),
  );

async function typeInto(testId: string, text: string): Promise<void> {
  const input = await frame.$(`[data-testid="${testId}"]`);
  if (!input) throw new Error(`no ${testId}`);
  await input.click({ clickCount: 3 });
  await input.press('Backspace');
  if (text) await input.type(text);
}

beforeAll(async () => {
  h = await launchHarness({
    pages: { '/feeds.html': TWO_FEEDS },
    // A short retry: so the reconnect after dropAll() comes within the test's patience.
    server: { retryMs: 200, heartbeatMs: 0 },
  });
  page = await h.newPage('/feeds.html');
  await page.waitForFunction(
    () =>
      (window as unknown as { esOrders: EventSource }).esOrders.readyState === 1 &&
      (window as unknown as { esQuotes: EventSource }).esQuotes.readyState === 1,
  );
  // Three orders, spaced so the gaps between messages are not all alike.
  for (const [i, sku] of ['ZX-41', 'ZX-42', 'QQ-7'].entries()) {
    h.server.broadcast('order.created', { sku, n: i }, { event: 'order' });
    await new Promise((r) => setTimeout(r, 120 * (i + 1)));
  }
  await page.waitForFunction(() => (window as unknown as { received: number }).received === 6);
  ({ frame, devtools } = await h.openPanel(page));
  await waitFor(async () => (await rowKeys()).length === 2, { message: 'two rows' });
});

afterAll(async () => {
  await h?.close();
});

describe('search', () => {
  test('a /regex/ filters rows by URL; an invalid one marks the input instead of throwing', async () => {
    await typeInto('filter-text', '/feed=quo.es$/');
    await waitFor(async () => (await rowKeys()).length === 1, { message: 'one row for the regex' });
    const endpointTitle = await frame.$eval(
      '[data-testid="connection-row"] [data-column="endpoint"]',
      (el) => el.getAttribute('title') ?? '',
    );
    expect(endpointTitle).toContain('feed=quotes');

    await typeInto('filter-text', '/(feed/');
    await waitFor(
      async () =>
        (await frame.$eval('[data-testid="filter-text"]', (el) =>
          el.getAttribute('aria-invalid'),
        )) === 'true',
      { message: 'the filter input in its error state' },
    );
    expect(await rowKeys()).toEqual([]);
    await typeInto('filter-text', '');
    await waitFor(async () => (await rowKeys()).length === 2, { message: 'both rows again' });
  });

  test('message data search: a count and <mark>ed hits across both connections', async () => {
    await typeInto('search-text', '/ZX-\\d+/');
    const count = await waitFor(
      async () => {
        const text = await frame
          .$eval('[data-testid="search-count"]', (el) => el.textContent ?? '')
          .catch(() => '');
        return text.startsWith('4 hits') ? text : null;
      },
      { message: 'four hits (two orders on two feeds)' },
    );
    expect(count).toContain('in 2 connections');
    const marks = await frame.$$eval(
      '[data-testid="search-results"], [data-testid="search-hit"]',
      (els) => els.map((el) => [el.tagName, el.textContent ?? '']),
    );
    expect(
      marks
        .filter(([tag]) => tag === 'MARK')
        .map(([, text]) => text)
        .sort(),
    ).toEqual(['ZX-41', 'ZX-41', 'ZX-42', 'ZX-42']);
    // The event type is searched too.
    await typeInto('search-text', 'order');
    await waitFor(
      async () =>
        (
          await frame
            .$eval('[data-testid="search-count"]', (el) => el.textContent ?? '')
            .catch(() => '')
        ).startsWith('6 hits'),
      { message: 'every order event found by its type' },
    );
    await typeInto('search-text', '');
  });
});

describe('timing', () => {
  test('start, time to open and events per second show values; first message time in the detail', async () => {
    const cells = await frame.$$eval('[data-testid="connection-row"]', (rows) =>
      rows.map((row) => {
        const cell = (k: string) => row.querySelector(`[data-column="${k}"]`)?.textContent ?? '';
        return { start: cell('start'), toOpen: cell('toOpen'), rate: cell('rate') };
      }),
    );
    for (const c of cells) {
      expect(c.start).toMatch(/^\d\d:\d\d:\d\d\.\d{3}$/);
      expect(c.toOpen).toMatch(/^\d+ ms$|^\d+(\.\d)? s$/);
      expect(Number(c.rate)).toBeGreaterThan(0);
    }
    await frame.click('[data-testid="connection-row"]');
    await frame.waitForSelector('[data-testid="timing-to-first"]');
    const toFirst = await frame.$eval('[data-testid="timing-to-first"]', (el) => el.textContent);
    expect(toFirst).toMatch(/^\d+ ms$|^\d+(\.\d)? s$/);
    const last = await frame.$eval('[data-testid="timing-last-message"]', (el) => el.textContent);
    expect(last).toMatch(/^\d\d:\d\d:\d\d\.\d{3}$/);
    expect(await frame.$eval('[data-testid="gap-largest"]', (el) => el.textContent)).toMatch(
      /Largest gap/,
    );
    // Every demo event carries an id: each message shows its own.
    const metas = await frame.$$eval('[data-testid="message-meta"]', (els) =>
      els.map((el) => el.textContent ?? ''),
    );
    expect(metas.length).toBe(3);
    expect(metas.every((m) => / · id \d+ · /.test(m))).toBe(true);
  });

  test('a browser reconnect shows the Last-Event-ID it sent', async () => {
    const selected = await frame.evaluate(() => window.__SSE_PANEL_STORE__!.getState().selectedKey);
    const lastId = await frame.evaluate(
      (key) => window.__SSE_PANEL_STORE__!.getState().connections.get(key!)?.lastEventId ?? '',
      selected,
    );
    expect(lastId).not.toBe('');
    h.server.dropAll();
    const sent = await waitFor(
      () =>
        frame
          .$eval('[data-testid="reconnect"]', (el) => (el as HTMLElement).dataset.lastEventId ?? '')
          .catch(() => null),
      { message: 'a reconnect in the detail' },
    );
    expect(sent).toBe(lastId);
    expect(await frame.$eval('[data-testid="retry-unknown"]', (el) => el.textContent)).toContain(
      'needs network capture',
    );
  });
});

describe('columns and CSV', () => {
  test('a column hidden from the header menu stays hidden after DevTools is reopened', async () => {
    expect(await headerTexts()).toContain('Label');
    const header = await frame.$('[data-testid="table-header"]');
    await header!.click({ button: 'right' });
    await frame.click('[data-testid="column-toggle-label"]');
    await waitFor(async () => !(await headerTexts()).includes('Label'), {
      message: 'Label hidden',
    });
    // The preference is written to chrome.storage.local for this origin.
    await waitFor(
      () =>
        frame.evaluate(async (origin) => {
          const key = `view:${origin}`;
          const got = (await chrome.storage.local.get(key)) as Record<
            string,
            { hiddenColumns?: string[] }
          >;
          return got[key]?.hiddenColumns?.includes('label') === true;
        }, h.server.url),
      { message: 'the hidden column stored for the origin' },
    );
    await devtools.close();
    ({ frame, devtools } = await h.openPanel(page));
    await waitFor(async () => (await rowKeys()).length >= 2, { message: 'rows after reopening' });
    await waitFor(async () => !(await headerTexts()).includes('Label'), {
      message: 'Label still hidden after reopening the panel',
    });
    expect(await headerTexts()).toContain('Endpoint');
  });

  test('the CSV export holds the rows and the visible columns', async () => {
    await frame.evaluate(() => {
      const w = window as unknown as { __csv: string | null };
      w.__csv = null;
      const original = URL.createObjectURL.bind(URL);
      URL.createObjectURL = (blob: Blob | MediaSource) => {
        if (blob instanceof Blob) void blob.text().then((text) => (w.__csv = text));
        return original(blob);
      };
    });
    // CSV is an item of the toolbar's one export menu.
    await frame.click('[data-testid="export-menu"]');
    await frame.waitForSelector('[data-testid="export-csv"]', { visible: true });
    await frame.click('[data-testid="export-csv"]');
    const csv = await waitFor(
      () => frame.evaluate(() => (window as unknown as { __csv: string | null }).__csv),
      { message: 'the CSV text' },
    );
    const lines = csv.trimEnd().split('\r\n');
    const header = lines[0]!.split(',');
    expect(header[0]).toBe('ID');
    expect(header).toEqual(expect.arrayContaining(['Endpoint', 'State', 'Start', 'To open']));
    expect(header).not.toContain('Label');
    expect(header).toContain('timeToOpenMs');
    expect(lines.length).toBeGreaterThanOrEqual(3);
    const urlAt = header.indexOf('url');
    const toOpenAt = header.indexOf('timeToOpenMs');
    const body = lines.slice(1).map((l) => l.split(','));
    expect(body.some((f) => f[urlAt]!.includes('feed=orders'))).toBe(true);
    expect(body.some((f) => f[urlAt]!.includes('feed=quotes'))).toBe(true);
    // Tokens were redacted by the hook; the CSV cannot hold them.
    expect(csv).not.toContain('tok-orders');
    expect(body.every((f) => Number(f[toOpenAt]) >= 0 && f[toOpenAt] !== '')).toBe(true);
  });

  test('screenshot: search, timing columns, column menu', async () => {
    await undockDevTools(devtools, { width: 1400, height: 760 });
    await typeInto('search-text', '/ZX-\\d+/');
    await waitFor(() => frame.$('[data-testid="search-hit"]').then((el) => el !== null), {
      message: 'hits before the screenshot',
    });
    const rows = await frame.$$('[data-testid="connection-row"]');
    await rows[0]!.click();
    await frame.waitForSelector('[data-testid="gaps"]');
    await frame.click('[data-testid="columns-button"]');
    await frame.waitForSelector('[data-testid="column-menu"]');
    await devtools.bringToFront();
    const dir = process.env.SSE_PANEL_SHOT_DIR ?? join(tmpdir(), `sse-daily-a-${process.pid}`);
    mkdirSync(dir, { recursive: true });
    const body = await frame.$('body');
    await body!.screenshot({
      path: join(dir, 'panel-search-timing-columns.png'),
      captureBeyondViewport: false,
    });
  });
});

/**
 * The panel as a daily tool, in the real DevTools of real Chromium with the real hook, relay and
 * worker: the detail pane's "Copy URL" and "Copy as cURL" (secret redacted), the summary bar's
 * "Expected per endpoint" field (free while typing, clamped or restored on blur/Enter), the
 * freeze button holding a new connection out of the table until it is released, and Enter in the
 * focused table opening the detail pane.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Frame, Page } from 'puppeteer-core';
import { launchHarness, waitFor, type Harness } from './harness';

const PAGE = `<!doctype html><html><head><script>
window.esMain = new EventSource('/v1/events/sse?token=tok-daily-c-secret&feed=main');
window.received = 0;
window.esMain.onmessage = () => { window.received++; };
window.later = [];
</script></head><body>daily c</body></html>`;

let h: Harness;
let page: Page;
let frame: Frame;

const rowKeys = () =>
  frame.$$eval('[data-testid="connection-row"]', (els) =>
    els.map((el) => (el as HTMLElement).dataset.key ?? ''),
  );

/** The key of the connection (in the store's live map) whose URL contains `part`. */
const keyOf = (part: string): Promise<string> =>
  waitFor(
    () =>
      frame.evaluate((p) => {
        const conns = window.__SSE_PANEL_STORE__!.getState().connections;
        return [...conns.values()].find((c) => c.url.includes(p))?.key ?? null;
      }, part),
    { timeout: 30_000, message: `no connection for ${part}` },
  );

const expectedValue = () =>
  frame.$eval('[data-testid="expected-per-endpoint"]', (el) => (el as HTMLInputElement).value);
const expectedInStore = () =>
  frame.evaluate(() => window.__SSE_PANEL_STORE__!.getState().expectedPerEndpoint);

beforeAll(async () => {
  h = await launchHarness({ pages: { '/daily-c.html': PAGE }, server: { heartbeatMs: 0 } });
  page = await h.newPage('/daily-c.html');
  await page.waitForFunction(
    () => (window as unknown as { esMain: EventSource }).esMain.readyState === 1,
  );
  ({ frame } = await h.openPanel(page));
  await waitFor(async () => (await rowKeys()).length === 1, { message: 'the first row' });
});

afterAll(async () => {
  await h?.close();
});

test('"Copy URL" and "Copy as cURL" copy the redacted URL; the cURL streams like EventSource', async () => {
  const key = await keyOf('feed=main');
  // Capture what the panel writes (headless DevTools has no system clipboard to read back).
  await frame.evaluate(() => {
    const w = window as unknown as { __copied: string[] };
    w.__copied = [];
    Object.defineProperty(navigator, 'clipboard', {
      configurable: true,
      value: { writeText: async (text: string) => void w.__copied.push(text) },
    });
  });
  await frame.click(`[data-testid="connection-row"][data-key="${key}"]`);
  const copied = (n: number) =>
    waitFor(
      () =>
        frame.evaluate((i) => (window as unknown as { __copied: string[] }).__copied[i] ?? null, n),
      { message: `copy #${n + 1}` },
    );
  const copyUrl = `[data-testid="detail-pane"][data-key="${key}"] [data-testid="copy-url"]`;
  const rectOf = () =>
    frame.$eval(copyUrl, (el) => {
      const r = el.getBoundingClientRect();
      return [r.x, r.y, r.width, r.height];
    });
  await frame.waitForSelector(copyUrl);
  const before = await rectOf();
  // The host-socket badge arrives with the first census, often after the pane opened; its
  // placeholder holds the slot, so nothing under the pointer moves (a click once landed beside
  // the button when the summary wrapped).
  await frame.waitForSelector('[data-testid="host-budget"]', { timeout: 15_000 });
  expect(await rectOf()).toEqual(before);
  await frame.click(copyUrl);
  const url = await copied(0);
  expect(url).toBe(`${h.server.url}/v1/events/sse?token=[redacted]&feed=main`);
  await frame.click(`[data-testid="detail-pane"][data-key="${key}"] [data-testid="copy-curl"]`);
  const curl = await copied(1);
  expect(curl).toMatch(/^curl -N /);
  expect(curl).toContain(`'${url}'`);
  expect(curl).toContain(`-H 'Accept: text/event-stream'`);
  expect(url + curl).not.toContain('tok-daily-c-secret');
  expect(await frame.$eval('[data-testid="copy-and-go-status"]', (el) => el.textContent)).toBe(
    'cURL copied',
  );
});

test('"Expected per endpoint": empty while typing, over 100 clamped, empty restores', async () => {
  const input = (await frame.$('[data-testid="expected-per-endpoint"]'))!;
  const before = await expectedInStore();
  expect(await expectedValue()).toBe(String(before));
  // Emptied by typing: it stays empty (no snap back) while the field has focus.
  await input.click({ clickCount: 3 });
  await input.press('Backspace');
  expect(await expectedValue()).toBe('');
  // A message arriving meanwhile re-renders the panel; that does not refill the field.
  const version = await frame.evaluate(() => window.__SSE_PANEL_STORE__!.getState().version);
  expect(h.server.broadcast('tick', { n: 1 })).toBeGreaterThan(0);
  await page.waitForFunction(() => (window as unknown as { received: number }).received > 0);
  await waitFor(
    () => frame.evaluate((v) => window.__SSE_PANEL_STORE__!.getState().version > v, version),
    { message: 'the panel updated by a new message' },
  );
  expect(await expectedValue()).toBe('');
  expect(await expectedInStore()).toBe(before);
  // 250 then Enter: clamped to the maximum, 100.
  await input.type('250');
  expect(await expectedValue()).toBe('250');
  await input.press('Enter');
  await waitFor(async () => (await expectedInStore()) === 100, { message: 'the store at 100' });
  await waitFor(async () => (await expectedValue()) === '100', { message: 'the field at 100' });
  // Emptied and blurred: the previous value (100) comes back, the store unchanged.
  const again = (await frame.$('[data-testid="expected-per-endpoint"]'))!;
  await again.click({ clickCount: 3 });
  await again.press('Backspace');
  expect(await expectedValue()).toBe('');
  await frame.$eval('[data-testid="expected-per-endpoint"]', (el) => (el as HTMLElement).blur());
  await waitFor(async () => (await expectedValue()) === '100', {
    message: 'the previous value restored on blur',
  });
  expect(await expectedInStore()).toBe(100);
  // Back to the default so the rest of the file sees the usual summary.
  await again.click({ clickCount: 3 });
  await again.type(String(before));
  await again.press('Enter');
  await waitFor(async () => (await expectedInStore()) === before, { message: 'restored' });
});

test('frozen: a new EventSource stays out of the table until the view is unfrozen', async () => {
  await frame.click('[data-testid="pause-button"]');
  await waitFor(() => frame.evaluate(() => window.__SSE_PANEL_STORE__!.getState().paused), {
    message: 'frozen',
  });
  const frozenRows = await rowKeys();
  expect(frozenRows).toHaveLength(1);
  await page.evaluate(() => {
    (window as unknown as { later: EventSource[] }).later.push(
      new EventSource('/v1/events/sse?token=tok-late&feed=late'),
    );
  });
  await page.waitForFunction(
    () => (window as unknown as { later: EventSource[] }).later[0]!.readyState === 1,
  );
  // The panel has received it (the live model holds it) ...
  const lateKey = await keyOf('feed=late');
  // ... yet the frozen table does not show it.
  expect(await rowKeys()).toEqual(frozenRows);
  expect(await frame.$(`[data-testid="connection-row"][data-key="${lateKey}"]`)).toBeNull();
  await frame.click('[data-testid="pause-button"]');
  await waitFor(async () => (await rowKeys()).includes(lateKey), {
    message: 'the new connection in the table after unfreezing',
  });
  expect(await rowKeys()).toHaveLength(2);
});

test('Enter in the focused table opens the detail pane', async () => {
  await frame.evaluate(() => window.__SSE_PANEL_STORE__!.getState().selectConnection(null));
  await waitFor(async () => (await frame.$('[data-testid="detail-pane"]')) === null, {
    message: 'no detail pane without a selection',
  });
  const first = (await rowKeys())[0]!;
  const grid = (await frame.$('[data-testid="table-body"]'))!;
  await grid.focus();
  expect(await frame.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
    'table-body',
  );
  await grid.press('Enter');
  const shown = await waitFor(
    () =>
      frame
        .$eval('[data-testid="detail-pane"]', (el) => el.getAttribute('data-key'))
        .catch(() => null),
    { message: 'the detail pane after Enter' },
  );
  expect(shown).toBe(first);
});

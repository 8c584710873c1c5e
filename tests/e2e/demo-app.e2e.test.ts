/**
 * The demo admin app in real Chromium (with the built extension loaded, no panel needed) against
 * the real demo server through Vite's dev server and proxy. Counts come from the server
 * (`GET /v1/debug/streams`), never from the page: the ticket's criterion is what reaches the
 * backend. Fixed mode: exactly one stream, through load, navigation and an HMR edit.
 * Legacy mode: the ticket's incident, several streams for one tab.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { touchHmrTarget, type HmrEdit } from '../../demo/app/hmr-edit';
import { startDemo, type RunningDemo } from '../../demo/app/start-demo';
import { launchBrowser, waitFor } from './harness';
import type { LaunchedBrowser } from './harness/launch';

let demo: RunningDemo;
let launched: LaunchedBrowser;
let page: Page | undefined;
let edit: HmrEdit | undefined;

beforeAll(async () => {
  demo = await startDemo(process.env.DEBUG_DEMO ? { log: (l) => console.log(l) } : {});
  launched = await launchBrowser();
});

afterEach(async () => {
  await edit?.restore();
  edit = undefined;
  await page?.close();
  page = undefined;
  // Each test starts from a server with no streams, so counts belong to one page only.
  await waitFor(async () => (await streams()).live === 0, {
    message: 'streams of the closed page to end',
  });
});

afterAll(async () => {
  await launched?.close();
  await demo?.close();
});

interface StreamsAnswer {
  readonly live: number;
  readonly totalStreams: number;
}

async function streams(): Promise<StreamsAnswer> {
  const response = await fetch(`${demo.serverUrl}/v1/debug/streams`);
  return (await response.json()) as StreamsAnswer;
}

async function openApp(path: string): Promise<Page> {
  const opened = await launched.browser.newPage();
  page = opened;
  await opened.goto(`${demo.appUrl}${path}`, { waitUntil: 'domcontentloaded' });
  return opened;
}

async function statusOf(p: Page): Promise<string | null> {
  return p.$eval('[data-testid="connection-status"]', (el) => el.textContent).catch(() => null);
}

async function navigate(p: Page, to: string): Promise<void> {
  await p.click(`[data-testid="nav-${to}"]`);
  await p.waitForFunction((path) => location.pathname === path, {}, `/${to}`);
}

async function clientConnects(p: Page): Promise<number> {
  return p.evaluate(
    () =>
      (window as unknown as { __zarizSSEDebug(): { connects: number } }).__zarizSSEDebug().connects,
  );
}

test('fixed mode holds exactly one stream after load and across every page', async () => {
  const before = await streams();
  const p = await openApp('/dashboard?mode=fixed');
  await waitFor(async () => (await statusOf(p)) === 'open', {
    message: 'the header to show "open"',
  });
  expect(await p.$eval('[data-testid="mode-banner"]', (el) => el.getAttribute('data-mode'))).toBe(
    'fixed',
  );
  expect((await streams()).live).toBe(1);

  for (const to of ['orders', 'notifications', 'settings', 'dashboard', 'orders']) {
    await navigate(p, to);
    expect(await statusOf(p)).toBe('open');
    expect((await streams()).live).toBe(1);
  }
  // Not just one at a time: one over the whole visit (StrictMode and route changes reconnected nothing).
  expect((await streams()).totalStreams - before.totalStreams).toBe(1);
  expect(await clientConnects(p)).toBe(1);
});

test('fixed mode: events reach the table and an HMR edit adds no connection', async () => {
  const p = await openApp('/orders?mode=fixed');
  await waitFor(async () => (await statusOf(p)) === 'open', {
    message: 'the header to show "open"',
  });
  const created = await fetch(`${demo.serverUrl}/v1/orders`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ customer: 'E2E Fixed', amount: 7 }),
  });
  const { order } = (await created.json()) as { order: { id: string } };
  await p.waitForSelector(`[data-testid="order-${order.id}"]`);

  await navigate(p, 'dashboard');
  edit = await touchHmrTarget(`hmr edit ${order.id}`);
  await p.waitForFunction(
    (text) => document.querySelector('[data-testid="hmr-banner"]')?.textContent === text,
    { timeout: 30_000 },
    `hmr edit ${order.id}`,
  );
  // The update re-evaluated the client module; the globalThis singleton kept the connection.
  expect(await statusOf(p)).toBe('open');
  expect((await streams()).live).toBe(1);
  expect(await clientConnects(p)).toBe(1);
});

test('legacy mode opens several streams for one tab (the incident)', async () => {
  const p = await openApp('/dashboard?mode=legacy');
  await p.waitForSelector('[data-testid="mode-banner"][data-mode="legacy"]');
  const live = await waitFor(
    async () => {
      const { live } = await streams();
      return live >= 2 ? live : null;
    },
    { message: 'two or more live streams from the legacy page' },
  );
  expect(live).toBeGreaterThanOrEqual(2);
});

test('legacy mode: an HMR edit leaves the old client connected and adds a new one', async () => {
  // /settings has no stream of its own, so the tab stays under Chrome's six connections per host
  // and the HMR update can still be fetched (on the other pages legacy mode exhausts them).
  const p = await openApp('/settings?mode=legacy');
  const banner = 'legacy hmr edit';
  const newClientConnected = new Promise<void>((resolve) => {
    p.on('console', (message) => {
      if (process.env.DEBUG_DEMO) console.log('console:', message.text());
      // Logged by the re-evaluated copy of legacy/sse-client.ts: it carries the edited banner.
      if (message.text().includes(`[SSE] connect (build "${banner}")`)) resolve();
    });
  });
  await waitFor(async () => (await statusOf(p)) === 'open', {
    message: 'the legacy client to open',
  });
  const before = await liveIds();

  edit = await touchHmrTarget(banner);
  await newClientConnected;
  const after = await waitFor(
    async () => {
      const ids = await liveIds();
      return ids.some((id) => !before.includes(id)) ? ids : null;
    },
    { message: 'a stream from the re-evaluated legacy client' },
  );
  // Nothing closed the first client's stream: both copies are connected now.
  expect(after).toEqual(expect.arrayContaining(before));
  expect(after.length).toBeGreaterThan(before.length);
});

async function liveIds(): Promise<number[]> {
  const response = await fetch(`${demo.serverUrl}/v1/debug/streams`);
  const { streams: live } = (await response.json()) as { streams: { id: number }[] };
  return live.map((s) => s.id);
}

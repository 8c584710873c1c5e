/**
 * Opt-in network capture in real Chromium: a copy of the build with `debugger` granted (as after
 * the user accepted the prompt), the real panel, a real SSE server on 127.0.0.1.
 *
 * - The switch attaches chrome.debugger to the inspected tab: the extension's own service worker
 *   then cannot attach to that tab ("already attached"); after the switch is off it can.
 * - A page that sets only `onmessage` while the server sends `event: update`: the page receives
 *   the unnamed events only; the panel shows the update events counted and marked "no listener".
 * - An EventSource in a dedicated worker appears as a row named by the worker's URL.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Frame, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchBrowser, openPanel, waitFor } from './harness/index';
import type { LaunchedBrowser } from './harness/launch';
import { copyDistWithDebuggerGranted, type GrantedCopy } from './harness/debugger-granted';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'network');

/** `/named`: one unnamed event, then `event: update` every 100 ms, open until the client goes. */
async function startServer(): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/named') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
      res.write('retry: 3000\ndata: hello\n\n');
      let n = 0;
      const beat = setInterval(() => {
        n += 1;
        res.write(`event: update\nid: ${n}\ndata: {"n":${n}}\n\n`);
      }, 100);
      res.on('close', () => clearInterval(beat));
      return;
    }
    const file =
      url.pathname === '/worker.js'
        ? 'worker.js'
        : url.pathname === '/' || url.pathname === '/index.html'
          ? 'index.html'
          : null;
    if (file === null) {
      res.writeHead(404).end();
      return;
    }
    const type = file.endsWith('.js') ? 'text/javascript' : 'text/html';
    res.writeHead(200, { 'content-type': type }).end(readFileSync(join(FIXTURES, file)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, origin: `http://127.0.0.1:${port}` };
}

interface Row {
  key: string;
  session: string;
  url: string;
  frameUrl: string;
  listeners: string[];
  messages: number;
  network: null | {
    events: number;
    byType: Record<string, number>;
    target: { type: string; url: string } | null;
  };
}

const rowsOf = (frame: Frame): Promise<Row[]> =>
  frame.evaluate(`[...window.__SSE_PANEL_STORE__.getState().connections.values()].map((c) => ({
    key: c.key, session: c.session, url: c.url, frameUrl: c.frameUrl, listeners: c.listeners,
    messages: c.messages,
    network: c.network ? { events: c.network.events, byType: c.network.byType,
      target: c.network.target } : null,
  }))`) as Promise<Row[]>;

describe('network capture (chrome.debugger)', () => {
  let copy: GrantedCopy;
  let launched: LaunchedBrowser;
  let endpoint: { server: Server; origin: string };
  let page: Page;
  let frame: Frame;

  /** Whether the extension can attach to the tab itself: false while the panel holds it. */
  async function canAttach(tabId: number): Promise<boolean> {
    const sw = await launched.serviceWorker();
    return sw.evaluate(async (id: number) => {
      try {
        await chrome.debugger.attach({ tabId: id }, '1.3');
        await chrome.debugger.detach({ tabId: id });
        return true;
      } catch {
        return false;
      }
    }, tabId);
  }

  beforeAll(async () => {
    copy = copyDistWithDebuggerGranted();
    endpoint = await startServer();
    launched = await launchBrowser({ dist: copy.dir });
    page = await launched.browser.newPage();
    await page.goto(`${endpoint.origin}/`, { waitUntil: 'domcontentloaded' });
    ({ frame } = await openPanel(page, launched.extensionId as string));
  }, 60_000);

  afterAll(async () => {
    await launched?.close();
    endpoint?.server.close();
    copy?.remove();
  });

  test('on: attaches; onmessage-only page shows update events as no listener; worker row; off: detaches', async () => {
    const tabId = (await frame.evaluate('chrome.devtools.inspectedWindow.tabId')) as number;
    expect(await canAttach(tabId)).toBe(true);

    const toggle = '[data-testid="network-capture"]';
    await frame.click(toggle);
    await waitFor(
      async () => (await frame.$eval(toggle, (el) => el.getAttribute('data-status'))) === 'on',
      { timeout: 10_000, message: 'network capture did not turn on' },
    );
    expect(await frame.$eval(toggle, (el) => (el as HTMLInputElement).checked)).toBe(true);
    expect(await canAttach(tabId)).toBe(false);

    await page.evaluate('window.startPage(); window.startWorker()');

    // The page's row: the hook saw the EventSource and its one "message" listener; the network
    // saw every event. Events of type update reach no listener: the page never counts them.
    const pageRow = await waitFor(
      async () =>
        (await rowsOf(frame)).find(
          (r) =>
            r.url.includes('who=page') &&
            r.session !== 'network' &&
            (r.network?.byType['update'] ?? 0) >= 5,
        ) ?? null,
      { timeout: 15_000, message: "the page's row did not get the network's update events" },
    );
    expect(pageRow.listeners).toEqual(['message']);
    const received = (await page.evaluate('window.received')) as number;
    expect(received).toBe(1);
    expect(pageRow.network?.byType['message']).toBe(1);

    await frame.evaluate(
      `window.__SSE_PANEL_STORE__.getState().selectConnection(${JSON.stringify(pageRow.key)})`,
    );
    const marked = await waitFor(
      () =>
        frame.$('[data-testid="network-types"] li[data-type="update"][data-no-listener="true"]'),
      { timeout: 5_000, message: 'update is not marked "no listener" in the detail' },
    );
    expect(await marked.evaluate((el) => el.textContent)).toMatch(/update: \d+ — no listener/);
    expect(
      await frame.$eval('[data-testid="network-types"] li[data-type="message"]', (el) =>
        el.hasAttribute('data-no-listener'),
      ),
    ).toBe(false);
    expect(await frame.$eval('[data-testid="network-unlistened"]', (el) => el.textContent)).toMatch(
      /^\d+ events of types nobody listens to$/,
    );
    expect(await frame.$eval('[data-testid="network-sources"]', (el) => el.textContent)).toBe(
      'page hook and network',
    );

    // The worker's EventSource: only the network saw it; its row names the worker's script.
    const workerRow = await waitFor(
      async () => (await rowsOf(frame)).find((r) => r.url.includes('who=worker')) ?? null,
      { timeout: 15_000, message: "the worker's EventSource has no row" },
    );
    expect(workerRow.session).toBe('network');
    expect(workerRow.frameUrl).toBe(`${endpoint.origin}/worker.js`);
    expect(workerRow.network?.target).toMatchObject({
      type: 'worker',
      url: `${endpoint.origin}/worker.js`,
    });
    const shown = await frame.$$eval('[data-testid="connection-row"]', (els) => els.length);
    expect(shown).toBeGreaterThanOrEqual(2);

    await frame.click(toggle);
    await waitFor(
      async () => (await frame.$eval(toggle, (el) => el.getAttribute('data-status'))) === 'off',
      { timeout: 5_000, message: 'network capture did not turn off' },
    );
    await waitFor(() => canAttach(tabId), {
      timeout: 5_000,
      message: 'chrome.debugger is still attached after the switch went off',
    });
  }, 90_000);
});

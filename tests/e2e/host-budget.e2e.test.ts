/**
 * The socket budget across tabs, in real Chromium with the built extension and the real panel:
 * three tabs on one 127.0.0.1 host hold 2, 2 and 1 live EventSources (the server keeps every
 * stream open), and the panel opened on the third tab shows `host-budget` 5 over 3 tabs — a
 * number only the other tabs' hooks can give (its own page holds 1). Closing the first tab's
 * streams lowers it to 3 over 2 tabs, closing the second tab to 1; the protocol comes from the
 * page's resource timing, and a tab nobody inspects sees no window message of the census.
 *
 * Socket budget of the test itself: 5 held streams + the page loads stay within Chrome's 6
 * HTTP/1.1 sockets per host (shared by the three tabs): the pages ask for no favicon, and each
 * page load reuses an idle keep-alive socket before its streams open.
 */
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Frame, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchBrowser, openPanel, undockDevTools, waitFor } from './harness/index';
import type { LaunchedBrowser } from './harness/launch';

/** `/page?n=N` opens N EventSources to `/sse` and keeps them; `closeAll()` closes them. */
const PAGE = `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,">
<title>host budget</title></head><body><p id="state">starting</p><script>
const n = Number(new URLSearchParams(location.search).get('n') || '0');
window.sources = [];
window.messagesSeen = [];
addEventListener('message', (e) => window.messagesSeen.push(e.data));
for (let i = 0; i < n; i++) {
  const es = new EventSource('/sse?tab=' + encodeURIComponent(location.search) + '&i=' + i);
  es.onmessage = () => {};
  window.sources.push(es);
}
window.openCount = () => window.sources.filter((es) => es.readyState === 1).length;
window.closeAll = () => window.sources.forEach((es) => es.close());
</script></body></html>`;

interface StreamServer {
  readonly server: Server;
  readonly origin: string;
  /** Streams the server holds open right now. */
  live(): number;
}

async function startServer(): Promise<StreamServer> {
  let live = 0;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/sse') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
      res.write('data: hello\n\n');
      live++;
      const beat = setInterval(() => res.write(': beat\n\n'), 500);
      res.on('close', () => {
        live--;
        clearInterval(beat);
      });
      return;
    }
    if (url.pathname === '/page') {
      res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, origin: `http://127.0.0.1:${port}`, live: () => live };
}

interface BudgetAttributes {
  readonly value: string | null;
  readonly tabs: string | null;
  readonly host: string | null;
  readonly protocol: string | null;
  readonly title: string | null;
}

async function budgetOf(frame: Frame): Promise<BudgetAttributes | null> {
  return frame.evaluate(() => {
    const el = document.querySelector('[data-testid="host-budget"]');
    if (!el) return null;
    return {
      value: el.getAttribute('data-value'),
      tabs: el.getAttribute('data-tabs'),
      host: el.getAttribute('data-host'),
      protocol: el.getAttribute('data-protocol'),
      title: el.getAttribute('title'),
    };
  });
}

describe('host budget: live streams to one host across tabs', () => {
  let streams: StreamServer;
  let launched: LaunchedBrowser;
  const tabs: Page[] = [];
  let panel: Frame;
  let devtools: Page;

  async function openTab(n: number): Promise<Page> {
    const page = await launched.browser.newPage();
    await page.goto(`${streams.origin}/page?n=${n}`, { waitUntil: 'domcontentloaded' });
    await waitFor(
      () =>
        page
          .evaluate(() => (window as unknown as { openCount(): number }).openCount())
          .then((c) => c === n),
      {
        message: `${n} open EventSources in the tab`,
      },
    );
    return page;
  }

  beforeAll(async () => {
    streams = await startServer();
    launched = await launchBrowser();
    tabs.push(await openTab(2), await openTab(2), await openTab(1));
    await waitFor(() => streams.live() === 5, { message: 'the server holding 5 streams' });
    ({ frame: panel, devtools } = await openPanel(tabs[2]!, launched.extensionId!));
  });

  afterAll(async () => {
    await launched?.close();
    await new Promise((resolve) => streams?.server.close(resolve));
  });

  test('the third tab’s panel counts the streams of all three tabs (5 over 3 tabs)', async () => {
    const budget = await waitFor(
      async () => {
        const b = await budgetOf(panel);
        return b && b.value === '5' && b.tabs === '3' ? b : null;
      },
      { timeout: 20_000, message: 'host-budget 5 over 3 tabs' },
    );
    expect(budget.host).toBe(new URL(streams.origin).host);
    // Same-origin page: its navigation entry names the protocol (the open streams have none).
    expect(budget.protocol).toBe('http/1.1');
    expect(budget.title).toContain('6');
    // Its own page holds only one of them.
    const own = await tabs[2]!.evaluate(() =>
      (window as unknown as { openCount(): number }).openCount(),
    );
    expect(own).toBe(1);
    // The census reached the first tab's hook (nobody inspects that tab) without a single
    // window message: the page's own listeners saw nothing of it.
    const seen = await tabs[0]!.evaluate(
      () => (window as unknown as { messagesSeen: unknown[] }).messagesSeen,
    );
    expect(seen).toEqual([]);

    // The summary as a user sees it (SSE_PANEL_SHOT_DIR=docs/panel keeps it for the docs).
    const dir = process.env.SSE_PANEL_SHOT_DIR ?? join(tmpdir(), `sse-host-budget-${process.pid}`);
    mkdirSync(dir, { recursive: true });
    // Docked, the capture never answers (the page area is blank): a window of its own first.
    await undockDevTools(devtools, { width: 1400, height: 760 });
    await devtools.bringToFront();
    const summary = await panel.$('section.summary');
    await summary!.screenshot({ path: join(dir, 'host-budget.png'), captureBeyondViewport: false });
  });

  test('closing one tab’s streams lowers the count (3 over 2 tabs)', async () => {
    await tabs[0]!.evaluate(() => (window as unknown as { closeAll(): void }).closeAll());
    await waitFor(() => streams.live() === 3, { message: 'the server holding 3 streams' });
    await waitFor(
      async () => {
        const b = await budgetOf(panel);
        return b && b.value === '3' && b.tabs === '2';
      },
      { timeout: 20_000, message: 'host-budget 3 over 2 tabs' },
    );
  });

  test('closing a tab drops its streams from the count (1 over 1 tab)', async () => {
    await tabs[1]!.close();
    await waitFor(() => streams.live() === 1, { message: 'the server holding 1 stream' });
    await waitFor(
      async () => {
        const b = await budgetOf(panel);
        return b && b.value === '1' && b.tabs === '1';
      },
      { timeout: 20_000, message: 'host-budget 1 over 1 tab' },
    );
  });
});

/**
 * EventSource clients nobody here wrote, loaded from their own npm package files (served from
 * node_modules by the test's server, not copies): htmx's SSE extension (`htmx-ext-sse` with
 * `htmx.org` 2), Turbo's `<turbo-stream-source>` (`@hotwired/turbo`) and
 * `reconnecting-eventsource`. Each page runs in a Chromium WITHOUT the extension and in one WITH
 * it against the same server: what the page observes (swapped DOM, received texts, readyState
 * sequence) and what the server saw (requests, Last-Event-ID, closes) must be equal, and each
 * client must appear in the real panel as an EventSource connection with its event types.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchBrowser, openPanel, waitFor } from './harness/index';
import type { LaunchedBrowser } from './harness/launch';

const ROOT = join(import.meta.dirname, '..', '..');
const FIXTURES = join(import.meta.dirname, 'fixtures', 'third-party');
/** The packages under test; nothing else in node_modules is served. */
const PACKAGES = ['htmx.org', 'htmx-ext-sse', '@hotwired/turbo', 'reconnecting-eventsource'];
const PAGES = ['htmx', 'turbo', 'reconnecting'] as const;
type PageName = (typeof PAGES)[number];

/** One request to a stream endpoint as the server saw it. */
interface StreamRequest {
  readonly url: string;
  readonly lastEventId: string | null;
  readonly status: number;
  closed: boolean;
}

interface StreamServer {
  readonly server: Server;
  readonly origin: string;
  readonly requests: StreamRequest[];
  /** Forgets the previous browser's requests (and restarts the reconnect scenario). */
  reset(): void;
}

const event = (fields: Record<string, string>) =>
  Object.entries(fields)
    .map(([k, v]) => `${k}: ${v}\n`)
    .join('') + '\n';

const turboStream = (action: string, target: string, html: string) =>
  `<turbo-stream action="${action}" target="${target}"><template>${html}</template></turbo-stream>`;

/**
 * Streams: `/htmx/stream` (swapped events, one type nobody listens to, then `done`, on which the
 * page closes); `/turbo/stream` (stream actions as unnamed messages, then held open);
 * `/res/stream` (1st response: two events and the end, so the browser reconnects; 2nd: 500, so
 * the EventSource gives up and the library makes a new one; 3rd: an event and `done`).
 */
async function startServer(): Promise<StreamServer> {
  const requests: StreamRequest[] = [];
  let resCount = 0;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const stream = (status: number, body: string, keep: boolean) => {
      const entry: StreamRequest = {
        url: url.pathname + url.search,
        lastEventId: (req.headers['last-event-id'] as string | undefined) ?? null,
        status,
        closed: false,
      };
      requests.push(entry);
      req.socket.once('close', () => (entry.closed = true));
      if (status !== 200) {
        res.writeHead(status, { 'content-type': 'text/plain' }).end('refused');
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
      res.write(body);
      if (!keep) {
        res.end();
        return;
      }
      const beat = setInterval(() => res.write(': beat\n\n'), 200);
      res.on('close', () => clearInterval(beat));
    };
    if (url.pathname === '/htmx/stream') {
      stream(
        200,
        event({ event: 'update', data: '<li>one</li>' }) +
          event({ event: 'status', data: '<b>ok</b>' }) +
          event({ event: 'nobody', data: 'unheard' }) +
          event({ event: 'update', data: '<li>two</li>' }) +
          event({ event: 'done', data: 'bye' }),
        true,
      );
      return;
    }
    if (url.pathname === '/turbo/stream') {
      stream(
        200,
        event({ data: turboStream('append', 'messages', '<p>one</p>') }) +
          event({ data: turboStream('append', 'messages', '<p>two</p>') }) +
          event({ data: turboStream('replace', 'status', '<div id="status">replaced</div>') }),
        true,
      );
      return;
    }
    if (url.pathname === '/res/stream') {
      const n = resCount++;
      if (n === 0) {
        stream(
          200,
          'retry: 50\n\n' +
            event({ id: '1', data: 'a' }) +
            event({ event: 'update', id: '2', data: 'b' }),
          false,
        );
      } else if (n === 1) stream(500, '', false);
      else stream(200, event({ id: '3', data: 'c' }) + event({ event: 'done', data: 'bye' }), true);
      return;
    }
    let file: string | null = null;
    const page = /^\/(\w+)\.html$/.exec(url.pathname)?.[1];
    if (page && (PAGES as readonly string[]).includes(page)) file = join(FIXTURES, `${page}.html`);
    else if (/^\/fixtures\/[\w-]+\.js$/.test(url.pathname))
      file = join(FIXTURES, url.pathname.slice('/fixtures/'.length));
    else if (PACKAGES.some((p) => url.pathname.startsWith(`/node_modules/${p}/`))) {
      file = normalize(join(ROOT, url.pathname));
      if (!file.startsWith(join(ROOT, 'node_modules'))) file = null;
    }
    if (file === null || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    const type = file.endsWith('.html') ? 'text/html' : 'text/javascript';
    res.writeHead(200, { 'content-type': type }).end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    origin: `http://127.0.0.1:${port}`,
    requests,
    reset() {
      requests.length = 0;
      resCount = 0;
    },
  };
}

interface Run {
  readonly pages: Record<PageName, Page>;
  readonly results: Record<PageName, unknown>;
  readonly requests: StreamRequest[];
}

/** Runs the three pages one after another (the reconnect scenario counts requests). */
async function runPages(browser: LaunchedBrowser, endpoint: StreamServer): Promise<Run> {
  endpoint.reset();
  const pages = {} as Record<PageName, Page>;
  const results = {} as Record<PageName, unknown>;
  for (const name of PAGES) {
    const page = await browser.browser.newPage();
    await page.goto(`${endpoint.origin}/${name}.html`, { waitUntil: 'domcontentloaded' });
    await page.waitForFunction('window.result !== undefined', { timeout: 15_000 });
    pages[name] = page;
    results[name] = await page.evaluate('window.result');
  }
  // Every stream the pages closed is closed on the server too, as without the extension.
  await waitFor(() => endpoint.requests.every((r) => r.closed), {
    timeout: 5000,
    message: 'every stream closed on the server',
  }).catch(() => {});
  return { pages, results, requests: endpoint.requests.map((r) => ({ ...r })) };
}

describe('third-party EventSource clients', () => {
  let endpoint: StreamServer;
  let plain: LaunchedBrowser;
  let hooked: LaunchedBrowser;
  let without: Run;
  let withExt: Run;

  beforeAll(async () => {
    endpoint = await startServer();
    plain = await launchBrowser({ extension: false });
    without = await runPages(plain, endpoint);
    hooked = await launchBrowser();
    withExt = await runPages(hooked, endpoint);
  }, 120_000);

  afterAll(async () => {
    await plain?.close();
    await hooked?.close();
    await new Promise((resolve) => endpoint?.server.close(resolve));
  });

  test('each page observes the same with and without the extension', () => {
    expect(withExt.results).toEqual(without.results);
    // Not vacuous: each library did its work.
    expect(without.results.htmx).toMatchObject({
      list: '<li>one</li><li>two</li>',
      status: '<b>ok</b>',
      readyState: 2,
      isEventSource: true,
    });
    expect(without.results.turbo).toMatchObject({
      messages: '<p>one</p><p>two</p>',
      status: '<div id="status">replaced</div>',
      readyStateBeforeRemove: 1,
      readyStateAfterRemove: 2,
    });
    expect((without.results.reconnecting as { log: string[] }).log).toEqual([
      'open@1',
      'message:a:1@1',
      'update:b:2@1',
      'error@0',
      'open@1',
      'message:c:3@1',
      'done:bye@1',
      'closed@2',
    ]);
  });

  test('the server sees the same requests and closes with and without the extension', () => {
    expect(withExt.requests).toEqual(without.requests);
    expect(without.requests).toEqual([
      { url: '/htmx/stream', lastEventId: null, status: 200, closed: true },
      { url: '/turbo/stream', lastEventId: null, status: 200, closed: true },
      { url: '/res/stream', lastEventId: null, status: 200, closed: true },
      // The browser's own reconnect sends the last id; the library's new EventSource puts it
      // in the query instead.
      { url: '/res/stream', lastEventId: '2', status: 500, closed: true },
      { url: '/res/stream?lastEventId=2', lastEventId: null, status: 200, closed: true },
    ]);
  });

  /** The panel's connections of one page: url, kind, counts by type, who closed it, parent. */
  async function panelConnections(name: PageName) {
    const { frame } = await openPanel(withExt.pages[name], hooked.extensionId as string);
    const rows = () => frame.$$eval('[data-testid="connection-row"]', (els) => els.length);
    const read = async () =>
      (await frame.evaluate(
        `[...window.__SSE_PANEL_STORE__.getState().connections.values()].map((c) => ({
          url: c.url.replace(location.origin, ''), kind: c.kind, byType: c.byType,
          closedBy: c.closedBy, readyState: c.readyState, key: c.key, parentKey: c.parentKey,
          stack: c.stack }))`,
      )) as Array<{
        url: string;
        kind: string;
        byType: Record<string, number>;
        closedBy: string | null;
        readyState: number;
        key: string;
        parentKey: string | null;
        stack: string;
      }>;
    return { frame, rows, read };
  }

  test('the real panel shows htmx’s EventSource with the event types it listens to', async () => {
    const { rows, read } = await panelConnections('htmx');
    const conns = await waitFor(
      async () => {
        const c = await read();
        return c.length === 1 && c[0]?.closedBy !== null && c;
      },
      { timeout: 15_000, message: 'the htmx connection, closed' },
    );
    expect(await rows()).toBe(1);
    const [c] = conns;
    expect(c?.url).toContain('/htmx/stream');
    expect([c?.kind, c?.closedBy, c?.readyState]).toEqual(['eventsource', 'page', 2]);
    // The hook counts what the page listens to; `nobody` needs network capture.
    expect(c?.byType).toEqual({ update: 2, status: 1, done: 1 });
    expect(c?.stack).toContain('/node_modules/htmx-ext-sse/sse.js');
  });

  test('the real panel shows Turbo’s stream source with its messages', async () => {
    const { rows, read } = await panelConnections('turbo');
    const conns = await waitFor(
      async () => {
        const c = await read();
        return c.length === 1 && c[0]?.closedBy !== null && c;
      },
      { timeout: 15_000, message: 'the turbo connection, closed' },
    );
    expect(await rows()).toBe(1);
    const [c] = conns;
    expect(c?.url).toContain('/turbo/stream');
    expect([c?.kind, c?.closedBy]).toEqual(['eventsource', 'page']);
    expect(c?.byType).toEqual({ message: 3 });
    expect(c?.stack).toContain('/node_modules/@hotwired/turbo/dist/turbo.es2017-esm.js');
  });

  test('the real panel shows reconnecting-eventsource’s two EventSources, the second from the first', async () => {
    const { rows, read } = await panelConnections('reconnecting');
    const conns = await waitFor(
      async () => {
        const c = await read();
        return c.length === 2 && c.every((x) => x.readyState === 2) && c;
      },
      { timeout: 15_000, message: 'two closed reconnecting-eventsource connections' },
    );
    expect(await rows()).toBe(2);
    const [first, second] = conns;
    expect(first?.url).toContain('/res/stream');
    expect(second?.url).toContain('/res/stream?lastEventId=2');
    expect([first?.kind, second?.kind]).toEqual(['eventsource', 'eventsource']);
    // The first one's own reconnect was refused: the browser gave up on it.
    expect(first?.closedBy).toBe('browser');
    expect(second?.closedBy).toBe('page');
    expect(first?.byType).toEqual({ message: 1, update: 1 });
    expect(second?.byType).toEqual({ message: 1, done: 1 });
    // Made in the library's retry timer after the first failed: the panel links them.
    expect(second?.parentKey).toBe(first?.key);
    expect(first?.stack).toContain('/node_modules/reconnecting-eventsource/dist/');
  });
});

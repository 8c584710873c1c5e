/**
 * "Why CLOSED?" from the real response, in real Chromium with the real panel and a real SSE
 * server on 127.0.0.1, on a copy of the build with `debugger` granted (as after the user accepted
 * network capture's prompt).
 *
 * Capture on: an EventSource refused with 401 and a JSON body (echoing its token) shows the status
 * and the body, token redacted, with no probe and no second request (the server counts them); a
 * stream served as text/plain shows its content type; a fetch stream shows its raw bytes.
 *
 * Capture off: the probe works on a `?token=secret` URL the hook redacted (the hook re-requests
 * the real URL in the page) and the panel never holds `secret`, in its store or its DOM.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Frame, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DIST, launchBrowser, openPanel, waitFor } from './harness/index';
import type { LaunchedBrowser } from './harness/launch';
import { copyDistWithDebuggerGranted, type GrantedCopy } from './harness/debugger-granted';

const PAGE = `<!doctype html><meta charset="utf-8"><title>why closed</title>
<script>
  window.opened = [];
  window.openEventSource = (path) => { const es = new EventSource(path); window.opened.push(es); };
  window.readFetchStream = async (path) => {
    const response = await fetch(path, { headers: { Accept: 'text/event-stream' } });
    const reader = response.body.getReader();
    window.fetchChunks = 0;
    for (;;) { const { done } = await reader.read(); if (done) break; window.fetchChunks += 1; }
  };
</script>`;

interface Endpoint {
  server: Server;
  origin: string;
  /** Requests per path. */
  hits: Map<string, number>;
  /** The `token` of every request to /refused, as the server received it. */
  tokens: string[];
}

async function startServer(): Promise<Endpoint> {
  const hits = new Map<string, number>();
  const tokens: string[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    hits.set(url.pathname, (hits.get(url.pathname) ?? 0) + 1);
    if (url.pathname === '/refused') {
      res.writeHead(401, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      // Headers first, the body a moment later: what a real auth proxy often does, and the case
      // in which Chrome has already aborted the EventSource before the body arrives.
      res.flushHeaders();
      const token = url.searchParams.get('token') ?? '';
      tokens.push(token);
      setTimeout(() => res.end(JSON.stringify({ error: 'token expired', token })), 50);
      return;
    }
    if (url.pathname === '/plain') {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end('data: hi\n\n');
      return;
    }
    if (url.pathname === '/stream') {
      res.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-store',
        'x-accel-buffering': 'no',
      });
      res.write('retry: 2000\r\n\r\n');
      let n = 0;
      const beat = setInterval(() => res.write(`event: tick\ndata: ${++n}\n\n`), 100);
      res.on('close', () => clearInterval(beat));
      return;
    }
    if (url.pathname === '/') {
      res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, origin: `http://127.0.0.1:${port}`, hits, tokens };
}

interface Row {
  key: string;
  url: string;
  session: string;
  status: number | null;
  mimeType: string;
  chunks: number;
}

const rowsOf = (frame: Frame): Promise<Row[]> =>
  frame.evaluate(`[...window.__SSE_PANEL_STORE__.getState().connections.values()].map((c) => ({
    key: c.key, url: c.url, session: c.session,
    status: c.network ? c.network.status : null,
    mimeType: c.network ? c.network.mimeType : '',
    chunks: c.network ? c.network.chunks.length : 0,
  }))`) as Promise<Row[]>;

const textOf = (frame: Frame, selector: string): Promise<string | null> =>
  frame.$eval(selector, (el) => el.textContent).catch(() => null);

describe('why CLOSED from the real response (network capture on)', () => {
  let copy: GrantedCopy;
  let launched: LaunchedBrowser;
  let endpoint: Endpoint;
  let page: Page;
  let frame: Frame;

  async function select(find: (r: Row) => boolean, what: string): Promise<Row> {
    const row = await waitFor(async () => (await rowsOf(frame)).find(find) ?? null, {
      timeout: 15_000,
      message: `no row for ${what}`,
    });
    await frame.evaluate(
      `window.__SSE_PANEL_STORE__.getState().selectConnection(${JSON.stringify(row.key)})`,
    );
    return row;
  }

  beforeAll(async () => {
    copy = copyDistWithDebuggerGranted();
    endpoint = await startServer();
    launched = await launchBrowser({ dist: copy.dir });
    page = await launched.browser.newPage();
    await page.goto(`${endpoint.origin}/`, { waitUntil: 'domcontentloaded' });
    ({ frame } = await openPanel(page, launched.extensionId as string));
    const toggle = '[data-testid="network-capture"]';
    await frame.click(toggle);
    await waitFor(
      async () => (await frame.$eval(toggle, (el) => el.getAttribute('data-status'))) === 'on',
      { timeout: 10_000, message: 'network capture did not turn on' },
    );
  }, 60_000);

  afterAll(async () => {
    await launched?.close();
    endpoint?.server.close();
    copy?.remove();
  });

  test('a 401 with a JSON body: status and redacted body, no probe, one request', async () => {
    await page.evaluate(`window.openEventSource('/refused?token=s3cr3t-value')`);
    await select(
      (r) => r.url.includes('/refused') && r.session !== 'network' && r.status === 401,
      'the refused EventSource, joined with the network',
    );
    const body = await waitFor(
      async () => {
        const text = await textOf(frame, '[data-testid="response-body"]');
        return text?.includes('token expired') ? text : null;
      },
      { timeout: 10_000, message: 'the refused body is not shown' },
    );
    expect(body).toBe('{"error":"token expired","token":"[redacted]"}');
    expect(await textOf(frame, '[data-testid="response-status"]')).toBe('401 Unauthorized');
    expect(await textOf(frame, '[data-testid="response-content-type"]')).toBe('application/json');
    expect(
      await textOf(frame, '[data-testid="response-headers"] [data-header="cache-control"]'),
    ).toBe('cache-control: no-store');
    expect(await textOf(frame, '[data-testid="response-protocol"]')).toBe('http/1.1');
    expect(await textOf(frame, '[data-testid="response-timing"]')).toMatch(/wait \d+\.\d ms/);
    // "Why CLOSED?" reads the same answer, and offers no probe: the network already answered.
    expect(await textOf(frame, '[data-testid="why-network"]')).toContain('HTTP 401 Unauthorized');
    expect(await frame.$('[data-testid="why-closed"] button')).toBeNull();
    expect(await frame.$('[data-testid="probe-result"]')).toBeNull();
    // The token was in the URL and in the body: the body never shows it.
    expect(
      await frame.$eval('[data-testid="response-section"]', (el) => el.textContent),
    ).not.toContain('s3cr3t-value');
    expect(endpoint.hits.get('/refused')).toBe(1);
  }, 60_000);

  test('a stream served as text/plain shows its content type', async () => {
    await page.evaluate(`window.openEventSource('/plain')`);
    await select(
      (r) => r.url.endsWith('/plain') && r.session !== 'network' && r.mimeType === 'text/plain',
      'the text/plain EventSource',
    );
    const type = await waitFor(() => textOf(frame, '[data-testid="response-content-type"]'), {
      timeout: 10_000,
      message: 'no content type shown',
    });
    expect(type).toMatch(/^text\/plain; charset=utf-8 — not text\/event-stream/);
    expect(await textOf(frame, '[data-testid="response-status"]')).toBe('200 OK');
  }, 60_000);

  test('a fetch stream shows its raw bytes, control characters visible', async () => {
    await page.evaluate(`void window.readFetchStream('/stream')`);
    await select(
      (r) => r.url.endsWith('/stream') && r.chunks >= 3,
      'the fetch stream with raw chunks',
    );
    const raw = await waitFor(
      async () => {
        const text = await textOf(frame, '[data-testid="raw-bytes"]');
        return text?.includes('data: 2') ? text : null;
      },
      { timeout: 10_000, message: 'no raw bytes shown' },
    );
    expect(raw.startsWith('retry: 2000\\r\\n\n\\r\\n\nevent: tick\\n\ndata: 1\\n\n\\n\n')).toBe(
      true,
    );
    expect(
      await textOf(frame, '[data-testid="response-headers"] [data-header="x-accel-buffering"]'),
    ).toBe('x-accel-buffering: no');
    // The page read the same bytes: observing them changed nothing it sees.
    expect((await page.evaluate('window.fetchChunks')) as number).toBeGreaterThanOrEqual(3);
  }, 60_000);
});

describe('the probe through the page hook (network capture off)', () => {
  let launched: LaunchedBrowser;
  let endpoint: Endpoint;
  let page: Page;
  let frame: Frame;

  beforeAll(async () => {
    endpoint = await startServer();
    launched = await launchBrowser({ dist: DIST });
    page = await launched.browser.newPage();
    await page.goto(`${endpoint.origin}/`, { waitUntil: 'domcontentloaded' });
    ({ frame } = await openPanel(page, launched.extensionId as string));
  }, 60_000);

  afterAll(async () => {
    await launched?.close();
    endpoint?.server.close();
  });

  test('probes a ?token=secret URL with the real token; secret never reaches the panel', async () => {
    await page.evaluate(`window.openEventSource('/refused?token=secret')`);
    const row = await waitFor(
      async () => (await rowsOf(frame)).find((r) => r.url.includes('/refused')) ?? null,
      { timeout: 15_000, message: 'no row for the refused EventSource' },
    );
    expect(row.url).toContain('token=[redacted]');
    await frame.evaluate(
      `window.__SSE_PANEL_STORE__.getState().selectConnection(${JSON.stringify(row.key)})`,
    );
    const button = await waitFor(() => frame.$('[data-testid="probe-button"]'), {
      timeout: 10_000,
      message: 'no probe button for a redacted URL',
    });
    expect(endpoint.hits.get('/refused')).toBe(1);
    await button.click();
    const status = await waitFor(
      async () =>
        (await frame
          .$eval('[data-testid="probe-status"]', (el) => el.getAttribute('data-status'))
          .catch(() => null)) ?? null,
      { timeout: 15_000, message: 'the probe did not answer' },
    );
    expect(status).toBe('401');
    // The server saw the real token: the page re-requested the real URL, not the redacted one.
    expect(endpoint.hits.get('/refused')).toBe(2);
    expect(endpoint.tokens).toEqual(['secret', 'secret']);
    expect(await textOf(frame, '[data-testid="probe-status"]')).toContain('401 Unauthorized');
    expect(await textOf(frame, '[data-testid="probe-body"]')).toBe(
      '{"error":"token expired","token":"[redacted]"}',
    );
    const store = (await frame.evaluate(`(() => {
      const s = window.__SSE_PANEL_STORE__.getState();
      return [...s.connections.values()].map((c) => JSON.stringify(c)).join('\\n');
    })()`)) as string;
    expect(store).toContain('/refused');
    expect(store).not.toContain('secret');
    expect((await frame.evaluate('document.body.textContent')) as string).not.toContain('secret');
  }, 60_000);
});

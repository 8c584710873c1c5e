/**
 * Stream lint in real Chromium: the built extension with `debugger` granted (network capture on,
 * as after the user accepted its prompt), the real DevTools panel, real SSE servers on 127.0.0.1.
 * Each misbehaving stream shows its finding `[data-testid="lint"][data-rule]` in its detail, a
 * count in its row and in the summary:
 * - 404 → http-status; 200 text/plain → wrong-content-type; lines with no blank line →
 *   unterminated-event (bytes seen only by the network); bad JSON → invalid-json; the same id
 *   again and again → duplicate-id; `event: update` to an onmessage-only page → no-listener;
 * - five connects in a row → reconnect-storm only after the threshold is lowered in Settings;
 * - seven EventSources to one HTTP/1.1 host that holds them open: the 7th waits in CONNECTING
 *   (Chrome's 6 sockets per host) and only it is flagged socket-starved.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Frame, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchBrowser, openPanel, waitFor } from './harness/index';
import type { LaunchedBrowser } from './harness/launch';
import { copyDistWithDebuggerGranted, type GrantedCopy } from './harness/debugger-granted';

const PAGE = `<!doctype html>
<meta charset="utf-8" />
<title>stream lint fixture</title>
<script>
  window.sources = [];
  // onmessage only, like most apps: named events reach no listener.
  window.listen = (url) => {
    const es = new EventSource(url);
    es.onmessage = () => {};
    window.sources.push(es);
  };
  window.storm = async (n) => {
    for (let i = 0; i < n; i += 1) {
      const es = new EventSource('/storm');
      await new Promise((r) => { es.onopen = r; es.onerror = r; });
      es.close();
    }
  };
  window.holds = (origin, n) => {
    for (let i = 0; i < n; i += 1) window.listen(origin + '/hold/' + i);
  };
</script>
<p>stream lint fixture</p>`;

const SSE = { 'content-type': 'text/event-stream', 'cache-control': 'no-store' };

/** Writes `chunk(n)` every `ms` until the client goes. */
function every(res: ServerResponse, ms: number, chunk: (n: number) => string): void {
  let n = 0;
  const beat = setInterval(() => {
    n += 1;
    res.write(chunk(n));
  }, ms);
  res.on('close', () => clearInterval(beat));
}

function streams(req: IncomingMessage, res: ServerResponse): void {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  switch (path) {
    case '/':
      res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
      return;
    case '/missing':
      res.writeHead(404, { 'content-type': 'text/plain' }).end('no such stream');
      return;
    case '/plain':
      res.writeHead(200, { 'content-type': 'text/plain' }).end('data: hello\n\n');
      return;
    case '/unterminated':
      res.writeHead(200, SSE);
      every(res, 200, (n) => `data: tick ${n}\n`);
      return;
    case '/bad-json':
      res.writeHead(200, SSE);
      every(res, 200, (n) => `data: {"price": ${n},\n\n`);
      return;
    case '/same-id':
      res.writeHead(200, SSE);
      every(res, 200, (n) => `id: 7\ndata: tick ${n}\n\n`);
      return;
    case '/named':
      res.writeHead(200, SSE);
      every(res, 200, (n) => `event: update\ndata: ${n}\n\n`);
      return;
    case '/storm':
      res.writeHead(200, SSE).write('data: hi\n\n');
      return;
    default:
      res.writeHead(404).end();
  }
}

/** Holds every stream open (the page's 7 EventSources to one host). */
function holds(_req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(200, { ...SSE, 'access-control-allow-origin': '*' }).write(': open\n\n');
}

async function listen(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<{ server: Server; origin: string; open: Set<ServerResponse> }> {
  const open = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    open.add(res);
    res.on('close', () => open.delete(res));
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, origin: `http://127.0.0.1:${port}`, open };
}

interface Row {
  key: string;
  url: string;
  readyState: number;
}

const rowsOf = (frame: Frame): Promise<Row[]> =>
  frame.evaluate(`[...window.__SSE_PANEL_STORE__.getState().connections.values()].map((c) => ({
    key: c.key, url: c.url, readyState: c.readyState,
  }))`) as Promise<Row[]>;

interface Finding {
  rule: string;
  text: string;
}

describe('stream lint (real panel, network capture on)', () => {
  let copy: GrantedCopy;
  let launched: LaunchedBrowser;
  let main: Awaited<ReturnType<typeof listen>>;
  let other: Awaited<ReturnType<typeof listen>>;
  let page: Page;
  let frame: Frame;

  async function rowFor(path: string): Promise<Row> {
    return waitFor(
      async () => (await rowsOf(frame)).find((r) => new URL(r.url).pathname === path) ?? null,
      { timeout: 10_000, message: `no row for ${path}` },
    );
  }

  /** Selects the row and returns its findings once `rule` is among them. */
  async function findingsOf(key: string, rule: string): Promise<Finding[]> {
    await frame.evaluate(
      `window.__SSE_PANEL_STORE__.getState().selectConnection(${JSON.stringify(key)})`,
    );
    return waitFor(
      async () => {
        const found = (await frame.$$eval(
          `[data-testid="detail-pane"][data-key="${key}"] [data-testid="lint"]`,
          (els) =>
            els.map((el) => ({
              rule: el.getAttribute('data-rule') ?? '',
              text: el.textContent ?? '',
            })),
        )) as Finding[];
        return found.some((f) => f.rule === rule) ? found : null;
      },
      { timeout: 10_000, message: `${key} shows no ${rule} finding` },
    );
  }

  const badgeOf = (key: string): Promise<number> =>
    frame.$$eval(
      '[data-testid="connection-row"]',
      (rows, k) => {
        const row = rows.find((r) => r.getAttribute('data-key') === k);
        const badge = row?.querySelector('[data-testid="lint-count"]');
        return badge ? Number(badge.getAttribute('data-value')) : 0;
      },
      key,
    );

  beforeAll(async () => {
    copy = copyDistWithDebuggerGranted();
    main = await listen(streams);
    other = await listen(holds);
    launched = await launchBrowser({ dist: copy.dir });
    page = await launched.browser.newPage();
    await page.goto(`${main.origin}/`, { waitUntil: 'domcontentloaded' });
    ({ frame } = await openPanel(page, launched.extensionId as string));
    // Capture first: a request made before Network.enable is unknown to the network.
    const toggle = '[data-testid="network-capture"]';
    await frame.click(toggle);
    await waitFor(
      async () => (await frame.$eval(toggle, (el) => el.getAttribute('data-status'))) === 'on',
      { timeout: 10_000, message: 'network capture did not turn on' },
    );
  }, 60_000);

  afterAll(async () => {
    await launched?.close();
    for (const s of [main, other]) {
      for (const res of s?.open ?? []) res.destroy();
      s?.server.close();
    }
    copy?.remove();
  });

  test('each misbehaving stream shows its finding, with evidence, in the detail and the row', async () => {
    await page.evaluate(`['/missing', '/plain', '/unterminated', '/bad-json', '/same-id', '/named']
      .forEach((p) => window.listen(p))`);

    const expected: Array<[string, string, RegExp]> = [
      ['/missing', 'http-status', /answered 404 Not Found/],
      ['/plain', 'wrong-content-type', /served as "text\/plain"/],
      ['/unterminated', 'unterminated-event', /\d+ bytes arrived over [\d.]+ s and no event/],
      ['/bad-json', 'invalid-json', /does not parse, for example: \{"price": \d+,/],
      ['/same-id', 'duplicate-id', /consecutive events carry the same id "7"/],
      ['/named', 'no-listener', /types the page does not listen to: update/],
    ];
    for (const [path, rule, evidence] of expected) {
      const row = await rowFor(path);
      const findings = await findingsOf(row.key, rule);
      const finding = findings.find((f) => f.rule === rule);
      expect(finding?.text, path).toMatch(evidence);
      expect(finding?.text, path).toMatch(/How to fix: \S/);
      expect(await badgeOf(row.key), path).toBe(findings.length);
    }
    const summary = await frame.$eval('[data-testid="lint-summary"]', (el) =>
      Number(el.getAttribute('data-value')),
    );
    const badges = await frame.$$eval('[data-testid="lint-count"]', (els) =>
      els.reduce((n, el) => n + Number(el.getAttribute('data-value')), 0),
    );
    expect(summary).toBeGreaterThanOrEqual(expected.length);
    expect(summary).toBe(badges);
    const perRule = await frame.$$eval('[data-testid="lint-summary-rules"] li', (els) =>
      els.map((el) => el.getAttribute('data-rule')),
    );
    expect(perRule).toEqual(expect.arrayContaining(expected.map(([, rule]) => rule)));
  }, 90_000);

  test('reconnect-storm appears once the threshold is lowered in Settings', async () => {
    await page.evaluate('window.storm(5)');
    await waitFor(
      async () => (await rowsOf(frame)).filter((r) => r.url.endsWith('/storm')).length === 5,
      { timeout: 10_000, message: 'five /storm rows' },
    );
    const rules = () =>
      frame.$$eval('[data-testid="lint-summary-rules"] li', (els) =>
        els.map((el) => el.getAttribute('data-rule')),
      );
    expect(await rules()).not.toContain('reconnect-storm');

    await frame.click('[data-testid="settings-button"]');
    const input = await waitFor(() => frame.$('[data-testid="setting-reconnectStormPerMinute"]'), {
      message: 'the storm threshold field',
    });
    expect(await input.evaluate((el) => (el as HTMLInputElement).value)).toBe('30');
    await input.click({ count: 3 });
    await input.type('3');
    await input.press('Enter');
    await waitFor(async () => (await rules()).includes('reconnect-storm'), {
      timeout: 5_000,
      message: 'reconnect-storm in the summary after lowering the threshold',
    });
    const storms = (await rowsOf(frame)).filter((r) => r.url.endsWith('/storm'));
    const newest = storms.at(-1) as Row;
    const findings = await findingsOf(newest.key, 'reconnect-storm');
    expect(findings.find((f) => f.rule === 'reconnect-storm')?.text).toMatch(
      /5 connects to this endpoint within one minute \(threshold 3\)/,
    );
    await frame.click('[data-testid="settings-button"]');
  }, 60_000);

  test('seven streams to one HTTP/1.1 host: the waiting one is socket-starved', async () => {
    await page.evaluate(`window.holds(${JSON.stringify(other.origin)}, 7)`);
    await waitFor(() => other.open.size === 6, {
      timeout: 10_000,
      message: 'the hold server to have 6 streams open',
    });
    const held = await waitFor(
      async () => {
        const rows = (await rowsOf(frame)).filter((r) => r.url.startsWith(`${other.origin}/`));
        return rows.length === 7 && rows.filter((r) => r.readyState === 1).length === 6
          ? rows
          : null;
      },
      { timeout: 10_000, message: 'seven rows to the hold server, six of them open' },
    );
    // The server never sees the 7th: Chrome holds it back for want of a socket.
    expect(other.open.size).toBe(6);
    const waiting = held.filter((r) => r.readyState === 0);
    expect(waiting).toHaveLength(1);
    const findings = await findingsOf((waiting[0] as Row).key, 'socket-starved');
    expect(findings.find((f) => f.rule === 'socket-starved')?.text).toMatch(
      /while 6 other connections to this host are live over HTTP\/1\.1/,
    );
    for (const r of held.filter((h) => h.readyState === 1)) {
      await frame.evaluate(
        `window.__SSE_PANEL_STORE__.getState().selectConnection(${JSON.stringify(r.key)})`,
      );
      await waitFor(() => frame.$(`[data-testid="detail-pane"][data-key="${r.key}"]`), {
        message: `detail of ${r.url}`,
      });
      expect(
        await frame.$$eval('[data-testid="detail-pane"] [data-testid="lint"]', (els) =>
          els.map((el) => el.getAttribute('data-rule')),
        ),
        r.url,
      ).toEqual([]);
    }
  }, 60_000);
});

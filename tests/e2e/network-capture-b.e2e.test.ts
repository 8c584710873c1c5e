/**
 * Network capture, the parts after the first (network-capture.e2e.test.ts): real Chromium, a copy
 * of the build with `debugger` granted, the real panel, real SSE servers on 127.0.0.1. Each test
 * has its own server, hence its own origin: the switch is remembered per origin.
 *
 * - Shared workers: Chrome does not attach them under the tab; capture finds the inspected
 *   origin's shared worker among the browser's targets and attaches it by id. Its EventSource and
 *   fetch stream get rows named by the worker's URL; off detaches it.
 * - Streams already open when the switch goes on: the panel says so; its Reload button reloads
 *   the page, after which the hook and the network both see the stream and the notice is gone.
 * - The switch is restored per origin when DevTools reopens (and attaches again), is off on
 *   another origin, and the attachment ends when the last panel closes.
 * - Clear keeps a network-only stream that is still open and drops an ended one for good.
 * - Double mounts (two EventSources to one endpoint a fraction of a millisecond apart, the first
 *   closed): each row holds the network's view of its own request.
 * - A busy task making several EventSources to one endpoint: every request goes out after the
 *   task, later than the next constructions; each row still holds its own.
 * - An EventSource the server keeps ending: each reconnect request joins its one row, whose
 *   detail lists the earlier requests.
 * - An XMLHttpRequest reading an event stream, which the hook does not observe: a row of kind
 *   `xhr` from the network alone, its events parsed from the bytes on the wire, ended when the
 *   page aborts it.
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

const FIXTURES = join(import.meta.dirname, 'fixtures', 'network-b');
const FILES: Record<string, string> = {
  '/': 'index.html',
  '/index.html': 'index.html',
  '/auto.html': 'auto.html',
  '/shared.js': 'shared.js',
  '/worker-clear.js': 'worker-clear.js',
};

interface Endpoint {
  readonly server: Server;
  readonly origin: string;
}

/**
 * `/named`: one unnamed event, then `event: update` every 100 ms, open until the client goes.
 * `/finite`: three events, then the server ends the response.
 * `/drop`: `retry: 150` and one event, then the server ends the response 100 ms later.
 */
async function startServer(): Promise<Endpoint> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/drop') {
      // One event, then the server ends the response; the source reconnects 150 ms later.
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
      res.write('retry: 150\ndata: hello\n\n');
      setTimeout(() => res.end(), 100);
      return;
    }
    if (url.pathname === '/named' || url.pathname === '/finite') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
      res.write('data: hello\n\n');
      let n = 0;
      const beat = setInterval(() => {
        n += 1;
        res.write(`event: update\nid: ${n}\ndata: {"n":${n}}\n\n`);
        if (url.pathname === '/finite' && n >= 2) {
          clearInterval(beat);
          res.end();
        }
      }, 100);
      res.on('close', () => clearInterval(beat));
      return;
    }
    const file = FILES[url.pathname];
    if (file === undefined) {
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
  kind: string;
  url: string;
  frameUrl: string;
  messages: number;
  readyState: number;
  unsent: boolean;
  network: null | {
    requestId: string;
    url: string;
    events: number;
    bytes: number;
    status: number | null;
    endedAt: number | null;
    target: { type: string; url: string } | null;
  };
}

const rowsOf = (frame: Frame): Promise<Row[]> =>
  frame.evaluate(`[...window.__SSE_PANEL_STORE__.getState().connections.values()].map((c) => ({
    key: c.key, session: c.session, kind: c.kind ?? 'eventsource', url: c.url,
    frameUrl: c.frameUrl, messages: c.messages, readyState: c.readyState, unsent: c.unsent === true,
    network: c.network ? { requestId: c.network.requestId, url: c.network.url, events: c.network.events, bytes: c.network.bytes,
      status: c.network.status, endedAt: c.network.endedAt, target: c.network.target } : null,
  }))`) as Promise<Row[]>;

const rowOf = async (frame: Frame, who: string): Promise<Row | null> =>
  (await rowsOf(frame)).find((r) => r.url.includes(`who=${who}`)) ?? null;

const TOGGLE = '[data-testid="network-capture"]';

const statusOf = (frame: Frame): Promise<string | null> =>
  frame.$eval(TOGGLE, (el) => el.getAttribute('data-status'));

async function waitForStatus(frame: Frame, status: string): Promise<void> {
  await waitFor(async () => (await statusOf(frame)) === status, {
    timeout: 10_000,
    message: `network capture status ${status}`,
  });
}

describe('network capture (chrome.debugger), part b', () => {
  let copy: GrantedCopy;
  let launched: LaunchedBrowser;
  const servers: Endpoint[] = [];

  async function server(): Promise<Endpoint> {
    const s = await startServer();
    servers.push(s);
    return s;
  }

  async function newPage(url: string): Promise<Page> {
    const page = await launched.browser.newPage();
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    return page;
  }

  async function panelOf(page: Page): Promise<Frame> {
    return (await openPanel(page, launched.extensionId as string)).frame;
  }

  const tabIdOf = (frame: Frame): Promise<number> =>
    frame.evaluate('chrome.devtools.inspectedWindow.tabId') as Promise<number>;

  /** Whether the extension can attach this debuggee itself: false while the panel holds it. */
  async function canAttach(debuggee: { tabId: number } | { targetId: string }): Promise<boolean> {
    const sw = await launched.serviceWorker();
    return sw.evaluate(async (d: chrome.debugger.Debuggee) => {
      try {
        await chrome.debugger.attach(d, '1.3');
        await chrome.debugger.detach(d);
        return true;
      } catch {
        return false;
      }
    }, debuggee);
  }

  async function sharedWorkerTargetId(url: string): Promise<string> {
    const sw = await launched.serviceWorker();
    return waitFor(
      () =>
        sw.evaluate(
          async (u: string) => (await chrome.debugger.getTargets()).find((t) => t.url === u)?.id,
          url,
        ),
      { timeout: 10_000, message: `the shared worker ${url} among the browser's targets` },
    );
  }

  async function turnOn(frame: Frame): Promise<void> {
    await frame.click(TOGGLE);
    await waitForStatus(frame, 'on');
    expect(await frame.$eval(TOGGLE, (el) => (el as HTMLInputElement).checked)).toBe(true);
  }

  beforeAll(async () => {
    copy = copyDistWithDebuggerGranted();
    launched = await launchBrowser({ dist: copy.dir });
  }, 60_000);

  afterAll(async () => {
    await launched?.close();
    for (const s of servers) s.server.close();
    copy?.remove();
  });

  test("a shared worker's EventSource and fetch stream get rows named by the worker; off detaches it", async () => {
    const { origin } = await server();
    const page = await newPage(`${origin}/`);
    const frame = await panelOf(page);
    await turnOn(frame);

    await page.evaluate('window.startShared()');
    const workerUrl = `${origin}/shared.js`;
    // The panel attaches to the origin's shared workers as it finds them among the browser's
    // targets (every 100 ms); a request before that is missed (the documented limit), so the
    // page asks the worker for a new pair of streams every second until the network sees one.
    let asked = 0;
    const ask = async (): Promise<void> => {
      if (Date.now() - asked < 1_000) return;
      asked = Date.now();
      await page.evaluate("window.shared.port.postMessage('go')");
    };
    const es = await waitFor(
      async () => {
        const r = (await rowsOf(frame)).find(
          (x) => x.url.includes('who=shared-es') && (x.network?.events ?? 0) >= 3,
        );
        if (r) return r;
        await ask();
        return null;
      },
      { timeout: 15_000, message: "the shared worker's EventSource has no row with events" },
    );
    expect(es.session).toBe('network');
    expect(es.kind).toBe('eventsource');
    expect(es.frameUrl).toBe(workerUrl);
    expect(es.network?.target).toMatchObject({ type: 'shared_worker', url: workerUrl });
    expect(es.messages).toBe(es.network?.events);

    const fetched = await waitFor(
      async () => {
        const r = (await rowsOf(frame)).find(
          // Its events too: parsed by the panel from the bytes (Chrome reports none for fetch).
          (x) => x.url.includes('who=shared-fetch') && (x.network?.events ?? 0) > 0,
        );
        if (r) return r;
        // Seen in about one run in three on a 2-core machine: the pair's EventSource is seen but
        // not its fetch stream's bytes. Not explained yet; a later pair shows them.
        await ask();
        return null;
      },
      { timeout: 15_000, message: "the shared worker's fetch stream has no row with events" },
    );
    expect(fetched.network?.bytes).toBeGreaterThan(0);
    expect(fetched.messages).toBe(fetched.network?.events);
    expect(fetched.session).toBe('network');
    expect(fetched.kind).toBe('fetch');
    expect(fetched.network?.status).toBe(200);
    expect(fetched.network?.target).toMatchObject({ type: 'shared_worker', url: workerUrl });

    // The panel holds the worker while on; off lets it go (and the tab).
    const targetId = await sharedWorkerTargetId(workerUrl);
    expect(await canAttach({ targetId })).toBe(false);
    await frame.click(TOGGLE);
    await waitForStatus(frame, 'off');
    await waitFor(() => canAttach({ targetId }), {
      timeout: 5_000,
      message: 'the shared worker is still attached after the switch went off',
    });
    expect(await canAttach({ tabId: await tabIdOf(frame) })).toBe(true);
    await page.close();
  }, 90_000);

  test('streams open before the switch: the notice offers a reload, after which hook and network both see them', async () => {
    const { origin } = await server();
    const page = await newPage(`${origin}/auto.html`);
    const frame = await panelOf(page);
    await waitFor(() => rowOf(frame, 'auto'), {
      timeout: 15_000,
      message: "the hook's row of the stream opened at load",
    });
    expect(await frame.$('[data-testid="network-capture-notice"]')).toBeNull();

    await turnOn(frame);
    const notice = await waitFor(() => frame.$('[data-testid="network-capture-notice"]'), {
      timeout: 5_000,
      message: 'no "already open" notice after turning capture on',
    });
    expect(await notice.evaluate((el) => el.textContent)).toMatch(
      /^1 connections were already open/,
    );
    // Before the reload the network knows nothing of the stream.
    expect((await rowOf(frame, 'auto'))?.network).toBeNull();

    await frame.click('[data-testid="network-capture-reload"]');
    const both = await waitFor(
      async () => {
        const rows = (await rowsOf(frame)).filter((r) => r.url.includes('who=auto'));
        return rows.find((r) => r.session !== 'network' && (r.network?.events ?? 0) >= 2) ?? null;
      },
      {
        timeout: 15_000,
        message: 'after the reload, no row seen by both the hook and the network',
      },
    );
    await frame.evaluate(
      `window.__SSE_PANEL_STORE__.getState().selectConnection(${JSON.stringify(both.key)})`,
    );
    await waitFor(
      async () =>
        (await frame
          .$eval('[data-testid="network-sources"]', (el) => el.textContent)
          .catch(() => null)) === 'page hook and network',
      { timeout: 5_000, message: 'the detail does not say "page hook and network"' },
    );
    expect(await frame.$('[data-testid="network-capture-notice"]')).toBeNull();
    expect(await statusOf(frame)).toBe('on');
    await page.close();
  }, 90_000);

  test('the switch is restored per origin when DevTools reopens, off on another origin, detached when the last panel closes', async () => {
    const a = await server();
    const b = await server();
    const page = await newPage(`${a.origin}/`);
    let opened = await openPanel(page, launched.extensionId as string);
    const tabId = await tabIdOf(opened.frame);
    await turnOn(opened.frame);
    expect(await canAttach({ tabId })).toBe(false);

    // The last panel on the tab closes: the attachment (and Chrome's bar) must go with it.
    await opened.devtools.close();
    await waitFor(() => canAttach({ tabId }), {
      timeout: 10_000,
      message: 'chrome.debugger still attached after DevTools closed',
    });

    opened = await openPanel(page, launched.extensionId as string);
    let frame = opened.frame;
    await waitForStatus(frame, 'on');
    expect(await frame.$eval(TOGGLE, (el) => (el as HTMLInputElement).checked)).toBe(true);
    expect(await canAttach({ tabId })).toBe(false);

    // Origin B has no remembered choice: off, and detached.
    await page.goto(`${b.origin}/`, { waitUntil: 'domcontentloaded' });
    await waitForStatus(frame, 'off');
    expect(await frame.$eval(TOGGLE, (el) => (el as HTMLInputElement).checked)).toBe(false);
    await waitFor(() => canAttach({ tabId }), {
      timeout: 10_000,
      message: 'still attached on an origin where capture is off',
    });

    // Back on A: on again, without a click.
    await page.goto(`${a.origin}/`, { waitUntil: 'domcontentloaded' });
    await waitForStatus(frame, 'on');
    expect(await canAttach({ tabId })).toBe(false);

    // Reopened on B, the panel starts off.
    await page.goto(`${b.origin}/`, { waitUntil: 'domcontentloaded' });
    await waitForStatus(frame, 'off');
    await opened.devtools.close();
    frame = (await openPanel(page, launched.extensionId as string)).frame;
    // The stored preferences load asynchronously: give a wrong restore the time to show.
    await frame.waitForFunction(
      `window.__SSE_PANEL_STORE__.getState().networkCapture !== undefined`,
    );
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await statusOf(frame)).toBe('off');
    expect(await canAttach({ tabId })).toBe(true);
    await page.close();
  }, 120_000);

  test('Clear keeps a network-only stream that is still open and drops an ended one for good', async () => {
    const { origin } = await server();
    const page = await newPage(`${origin}/`);
    const frame = await panelOf(page);
    await turnOn(frame);
    await page.evaluate('window.startWorker()');
    await waitFor(async () => ((await rowOf(frame, 'w-open'))?.network?.events ?? 0) >= 2 && true, {
      timeout: 15_000,
      message: "the worker's open EventSource has no row",
    });
    await waitFor(async () => (await rowOf(frame, 'w-ended'))?.network?.endedAt != null, {
      timeout: 15_000,
      message: "the worker's ended fetch stream has no ended row",
    });

    await frame.click('[data-testid="clear-button"]');
    const cleared = await waitFor(
      async () => {
        const rows = await rowsOf(frame);
        return rows.some((r) => r.url.includes('who=w-ended')) ? null : rows;
      },
      { timeout: 5_000, message: 'the ended stream kept its row after Clear' },
    );
    const kept = cleared.find((r) => r.url.includes('who=w-open'));
    expect(kept?.session).toBe('network');
    const eventsAtClear = kept?.network?.events ?? 0;

    // New events of the open stream: its row counts them from the Clear, and the ended stream
    // stays gone (the capture still holds it).
    const after = await waitFor(
      async () => {
        const r = await rowOf(frame, 'w-open');
        return r && (r.network?.events ?? 0) >= eventsAtClear + 3 ? r : null;
      },
      { timeout: 10_000, message: 'the open stream stopped updating after Clear' },
    );
    expect(after.messages).toBeGreaterThanOrEqual(3);
    // Counted from the Clear, not from the stream's start (at least the two events before it).
    expect(after.messages).toBeLessThanOrEqual((after.network?.events ?? 0) - 2);
    expect(await rowOf(frame, 'w-ended')).toBeNull();
    expect(await frame.$$eval('[data-testid="connection-row"]', (els) => els.length)).toBe(1);
    await page.close();
  }, 90_000);

  /** The `who` of a URL of `startPairs`: tag, pair number, `a` (first) or `b` (second). */
  const who = (url: string): string | null => /who=([a-z]+\d+[ab]?)/.exec(url)?.[1] ?? null;

  test('double mounts: each of two back-to-back EventSources holds its own request, the closed one ended', async () => {
    const { origin } = await server();
    const page = await newPage(`${origin}/`);
    const frame = await panelOf(page);
    await turnOn(frame);
    const pairs = 5;
    // Both requests are sent; the first is closed 300 ms later. The two constructions are 0.7 ms
    // apart, so most pairs straddle a millisecond of the hook's clock.
    await page.evaluate(`window.startPairs(${pairs}, 'late', 300)`);
    const rows = await waitFor(
      async () => {
        const all = (await rowsOf(frame)).filter((r) => who(r.url)?.startsWith('late'));
        const settled = all.filter(
          (r) =>
            r.session !== 'network' &&
            r.network !== null &&
            // The first of a pair closed (its record may come a flush after the page closed it).
            (who(r.url)?.endsWith('a')
              ? r.readyState === 2 && r.network.endedAt !== null
              : r.network.events >= 2),
        );
        return settled.length === pairs * 2 ? all : null;
      },
      { timeout: 20_000, message: 'not every double-mounted EventSource got its network view' },
    );
    for (const r of rows) {
      // The network's request is this row's own (its `who`), not its twin's.
      expect(who(r.network?.url ?? ''), r.url).toBe(who(r.url));
      expect(r.readyState === 2, r.url).toBe(who(r.url)?.endsWith('a'));
    }
    await page.close();
  }, 90_000);

  test("StrictMode's cleanup in the same task: the first never reached the network, the second holds its own request", async () => {
    const { origin } = await server();
    const page = await newPage(`${origin}/`);
    const frame = await panelOf(page);
    await turnOn(frame);
    const pairs = 5;
    await page.evaluate(`window.startPairs(${pairs}, 'strict', 0)`);
    const rows = await waitFor(
      async () => {
        const all = (await rowsOf(frame)).filter((r) => who(r.url)?.startsWith('strict'));
        const second = all.filter((r) => r.network !== null && r.network.events >= 2);
        return all.length === pairs * 2 && second.length === pairs ? all : null;
      },
      { timeout: 20_000, message: 'the second of each double mount has no network view' },
    );
    // Give a wrong join the time to show: the network's streams have all been seen by now.
    await new Promise((r) => setTimeout(r, 500));
    for (const r of await rowsOf(frame)) {
      if (!who(r.url)?.startsWith('strict')) continue;
      expect(r.session, r.url).not.toBe('network');
      if (who(r.url)?.endsWith('a')) {
        expect(r.readyState, r.url).toBe(2);
        expect(r.unsent, r.url).toBe(true);
        expect(r.network, r.url).toBeNull();
      } else {
        expect(who(r.network?.url ?? ''), r.url).toBe(who(r.url));
        expect(r.unsent, r.url).toBe(false);
      }
    }
    expect(rows).toHaveLength(pairs * 2);
    // The detail of a first one says why it has no network view.
    const first = rows.find((r) => who(r.url) === 'strict0a');
    await frame.click(`[data-testid="connection-row"][data-key="${first?.key ?? ''}"]`);
    const unsent = await waitFor(() => frame.$('[data-testid="why-unsent"]'), {
      timeout: 5_000,
      message: 'the detail does not say the request was never sent',
    });
    expect(await unsent.evaluate((el) => el.textContent)).toMatch(/never reached the network/);
    await page.close();
  }, 90_000);

  test('a busy task: requests sent after the next constructions still join their own rows', async () => {
    const { origin } = await server();
    const page = await newPage(`${origin}/`);
    const frame = await panelOf(page);
    await turnOn(frame);
    const n = 4;
    // Constructions 40 ms apart in one task; all requests go out after it, the first one about
    // 120 ms after its construction and 0–40 ms after the last.
    await page.evaluate(`window.startBusy(${n}, 'busy', 40)`);
    const rows = await waitFor(
      async () => {
        const all = (await rowsOf(frame)).filter((r) => who(r.url)?.startsWith('busy'));
        const joined = all.filter(
          (r) => r.session !== 'network' && r.network !== null && r.network.events >= 2,
        );
        return joined.length === n ? all : null;
      },
      { timeout: 20_000, message: 'not every EventSource of the busy task got its network view' },
    );
    expect(rows).toHaveLength(n);
    for (const r of rows) expect(who(r.network?.url ?? ''), r.url).toBe(who(r.url));
    await page.close();
  }, 90_000);

  test("an EventSource's reconnect requests join its row: one row, showing the latest request", async () => {
    const { origin } = await server();
    const page = await newPage(`${origin}/`);
    const frame = await panelOf(page);
    await turnOn(frame);
    await page.evaluate(`window.dropping = new EventSource('/drop?who=drop0')`);
    const seen = new Set<string>();
    await waitFor(
      async () => {
        for (const r of await rowsOf(frame))
          if (who(r.url) === 'drop0' && r.session !== 'network' && r.network)
            seen.add(r.network.requestId);
        return seen.size >= 3;
      },
      { timeout: 20_000, message: 'the row did not follow its reconnect requests' },
    );
    await page.evaluate(`window.dropping.close()`);
    // Every request of the source was joined to its row: none shown as a stream of its own.
    const rows = (await rowsOf(frame)).filter((r) => who(r.url) === 'drop0');
    expect(rows.map((r) => r.session)).toHaveLength(1);
    expect(rows[0]?.session).not.toBe('network');
    // The detail pane lists the earlier requests under the latest one: each ended by the server
    // after its one event, every request the panel saw accounted for.
    const row = rows[0] as Row;
    await frame.evaluate(
      `window.__SSE_PANEL_STORE__.getState().selectConnection(${JSON.stringify(row.key)})`,
    );
    const items = await waitFor(
      async () => {
        const lines = await frame
          .$$eval('[data-testid="network-requests"] li', (els) =>
            els.map((el) => ({ id: el.getAttribute('data-request-id'), text: el.textContent })),
          )
          .catch(() => []);
        return lines.length >= seen.size - 1 ? lines : null;
      },
      { timeout: 5_000, message: 'the detail does not list the earlier requests' },
    );
    const latest = (await rowsOf(frame)).find((r) => r.key === row.key)?.network?.requestId;
    const listed = new Set([...items.map((i) => i.id), latest]);
    for (const id of seen) expect(listed, `request ${id}`).toContain(id);
    for (const item of items) {
      expect(item.text).toContain('200 OK');
      expect(item.text).toContain('events: 1');
      expect(item.text).toContain('finished');
    }
    await page.close();
  }, 90_000);
  test('an XMLHttpRequest event stream, unseen by the hook: a row of kind xhr from the network alone, its events parsed from its bytes', async () => {
    const { origin } = await server();
    const page = await newPage(`${origin}/`);
    const frame = await panelOf(page);
    await turnOn(frame);
    await page.evaluate(`window.xhr = new XMLHttpRequest();
      window.xhr.open('GET', '/named?who=xhr0');
      window.xhr.send();`);
    // The raw text the network delivered for it (Chrome reports events for EventSources only:
    // the panel parses a fetch or XHR stream's events from these bytes).
    const wire = (key: string): Promise<string> =>
      frame.evaluate(
        `(window.__SSE_PANEL_STORE__.getState().connections.get(${JSON.stringify(key)})?.network?.chunks ?? []).map((c) => c.text).join('')`,
      ) as Promise<string>;
    const row = await waitFor(
      async () => {
        const r = await rowOf(frame, 'xhr0');
        return r?.network && (await wire(r.key)).includes('event: update\nid: 2') ? r : null;
      },
      { timeout: 15_000, message: "the XHR's event stream has no row with its bytes" },
    );
    expect(row.session).toBe('network');
    expect(row.kind).toBe('xhr');
    expect(row.network?.status).toBe(200);
    expect(row.network?.bytes).toBeGreaterThan(0);
    expect(await wire(row.key)).toMatch(/^data: hello\n\n/);
    // One unnamed event, then `event: update` with ids: counted by type, in the table too.
    const events = (await frame.evaluate(
      `window.__SSE_PANEL_STORE__.getState().connections.get(${JSON.stringify(row.key)}).network.recent.map((e) => [e.type, e.id, e.data])`,
    )) as string[][];
    expect(events.slice(0, 3)).toEqual([
      ['message', '', 'hello'],
      ['update', '1', '{"n":1}'],
      ['update', '2', '{"n":2}'],
    ]);
    expect(row.messages).toBe(row.network?.events);
    expect(row.network?.events).toBeGreaterThanOrEqual(3);
    const kind = await frame.$eval(`[data-testid="connection-row"][data-key="${row.key}"]`, (el) =>
      el.getAttribute('data-kind'),
    );
    expect(kind).toBe('xhr');
    // The page aborts it: the network sees the request end and the row is closed.
    await page.evaluate('window.xhr.abort()');
    const ended = await waitFor(
      async () => {
        const r = await rowOf(frame, 'xhr0');
        return r?.network?.endedAt != null ? r : null;
      },
      { timeout: 10_000, message: 'the aborted XHR stream did not end in the panel' },
    );
    expect(ended.readyState).toBe(2);
    await page.close();
  }, 90_000);
});

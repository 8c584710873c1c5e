/**
 * The transport hops in real Chromium, independently of the page hook and the panel UI: page
 * script stands in for the hook (it posts `page:records` and watches the relay's `relay:*`), and a
 * port opened from inside the real DevTools panel frame stands in for the panel's link.
 * Proves: relay IIFE runs at document_start, the worker routes per tab with the FrameOrigin taken
 * from the sender, attach/detach reach the page, a stopped worker is transparently replaced, and
 * forged page messages are counted, closing DevTools detaches — with no extension errors in the
 * page console.
 */
import type { ConsoleMessage, Frame, Page } from 'puppeteer-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { DEFAULT_HOOK_SETTINGS } from '../../src/protocol';
import { launchHarness, waitFor, type Harness } from './harness';

const SESSION = 'e2e-transport';

// Page script: count what the relay says to the hook of this frame. Like the hook at its first
// stream, it first wakes the relay (content/relay.ts sleeps until then).
const PAGE = `<!doctype html><html><head><script>
  performance.dispatchEvent(new Event('sse-devtools:wake'));
  window.fromRelay = [];
  addEventListener('message', (e) => {
    if (e.source === window && e.data && e.data.source === 'sse-devtools' && String(e.data.kind).startsWith('relay:')) {
      window.fromRelay.push(e.data.kind);
    }
  });
</script></head><body>transport</body></html>`;

// The same recorder without the wake-up: only the real hook's first stream wakes this relay.
const QUIET_PAGE = PAGE.replace("performance.dispatchEvent(new Event('sse-devtools:wake'));", '');
if (QUIET_PAGE === PAGE) throw new Error('transport.e2e: PAGE no longer wakes its relay');

/** A stand-in panel link inside the panel frame: reconnects and re-attaches, like panel-link.ts. */
const STAND_IN_PANEL = `(() => {
  const tabId = chrome.devtools.inspectedWindow.tabId;
  const t = (window.__transport = { got: [], connects: 0 });
  const connect = () => {
    const port = chrome.runtime.connect({ name: 'panel:' + tabId });
    t.connects++;
    port.onMessage.addListener((m) => t.got.push(m));
    port.onDisconnect.addListener(() => { void chrome.runtime.lastError; setTimeout(connect, 50); });
    port.postMessage({ source: 'sse-devtools', version: 1, kind: 'panel:attach', cursors: {},
      settings: ${JSON.stringify(DEFAULT_HOOK_SETTINGS)} });
  };
  connect();
  return tabId;
})()`;

interface Got {
  kind: string;
  session?: string;
  records?: { seq: number }[];
  frameId?: number;
  documentId?: string;
  frameUrl?: string;
  rejected?: Record<string, number>;
}

let h: Harness;
beforeAll(async () => {
  h = await launchHarness({ pages: { '/transport.html': PAGE, '/quiet.html': QUIET_PAGE } });
});
afterAll(async () => {
  await h?.close();
});

const panelGot = (frame: Frame): Promise<Got[]> =>
  frame.evaluate('window.__transport.got') as Promise<Got[]>;
const relayKinds = (page: Page): Promise<string[]> =>
  page.evaluate(() => (window as unknown as { fromRelay: string[] }).fromRelay);
const postRecord = (page: Page, seq: number, version = 1): Promise<void> =>
  page.evaluate(
    (session, seq, version) => {
      window.postMessage(
        {
          source: 'sse-devtools',
          version,
          kind: 'page:records',
          session,
          records: [{ seq, t: Date.now(), k: 'open', id: 1 }],
        },
        '*',
      );
    },
    SESSION,
    seq,
    version,
  );
const seqsOf = (got: Got[]): number[] =>
  got
    .filter((m) => m.kind === 'bg:records' && m.session === SESSION)
    .flatMap((m) => (m.records ?? []).map((r) => r.seq));

test('relay ⇄ worker ⇄ panel: routing, attach, worker restart, refusals', async () => {
  const page = await h.newPage('/transport.html');
  const errors: string[] = [];
  page.on('console', (m: ConsoleMessage) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  const { devtools, frame } = await h.openPanel(page);
  await frame.evaluate(STAND_IN_PANEL);

  // The attach reaches the page as relay:attach; then records flow with the sender's origin.
  await waitFor(async () => (await relayKinds(page)).includes('relay:attach'), {
    message: 'relay:attach in the page',
  });
  await postRecord(page, 1);
  const first = await waitFor(
    async () =>
      (await panelGot(frame)).find((m) => m.kind === 'bg:records' && m.session === SESSION),
    { message: 'bg:records in the panel' },
  );
  expect(first).toMatchObject({ frameId: 0, frameUrl: `${h.server.url}/transport.html` });
  expect(first.documentId).toMatch(/^[0-9A-F]{32}$/);

  // Stop the worker: the relay tells the hook to detach, both sides reconnect, attach again.
  const attachesBefore = (await relayKinds(page)).filter((k) => k === 'relay:attach').length;
  await h.stopServiceWorker();
  await waitFor(
    async () =>
      (await relayKinds(page)).filter((k) => k === 'relay:attach').length > attachesBefore,
    { message: 'a second relay:attach after the worker restarted' },
  );
  expect(await relayKinds(page)).toContain('relay:detach');
  await postRecord(page, 2);
  await waitFor(async () => seqsOf(await panelGot(frame)).includes(2), {
    message: 'records flow again after the restart',
  });
  expect(seqsOf(await panelGot(frame))).toEqual([1, 2]);

  // Forged traffic: refused by the relay, counted, reported within about a second.
  await postRecord(page, 3, 999);
  await page.evaluate(() =>
    window.postMessage(
      { source: 'sse-devtools', version: 1, kind: 'page:records', session: '', records: 'x' },
      '*',
    ),
  );
  const stats = await waitFor(
    async () =>
      (await panelGot(frame)).find(
        (m) => m.kind === 'bg:relay-stats' && m.rejected?.version === 1 && m.rejected?.shape === 1,
      ),
    { message: 'bg:relay-stats with the refusals' },
  );
  expect(stats).toMatchObject({ frameId: 0 });
  expect(seqsOf(await panelGot(frame))).toEqual([1, 2]);

  // No viewer, no traffic: closing DevTools detaches the hook.
  const count = async (kind: string) => (await relayKinds(page)).filter((k) => k === kind).length;
  const detachesBefore = await count('relay:detach');
  await devtools.close();
  await waitFor(async () => (await count('relay:detach')) > detachesBefore, {
    message: 'relay:detach after DevTools closed',
  });

  expect(
    errors.filter((e) => /runtime\.lastError|Extension context|sse-devtools/i.test(e)),
  ).toEqual([]);
  await page.close();
});

test('a page without streams: its relay sleeps through a panel attach, and wakes at the first EventSource', async () => {
  const page = await h.newPage('/quiet.html');
  const hook = (expr: string): Promise<unknown> =>
    page.evaluate(`window.__SSE_DEVTOOLS_HOOK__.${expr}`);
  const { frame } = await h.openPanel(page);
  await frame.evaluate(STAND_IN_PANEL);
  // The panel attached and the worker sent `bg:wake` to the tab: an awake relay answers that in
  // milliseconds with `relay:attach`. This one has not touched chrome.runtime, so nothing comes.
  await new Promise((done) => setTimeout(done, 1500));
  expect(await relayKinds(page)).toEqual([]);
  expect(await hook('stats().attached')).toBe(false);
  expect(await hook('stats().seq')).toBe(0);

  await page.evaluate(`window.es = new EventSource('/v1/events/sse?token=tok-quiet')`);
  await waitFor(async () => (await relayKinds(page)).includes('relay:attach'), {
    message: 'relay:attach after the first EventSource',
  });
  const session = (await hook('session')) as string;
  const records = await waitFor(
    async () => {
      const seqs = (await panelGot(frame))
        .filter((m) => m.kind === 'bg:records' && m.session === session)
        .flatMap((m) => (m.records ?? []).map((r) => r.seq));
      return seqs.includes(2) ? seqs : null;
    },
    { message: "the page's hello and conn records in the panel" },
  );
  // The hello is still the session's first record: the panel has the frame's whole story.
  expect(records.slice(0, 2)).toEqual([1, 2]);
  await page.close();
});

test('extension reloaded under an open page: the relay detaches the hook and goes quiet', async () => {
  const page = await h.newPage('/transport.html');
  const errors: string[] = [];
  page.on('console', (m: ConsoleMessage) => {
    if (m.type() === 'error' || m.type() === 'warn') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  const { frame } = await h.openPanel(page);
  await frame.evaluate(STAND_IN_PANEL);
  await waitFor(async () => (await relayKinds(page)).includes('relay:attach'), {
    message: 'relay:attach in the page',
  });
  const detachesBefore = (await relayKinds(page)).filter((k) => k === 'relay:detach').length;

  const worker = await h.serviceWorker();
  // The worker dies with the reload; the evaluate may or may not get its answer back.
  await worker.evaluate('chrome.runtime.reload()').catch((error: unknown) => void error);

  await waitFor(
    async () =>
      (await relayKinds(page)).filter((k) => k === 'relay:detach').length > detachesBefore,
    { message: 'relay:detach after the extension reload' },
  );
  // Page traffic after that reaches nobody and raises nothing in the page.
  await postRecord(page, 1);
  await postRecord(page, 2, 999);
  // The reloaded extension is up again (a condition that takes a while): the old relay stayed quiet.
  await h.serviceWorker();
  expect(errors).toEqual([]);
});

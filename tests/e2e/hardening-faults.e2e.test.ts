/**
 * HARDENING, fault matrix: real Chromium, the built extension, the real demo SSE server and the
 * real DevTools panel, under the faults a long debugging session meets. For each fault:
 * - records are complete, checked by sequence number (the panel's cursor for the hook session
 *   reaches the hook's own last `seq`, and nothing is missing without a `dropped` record), or the
 *   loss is counted and shown (a counter in the panel's DOM);
 * - the page raises no error caused by us (console errors and uncaught exceptions collected);
 * - the panel keeps working (it renders rows).
 *
 * What the panel holds is read through `window.__SSE_PANEL_STORE__` in the panel frame; what the
 * hook numbered, through `window.__SSE_DEVTOOLS_HOOK__.stats()` in the page.
 */
import { CENSUS_ANSWER_EVENT, CENSUS_REQUEST_EVENT } from '../../src/protocol/version';
import type { Frame, Page } from 'puppeteer-core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import {
  collectErrors,
  HARDENING_DIR,
  hookStats,
  readStore,
  rowCount,
  serviceWorkerTargetId,
  type HookStats,
  type StoreConnection,
  type StoreView,
} from './fixtures/hardening/support';
import { launchHarness, waitFor, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  // A short `retry:` keeps reconnects after dropped streams quick.
  h = await launchHarness({ server: { staticDir: HARDENING_DIR, retryMs: 200, heartbeatMs: 0 } });
});
afterAll(async () => {
  await h?.close();
});

// A page left open by a failed test would keep its streams, and Chromium allows 6 connections
// per host: close every page a test opened, pass or fail.
const opened: Page[] = [];
async function openPage(path: string): Promise<Page> {
  const page = await h.newPage(path);
  opened.push(page);
  return page;
}
afterEach(async () => {
  for (const page of opened.splice(0)) {
    if (!page.isClosed()) await page.close();
  }
});

const swId = (): Promise<string | null> => serviceWorkerTargetId(h.browser, h.extensionId!);

/** Waits until the panel holds everything the page's hook numbered (cursor = hook's last seq). */
async function waitForPanelToCatchUp(
  page: Page,
  frame: Frame,
  timeout = 30_000,
): Promise<{ view: StoreView; stats: HookStats }> {
  return waitFor(
    async () => {
      const stats = await hookStats(page);
      const view = await readStore(frame);
      if (!stats || !view) return null;
      return view.cursors[stats.session] === stats.seq ? { view, stats } : null;
    },
    { timeout, message: 'the panel cursor at the hook’s last seq' },
  );
}

/** Connections of the store whose URL carries `marker` (tokens are redacted, markers are not). */
const withMarker = (view: StoreView, marker: string): StoreConnection[] =>
  view.connections.filter((c) => c.url.includes(marker));

const pageNumber = (page: Page, expression: string): Promise<number> =>
  page.evaluate(expression) as Promise<number>;

describe('fault matrix', () => {
  test('the service worker stopped every 2 000 records of a 10 000-record stream: nothing lost', async () => {
    const page = await openPage('/stream.html');
    const errors = collectErrors(page);
    await page.waitForFunction('window.es.readyState === 1');
    const { frame } = await h.openPanel(page);
    await waitFor(async () => (await readStore(frame))?.connections.length === 1, {
      message: 'the stream connection in the panel',
    });

    // 5 000 EventSources created and closed (conn + close = 10 000 records) over ~8 s, while the
    // listened stream gets bursts of messages; the worker is stopped each time the hook has
    // numbered 2 000 more records (a condition on the stream, not a timer).
    const CHURN = 5000;
    void page.evaluate(`window.churn(${CHURN}, 25, 40)`);
    let sent = 0;
    let stops = 0;
    for (let next = 2000; ; next += 2000) {
      const reached = await waitFor(
        async () => {
          const stats = await hookStats(page);
          const done = (await pageNumber(page, 'window.churnDone ? 1 : 0')) === 1;
          return stats && (stats.seq >= next || done) ? { done } : null;
        },
        { timeout: 30_000, message: `the hook at seq ${next}` },
      );
      if (reached.done) break;
      const before = await swId();
      await h.stopServiceWorker();
      stops++;
      // Messages while the worker is down; the hook buffers, the panel's attach replays.
      sent += (await h.server.burst({ count: 200 })).count;
      await waitFor(
        async () => {
          const id = await swId();
          return id !== null && id !== before;
        },
        { message: 'a restarted service worker' },
      );
    }
    sent += (await h.server.burst({ count: 200 })).count;
    expect(stops).toBeGreaterThanOrEqual(3);

    await waitFor(async () => (await pageNumber(page, 'window.received')) === sent, {
      message: `the page received all ${sent} messages`,
    });
    const churned = (v: StoreView): StoreConnection[] => withMarker(v, '&n=');
    const stream = (v: StoreView): StoreConnection[] =>
      withMarker(v, 'token=[redacted]').filter((c) => !c.url.includes('&n='));
    const isComplete = (v: StoreView): boolean =>
      churned(v).length === CHURN &&
      churned(v).every((c) => c.closedBy === 'page' && !c.placeholder) &&
      stream(v).length === 1 &&
      stream(v)[0]!.messages === sent;
    // The hook folds the last messages into a `msgs` record at its next flush: wait for the panel
    // to hold everything, or — if something really was lost — for it to have caught up anyway.
    const { view, stats } = await waitFor(
      async () => {
        const caught = await waitForPanelToCatchUp(page, frame);
        return isComplete(caught.view) ? caught : null;
      },
      { timeout: 10_000, message: 'a complete panel' },
    ).catch(() => waitForPanelToCatchUp(page, frame));
    expect(stats.seq).toBeGreaterThanOrEqual(10_000);
    expect(view.counters.lost).toBe(0);

    const complete = isComplete(view);
    if (complete) {
      // Nothing was missing, so nothing may be reported missing either.
      expect(view.counters.droppedByHook).toBe(0);
    } else {
      // The hook's ring buffer overflowed while the worker was down: counted and shown.
      expect(view.counters.droppedByHook).toBeGreaterThan(0);
      expect(await frame.$('[data-testid="counter-droppedByHook"]')).not.toBeNull();
    }
    expect(
      complete,
      `complete: ${churned(view).length} churned, stream ${JSON.stringify(stream(view))}`,
    ).toBe(true);
    expect(await rowCount(frame)).toBeGreaterThan(0);
    expect(errors.list).toEqual([]);
  });

  test('20 reloads in a row: each document a session; Preserve log keeps them all, off only the latest', async () => {
    const page = await openPage('/reload.html');
    const errors = collectErrors(page);
    await page.waitForFunction('window.es.readyState === 1');
    const { frame } = await h.openPanel(page);
    await waitFor(async () => (await readStore(frame))?.connections.length === 1, {
      message: 'the first document’s connection',
    });

    const reloads = async (n: number): Promise<Set<string>> => {
      const sessions = new Set<string>();
      for (let i = 0; i < n; i++) {
        await page.reload({ waitUntil: 'domcontentloaded' });
        await page.waitForFunction('window.es && window.es.readyState === 1');
        sessions.add((await hookStats(page))!.session);
      }
      return sessions;
    };

    // Preserve log off: only the latest document stays.
    const first = await reloads(20);
    expect(first.size).toBe(20);
    const latest = (await hookStats(page))!.session;
    const off = await waitFor(
      async () => {
        const v = await readStore(frame);
        const c = v?.connections[0];
        return v && v.connections.length === 1 && c!.session === latest && c!.readyState === 1
          ? v
          : null;
      },
      { timeout: 30_000, message: 'only the latest document’s connection' },
    );
    expect(off.counters.lost).toBe(0);

    // Preserve log on: every document stays, the old ones closed by their unload.
    await frame.click('[data-testid="preserve-log"]');
    const second = await reloads(20);
    const kept = new Set([latest, ...second]);
    const on = await waitFor(
      async () => {
        const v = await readStore(frame);
        return v && v.connections.length === 21 && v.connections.some((c) => c.readyState === 1)
          ? v
          : null;
      },
      { timeout: 30_000, message: 'all 21 documents’ connections' },
    );
    expect(new Set(on.connections.map((c) => c.session))).toEqual(kept);
    expect(on.connections.filter((c) => c.closedBy === 'unload')).toHaveLength(20);
    expect(on.connections.filter((c) => c.readyState === 1 && c.closedBy === null)).toHaveLength(1);
    // Sequence-checked per document: every session's records up to its cursor, none lost.
    expect(on.counters.lost).toBe(0);
    await waitForPanelToCatchUp(page, frame);
    expect(await rowCount(frame)).toBeGreaterThan(0);
    expect(errors.list).toEqual([]);
  });

  test('away and back through the back/forward cache: the restored page keeps working and reporting', async () => {
    const page = await openPage('/bfcache-a.html');
    const errors = collectErrors(page);
    await page.waitForFunction('window.es.readyState === 1');
    const { frame } = await h.openPanel(page);
    await waitFor(async () => (await readStore(frame))?.connections.length === 1, {
      message: 'page A’s connection',
    });
    const session = (await hookStats(page))!.session;
    // The worker restarts while A is shown: the panel re-attaches, and the background remembers
    // the cursors of that attach (A's). Once the panel drops A, they must not outlive it, or the
    // restored A would replay only after them and its records would be lost to the panel.
    await h.stopServiceWorker();
    await page.evaluate(
      'window.again = new EventSource("/v1/events/sse?token=tok-bfcache&phase=again")',
    );
    await waitFor(
      async () => {
        const v = await readStore(frame);
        return v !== null && withMarker(v, 'phase=again').length === 1;
      },
      { message: 'A’s records through the restarted worker' },
    );

    await Promise.all([
      page.waitForNavigation({ waitUntil: 'domcontentloaded' }),
      page.click('#away'),
    ]);
    // Stay on B until the panel has B's document: the panel has moved on to the new page.
    const away = (await hookStats(page))!.session;
    await waitFor(async () => ((await readStore(frame))?.cursors[away] ?? 0) >= 1, {
      message: 'page B’s document in the panel',
    });
    await page.goBack({ waitUntil: 'domcontentloaded' }).catch((error: unknown) => {
      // A bfcache restore fires no load; puppeteer may not see a "navigation" to wait for.
      void error;
    });
    await page.waitForFunction('window.shows && window.shows.length >= 2', { timeout: 15_000 });
    // Really restored from the cache, not reloaded: same document, pageshow with persisted.
    const shows = (await page.evaluate('window.shows')) as boolean[];
    const reasons = await page.evaluate(
      `JSON.stringify(performance.getEntriesByType('navigation')[0].notRestoredReasons)`,
    );
    expect(shows, `not restored from bfcache: ${String(reasons)}`).toEqual([false, true]);
    expect((await hookStats(page))!.session).toBe(session);

    // The restored page opens a new EventSource and gets messages: the panel sees both.
    await page.waitForFunction('window.restoredEs.readyState === 1');
    h.server.broadcast('after-restore', { n: 1 });
    await page.waitForFunction('window.restoredReceived === 1');
    const view = await waitFor(
      async () => {
        const v = await readStore(frame);
        const restored = v && withMarker(v, 'phase=restored')[0];
        return restored && restored.messages === 1 ? v : null;
      },
      {
        timeout: 30_000,
        message: 'the restored page’s new connection and its message in the panel',
      },
    );
    expect(withMarker(view, 'phase=first')).toHaveLength(1);
    expect(withMarker(view, 'phase=restored')[0]!.session).toBe(session);
    expect((await waitForPanelToCatchUp(page, frame)).view.counters.lost).toBe(0);
    expect(await rowCount(frame)).toBeGreaterThan(0);
    expect(errors.list).toEqual([]);
  });

  test('a prerendered page: the connection it made while prerendering appears once activated', async () => {
    const page = await openPage('/prerender-host.html');
    const errors = collectErrors(page);
    const { frame } = await h.openPanel(page);
    // The prerendered document opened its stream (the server sees it) before any activation.
    await waitFor(() => (h.server.stats().liveByToken['tok-prerender'] ?? 0) >= 1, {
      message: 'the prerendered page’s stream on the server',
    });
    await page.click('#go');
    // Read from the panel only: puppeteer's frame objects do not reliably follow the activation
    // (the tab's main frame is swapped), so the page states its prerendering in the stream's URL.
    const view = await waitFor(
      async () => {
        const v = await readStore(frame);
        const c = v && withMarker(v, 'via=prerender')[0];
        return c && c.readyState === 1 && v.cursors[c.session] !== undefined ? v : null;
      },
      { timeout: 10_000, message: 'the prerendered connection, open, in the panel' },
    );
    const [mine] = withMarker(view, 'via=prerender');
    expect(withMarker(view, 'via=prerender')).toHaveLength(1);
    expect(mine!.url).toContain('pre=true'); // created while prerendering
    expect(mine!.frameId).toBe(0); // reported as the tab's page, once activated
    expect(mine!.placeholder).toBe(false);
    expect(view.counters.lost).toBe(0);
    expect(await rowCount(frame)).toBeGreaterThan(0);
    expect(errors.list).toEqual([]);
  });

  test('DevTools closed and reopened mid-storm: after the reopen the panel replays every record', async () => {
    const page = await openPage('/storm.html');
    const errors = collectErrors(page);
    const first = await h.openPanel(page);
    await page.evaluate('window.startStorm()');
    await waitFor(async () => ((await readStore(first.frame))?.connections.length ?? 0) >= 30, {
      message: 'the storm in the first panel',
    });
    await first.devtools.close();
    const atClose = await pageNumber(page, 'window.created');
    await page.waitForFunction(`window.created >= ${atClose + 100}`, { timeout: 15_000 });

    const second = await h.openPanel(page);
    await waitFor(
      async () => ((await readStore(second.frame))?.connections.length ?? 0) >= atClose,
      {
        message: 'the replayed storm in the reopened panel',
      },
    );
    const created = await pageNumber(page, 'window.stopStorm()');
    const { view, stats } = await waitForPanelToCatchUp(page, second.frame);
    expect(stats.dropped).toBe(0);
    expect(view.connections.filter((c) => c.session === stats.session)).toHaveLength(created);
    expect(view.cursors[stats.session]).toBe(stats.seq);
    expect(view.counters.lost).toBe(0);
    expect(view.counters.droppedByHook).toBe(0);
    expect(await rowCount(second.frame)).toBeGreaterThan(0);
    expect(errors.list).toEqual([]);
  });

  test('a page that never listens to its EventSources: connections shown, messages not (a known limit)', async () => {
    const page = await openPage('/no-listener.html');
    const errors = collectErrors(page);
    await page.waitForFunction('window.sources.every((es) => es.readyState === 1)');
    const { frame } = await h.openPanel(page);
    h.server.broadcast('unheard', { n: 1 });
    const view = await waitFor(
      async () => {
        const v = await readStore(frame);
        return v && v.connections.length === 3 && v.connections.every((c) => c.readyState === 1)
          ? v
          : null;
      },
      { message: 'three open connections in the panel' },
    );
    await waitForPanelToCatchUp(page, frame);
    // No page listener, no dispatch the hook rides on: nothing counted (README "Security and limits").
    expect(view.connections.map((c) => c.messages)).toEqual([0, 0, 0]);
    expect(view.counters.lost).toBe(0);
    await waitFor(async () => (await rowCount(frame)) === 3, { message: 'three rendered rows' });
    expect(errors.list).toEqual([]);
  });

  test('EventSources in iframes (same origin, cross origin, srcdoc) each tagged with their frame', async () => {
    const page = await openPage('/frames.html');
    const errors = collectErrors(page);
    const { frame } = await h.openPanel(page);
    const names = ['same', 'cross', 'srcdoc'];
    const view = await waitFor(
      async () => {
        const v = await readStore(frame);
        return v && names.every((n) => withMarker(v, `frame=${n}`).length === 1) ? v : null;
      },
      { timeout: 30_000, message: 'a connection from each of the three frames' },
    );
    const byName = Object.fromEntries(names.map((n) => [n, withMarker(view, `frame=${n}`)[0]!]));
    const port = new URL(h.server.url).port;
    expect(byName.same!.frameUrl).toBe(`${h.server.url}/frame-child.html?name=same`);
    expect(byName.cross!.frameUrl).toBe(`http://localhost:${port}/frame-child.html?name=cross`);
    expect(byName.cross!.url.startsWith(`http://localhost:${port}/`)).toBe(true);
    expect(byName.srcdoc!.frameUrl).toBe('about:srcdoc');
    // Three frames, three documents, three hook sessions: none is confused with the top document.
    expect(new Set(names.map((n) => byName[n]!.frameId)).size).toBe(3);
    expect(names.every((n) => byName[n]!.frameId !== 0)).toBe(true);
    expect(new Set(names.map((n) => byName[n]!.session)).size).toBe(3);

    // Messages are counted per frame: each frame's panel count equals what that frame received.
    h.server.broadcast('to-frames', { n: 1 });
    for (const child of page
      .frames()
      .filter((f) => f !== page.mainFrame() && f.url() !== 'about:blank')) {
      await child.waitForFunction('window.received === 1');
    }
    await waitFor(
      async () => {
        const v = await readStore(frame);
        return v && names.every((n) => withMarker(v, `frame=${n}`)[0]?.messages === 1);
      },
      { message: 'one message per frame in the panel' },
    );
    expect((await readStore(frame))!.counters.lost).toBe(0);
    await waitFor(async () => (await rowCount(frame)) >= 3, {
      message: 'the frames’ rendered rows',
    });
    expect(errors.list).toEqual([]);
  });

  // `document.open()` — which `document.write()` on a loaded about:blank frame implies — erases
  // every listener of the frame's window, the hook's and the relay's `message` listeners included,
  // and no content script runs again. Both re-add theirs when the document is replaced
  // (src/messaging/document-replaced.ts); without that, the hook records the connection but
  // nothing carries it out, and this test times out.
  test('an EventSource in an about:blank frame written by document.write is tagged with its frame', async () => {
    const page = await openPage('/frames.html');
    const errors = collectErrors(page);
    const { frame } = await h.openPanel(page);
    const written = page.frames().find((f) => f.url() === 'about:blank' && f !== page.mainFrame())!;
    await written.waitForFunction('window.es.readyState === 1');
    expect((await hookStats(written))?.connections).toBe(1);
    const reported = await waitFor(
      async () => {
        const v = await readStore(frame);
        return v ? withMarker(v, 'frame=written')[0] : undefined;
      },
      { timeout: 15_000, message: 'the written frame’s connection in the panel' },
    );
    expect(reported.frameUrl).toBe('about:blank');
    expect(reported.frameId).not.toBe(0);
    // Its messages are counted too: the frame's listener and ours both survived the rewrite.
    h.server.broadcast('to-written', { n: 1 });
    await written.waitForFunction('window.received >= 1');
    const received = await written.evaluate('window.received');
    await waitFor(
      async () => withMarker((await readStore(frame))!, 'frame=written')[0]?.messages === received,
      { message: 'the written frame’s messages in the panel' },
    );

    // Rewritten again while the panel watches (the relay attached): listeners are erased a second
    // time with records in flight, and nothing is lost.
    await page.evaluate(`(() => {
      const doc = document.getElementById('written').contentDocument;
      const url = location.origin + '/v1/events/sse?token=tok-frame&frame=rewritten';
      doc.open();
      doc.write('<script>window.again = new EventSource(' + JSON.stringify(url) + ');<' + '/script>again');
      doc.close();
    })()`);
    await waitFor(
      async () => {
        const v = await readStore(frame);
        return v !== null && withMarker(v, 'frame=rewritten')[0]?.readyState === 1;
      },
      { message: 'the rewritten frame’s second connection, open, in the panel' },
    );
    expect((await readStore(frame))!.counters.lost).toBe(0);
    // The socket census still reaches the rewritten frame's hook (its window listeners are gone;
    // the census goes over `performance`): asked the way its relay asks, it counts both streams.
    // Asked again if unanswered: the hook answers at most once per 100 ms, and the relay asks too.
    const ROUND = 987_654;
    const answer = await waitFor(
      () =>
        written.evaluate(
          (request: string, answerType: string, round: number) =>
            new Promise<unknown>((resolve) => {
              const onAnswer = (e: Event) => {
                const data: unknown = JSON.parse(String((e as CustomEvent).detail));
                if ((data as { round?: number }).round !== round) return;
                performance.removeEventListener(answerType, onAnswer);
                resolve(data);
              };
              performance.addEventListener(answerType, onAnswer);
              performance.dispatchEvent(new CustomEvent(request, { detail: round }));
              setTimeout(() => resolve(null), 500);
            }),
          CENSUS_REQUEST_EVENT,
          CENSUS_ANSWER_EVENT,
          ROUND,
        ),
      { timeout: 10_000, message: 'the rewritten frame’s hook answering a census request' },
    );
    expect(answer).toMatchObject({
      kind: 'page:census',
      hosts: [{ origin: new URL(h.server.url).origin, live: 2 }],
    });
    expect(errors.list).toEqual([]);
  });

  // Last, and in a browser of its own: in this harness (--load-extension) a reloaded unpacked
  // extension does not come back, so nothing may run after it in the shared browser.
  test('the extension reloaded while the page runs: the page keeps working, nothing raised', async () => {
    const own = await launchHarness({
      server: { staticDir: HARDENING_DIR, retryMs: 200, heartbeatMs: 0 },
    });
    try {
      const page = await own.newPage('/stream.html');
      const errors = collectErrors(page);
      await page.waitForFunction('window.es.readyState === 1');
      const { frame } = await own.openPanel(page);
      await waitFor(async () => (await readStore(frame))?.connections.length === 1, {
        message: 'the stream in the panel',
      });

      const worker = await own.serviceWorker();
      // The worker dies with the reload; the evaluate may or may not get its answer back.
      await worker.evaluate('chrome.runtime.reload()').catch((error: unknown) => void error);
      // The old relay noticed its extension context is gone and detached the hook for good.
      await waitFor(async () => (await hookStats(page))?.attached === false, {
        message: 'the orphaned hook detached',
      });

      // The page's own traffic and EventSources still work under the orphaned hook.
      const received = await pageNumber(page, 'window.received');
      own.server.broadcast('after-reload', { n: 1 });
      await page.waitForFunction(`window.received === ${received + 1}`);
      await page.evaluate(`window.fresh = new EventSource('/v1/events/sse?token=tok-after-reload');
        window.freshGot = 0; window.fresh.onmessage = () => { window.freshGot++; };`);
      await page.waitForFunction('window.fresh.readyState === 1');
      own.server.broadcast('after-reload', { n: 2 });
      await page.waitForFunction('window.freshGot === 1 && window.received === ' + (received + 2));
      // The orphaned hook keeps recording into its bounded buffer, and posts nothing.
      const stats = (await hookStats(page))!;
      expect(stats.connections).toBe(2);
      expect(stats.internalErrors).toBe(0);
      // Page messages that look like ours reach nobody and raise nothing.
      await page.evaluate(`window.postMessage({ source: 'sse-devtools', version: 1, kind: 'page:records',
        session: 'x', records: [] }, '*')`);
      await page.evaluate('new Promise((r) => setTimeout(r, 0))');
      expect(errors.list).toEqual([]);
    } finally {
      await own.close();
    }
  });
});

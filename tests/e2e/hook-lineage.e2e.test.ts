/**
 * Reconnect lineage in real Chromium (ticket-29 hypotheses 3–4): a page whose `onerror` schedules
 * TWO reconnect timers without cancelling anything. The hook must show both pending timers on the
 * failing connection, and each child connection created by those timers must name its parent
 * and timer — read through the page API `__SSE_DEVTOOLS_HOOK__` and from the records the hook
 * streams once a relay attaches.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchHarness, waitFor, type Harness } from './harness/index';

const FIXTURE = '/hook-lineage.html';
/** The buggy client: every error schedules two reconnects (one from onerror, one from a listener). */
const FIXTURE_HTML = `<!doctype html><meta charset="utf-8"><title>lineage</title>
<script>
  window.reconnects = 0;
  function connect() {
    const es = new EventSource('/v1/events/sse?token=tok-lineage');
    es.onerror = () => {
      if (es.readyState !== EventSource.CLOSED) return;
      setTimeout(() => { window.reconnects++; connect(); }, 1500);
    };
    es.addEventListener('error', () => {
      if (es.readyState !== EventSource.CLOSED) return;
      setTimeout(() => { window.reconnects++; connect(); }, 1500);
    });
  }
  window.start = connect;
</script>`;

interface Snapshot {
  id: number;
  parent: number | null;
  timer: number | null;
  state: string;
  closedBy: string | null;
  timers: { created: number; fired: number; cleared: number; pending: number };
}

const connections = (page: Page): Promise<Snapshot[]> =>
  page.evaluate('window.__SSE_DEVTOOLS_HOOK__.connections()') as Promise<Snapshot[]>;
const stats = (page: Page): Promise<{ pendingTimers: number }> =>
  page.evaluate('window.__SSE_DEVTOOLS_HOOK__.stats()') as Promise<{ pendingTimers: number }>;

describe('reconnect timers and lineage', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await launchHarness({
      pages: { [FIXTURE]: FIXTURE_HTML },
      server: { heartbeatMs: 0 },
    });
  });
  afterAll(async () => {
    await harness?.close();
  });

  test('one terminal error with two reconnect timers shows two pending timers, then two children', async () => {
    // The first stream request fails terminally (500 → readyState CLOSED); later ones succeed.
    harness.server.setFault({ mode: 'status500', count: 1 });
    const page = await harness.newPage(FIXTURE);
    try {
      await page.evaluate('window.start()');

      const parent = await waitFor(
        async () => {
          const [first] = await connections(page);
          return first && first.timers.created === 2 ? first : null;
        },
        { message: 'two reconnect timers created by the first connection' },
      );
      expect(parent).toMatchObject({ id: 1, state: 'closed', closedBy: 'browser', parent: null });
      expect(parent.timers.pending).toBe(2);
      expect((await stats(page)).pendingTimers).toBe(2);

      const all = await waitFor(
        async () => {
          const list = await connections(page);
          return list.length === 3 && list.every((c) => c.state === 'open' || c.id === 1)
            ? list
            : null;
        },
        { message: 'two child connections open' },
      );
      expect(all.slice(1).map((c) => [c.parent, c.timer])).toEqual([
        [1, 1],
        [1, 2],
      ]);
      expect(all[0]?.timers).toEqual({ created: 2, fired: 2, cleared: 0, pending: 0 });
      expect((await stats(page)).pendingTimers).toBe(0);
      // The page itself saw the bug happen: two reconnects for one error.
      expect(await page.evaluate('window.reconnects')).toBe(2);
    } finally {
      await page.close();
    }
  });

  test('the lineage reaches the relay as records once it attaches (replay from the start)', async () => {
    harness.server.setFault({ mode: 'status500', count: 1 });
    const page = await harness.newPage(FIXTURE);
    try {
      await page.evaluate('window.start()');
      await waitFor(async () => (await connections(page)).length === 3, {
        message: 'children created',
      });
      // Play the relay: attach with no cursor and collect what the hook posts.
      const records = (await page.evaluate(`new Promise((resolve) => {
        const got = [];
        window.addEventListener('message', (e) => {
          if (e.data && e.data.kind === 'page:records') got.push(...e.data.records);
        });
        window.postMessage({ source: 'sse-devtools', version: 1, kind: 'relay:attach', cursors: {},
          settings: { redactParams: ['token'], debugGlobals: [], pollMs: 1000, bufferBytes: 5242880, dataCap: 1024 } }, '*');
        setTimeout(() => resolve(got), 300);
      })`)) as Array<{
        k: string;
        seq: number;
        id?: number;
        parent?: number;
        timer?: number;
        phase?: string;
      }>;
      const seqs = records.map((r) => r.seq);
      expect(seqs[0]).toBe(1);
      expect(seqs).toEqual([...new Set(seqs)].sort((a, b) => a - b));
      const timers = records.filter((r) => r.k === 'timer');
      expect(timers.filter((t) => t.phase === 'created').map((t) => [t.timer, t.id])).toEqual([
        [1, 1],
        [2, 1],
      ]);
      expect(records.filter((r) => r.k === 'conn').map((c) => [c.id, c.parent, c.timer])).toEqual([
        [1, undefined, undefined],
        [2, 1, 1],
        [3, 1, 2],
      ]);
    } finally {
      await page.close();
    }
  });
});

/**
 * Figure 4: the record pipeline hook → relay → service worker → panel store, with the real SSE
 * panel open in real DevTools.
 * - Throughput: N records emitted by the page as fast as it can (one `annotate` record per call,
 *   one chunk per task), rate = N / (last record in the panel store − first emitted).
 * - Latency: 5 000 records/s for a few seconds; per record, panel receipt time − emit time. Emit
 *   time is noted per chunk in the page (the hook stamps `t` with the same `Date.now` clock);
 *   receipt is when the store's cursor for the session passes the record (a store subscription
 *   in the panel frame, `window.__SSE_PANEL_STORE__.subscribe`: no test-only code was needed).
 * - Loss: the store's own gap counter (`lost`), hook drops and refusals at every hop, plus any
 *   record never received (cursor short of the last seq). Must be 0.
 * Each round reloads the page: a fresh hook session and an empty page-side buffer.
 */
import type { Frame, Page } from 'puppeteer-core';
import { openPanel } from '../tests/e2e/harness/devtools';
import { launchBrowser } from '../tests/e2e/harness/launch';
import { waitFor } from '../tests/e2e/harness/wait';
import { atLeast, atMost, type Figure } from './figure';
import { median, percentile, spread } from './stats';

/** Records per throughput round: ≈ 65 bytes each, well inside the hook's 5 MiB buffer. */
const BURST = 60_000;
const LATENCY_RATE = 5_000;

interface Counters {
  lost: number;
  droppedByHook: number;
  rejected: number;
  relayRejected: number;
  invalid: number;
}

/** Starts noting (cursor, Date.now()) for `session` in the panel frame. Code strings: see harness. */
const RECORDER = (session: string) => `(() => {
  const store = window.__SSE_PANEL_STORE__;
  const rx = { session: ${JSON.stringify(session)}, cursor: 0, log: [] };
  if (window.__benchUnsubscribe) window.__benchUnsubscribe();
  window.__benchRx = rx;
  window.__benchUnsubscribe = store.subscribe((s) => {
    const c = s.cursors[rx.session];
    if (c !== undefined && c > rx.cursor) { rx.cursor = c; rx.log.push(c, Date.now()); }
  });
  const c = store.getState().cursors[rx.session];
  if (c !== undefined) { rx.cursor = c; rx.log.push(c, Date.now()); }
  return true;
})()`;

const READ_CURSOR = `window.__benchRx ? window.__benchRx.cursor : 0`;
const READ_LOG = `window.__benchRx.log`;
const READ_COUNTERS = `(() => { const c = window.__SSE_PANEL_STORE__.getState().counters;
  return { lost: c.lost, droppedByHook: c.droppedByHook, rejected: c.rejected, relayRejected: c.relayRejected, invalid: c.invalid }; })()`;

async function freshSession(page: Page, panel: Frame, url: string): Promise<string> {
  await page.goto(url, { waitUntil: 'load' });
  const session = (await page.evaluate(`window.__SSE_DEVTOOLS_HOOK__.session`)) as string;
  await panel.evaluate(RECORDER(session));
  // The stream the records annotate, opened now: until a frame's first stream its relay sleeps
  // and its session never reaches the panel.
  await page.evaluate(`window.runEmit(0, 1)`);
  // Attached again (the relay re-attaches the new document): the hello record arrived.
  await waitFor(async () => ((await panel.evaluate(READ_CURSOR)) as number) >= 1, {
    timeout: 30_000,
    message: 'the new page session in the panel store',
  });
  return session;
}

async function waitForCursor(panel: Frame, last: number): Promise<number> {
  return waitFor(
    async () => {
      const c = (await panel.evaluate(READ_CURSOR)) as number;
      return c >= last ? c : null;
    },
    { timeout: 60_000, interval: 20, message: `panel cursor to reach ${last}` },
  );
}

/** Time each seq in [first, last] reached the store, from the (cursor, time) log. */
function receiptOf(log: readonly number[]): (seq: number) => number {
  return (seq) => {
    for (let i = 0; i < log.length; i += 2) if (log[i]! >= seq) return log[i + 1]!;
    return NaN;
  };
}

export async function benchPipeline(url: string, opts: { quick: boolean }): Promise<Figure[]> {
  const launched = await launchBrowser({ extension: true, networkEnabled: false });
  try {
    const page = await launched.browser.newPage();
    await page.goto(url, { waitUntil: 'load' });
    const { frame: panel } = await openPanel(page, launched.extensionId!);
    const before = (await panel.evaluate(READ_COUNTERS)) as Counters;
    let missing = 0;

    // ── throughput ──
    const rates: number[] = [];
    const rounds = opts.quick ? 2 : 5;
    for (let round = -1; round < rounds; round++) {
      await freshSession(page, panel, url);
      const r = (await page.evaluate(`window.runEmit(${BURST}, 1000)`)) as {
        first: number;
        last: number;
        t0: number;
      };
      await waitForCursor(panel, r.last);
      const log = (await panel.evaluate(READ_LOG)) as number[];
      const done = receiptOf(log)(r.last);
      if (round >= 0) rates.push(((r.last - r.first + 1) * 1000) / (done - r.t0)); // round -1: warm-up
      missing += Math.max(0, r.last - ((await panel.evaluate(READ_CURSOR)) as number));
    }

    // ── latency at a steady 5 000 records/s ──
    const latencies: number[] = [];
    const latencyRounds = opts.quick ? 1 : 3;
    const ms = 4000;
    for (let round = 0; round < latencyRounds; round++) {
      await freshSession(page, panel, url);
      const chunks = (await page.evaluate(`window.runPaced(${LATENCY_RATE}, ${ms})`)) as Array<
        [number, number, number]
      >;
      const last = chunks[chunks.length - 1]![1];
      await waitForCursor(panel, last);
      const receipt = receiptOf((await panel.evaluate(READ_LOG)) as number[]);
      for (const [first, end, t] of chunks)
        for (let seq = first; seq <= end; seq++) latencies.push(receipt(seq) - t);
    }

    const after = (await panel.evaluate(READ_COUNTERS)) as Counters;
    const delta = (k: keyof Counters) => after[k] - before[k];
    const loss =
      delta('lost') +
      delta('droppedByHook') +
      delta('rejected') +
      delta('relayRejected') +
      delta('invalid') +
      missing;
    const rate = median(rates);
    const p50 = percentile(latencies, 50);
    const p95 = percentile(latencies, 95);
    return [
      {
        id: 'pipeline-throughput',
        label: `Pipeline hook → panel store (panel open, ${BURST.toLocaleString('en')}-record bursts): records/s`,
        value: rate,
        unit: 'rec/s',
        spread: spread(rates),
        ...atLeast(rate, 50_000),
        detail: `${rates.length} rounds: ${rates.map((r) => Math.round(r / 1000)).join(', ')} k/s`,
      },
      {
        id: 'pipeline-latency-p95',
        label: `Pipeline latency at ${LATENCY_RATE.toLocaleString('en')} rec/s, hook t → panel receipt: p95`,
        value: p95,
        unit: 'ms',
        ...atMost(p95, 250),
        detail: `p50 ${p50.toFixed(0)} ms, max ${Math.max(...latencies).toFixed(0)} ms, ${latencies.length.toLocaleString('en')} records`,
      },
      {
        id: 'pipeline-loss',
        label: 'Pipeline: records lost (seq gaps, hook drops, refusals, never received)',
        value: loss,
        unit: 'records',
        ...atMost(loss, 0),
        detail: `lost ${delta('lost')}, hook-dropped ${delta('droppedByHook')}, refused ${delta('rejected') + delta('relayRejected')}, invalid ${delta('invalid')}, missing ${missing}`,
      },
    ];
  } finally {
    await launched.close();
  }
}

/**
 * Figure 5: the SSE panel at scale, in real DevTools — 10 000 connections and 200 000 messages.
 *
 * Panel side: the load is delivered to the real panel store the way a replay arrives after
 * DevTools is opened late (`bg:records` batches of LIMITS.maxRecordsPerBatch, one per task,
 * through the store's `messageReceived`, i.e. the same reducer the link feeds; the link checked
 * each message before, so this skips only that one validation).
 * The records are built inside the panel frame before the clock starts.
 * - render: first batch delivered → the table reports every row (aria-rowcount) and is laid out;
 * - filter: `setFilter({ text })` → the next frame with the filtered rows laid out (median of 12);
 * - scroll: per step, a scroll of the virtualized body and its synchronous work (scroll handler,
 *   React render, style and layout): p95 over 120 steps. Paint/composite happen off the main thread;
 * - heap: the panel's used JS heap after the load (after a GC when CDP allows it).
 * Page side: a real page makes the same 10 000 connections + 200 000 messages with no DevTools
 * open; the hook's buffer must stay within its byte cap (it evicts the oldest and counts them).
 */
import type { CDPSession, Frame } from 'puppeteer-core';
import { LIMITS } from '../src/protocol/limits';
import { DEFAULT_HOOK_SETTINGS } from '../src/protocol/records';
import { PROTOCOL_VERSION, SOURCE } from '../src/protocol/version';
import { openPanel } from '../tests/e2e/harness/devtools';
import { launchBrowser } from '../tests/e2e/harness/launch';
import { atMost, type Figure } from './figure';
import { median, percentile } from './stats';

const CONNECTIONS = 10_000;
const MESSAGES_PER_CONNECTION = 20; // × 10 000 = 200 000 messages

/** Runs in the panel frame (a string: the panel is another frame; see tests/e2e/harness). */
export const MEASURE = `async (opts) => {
  const store = window.__SSE_PANEL_STORE__;
  const nextFrame = () => new Promise((r) => requestAnimationFrame(() => r()));
  const layout = () => document.body.getBoundingClientRect().height;
  const grid = () => document.querySelector('[role=grid]');
  const rowsShown = () => Number(grid() ? grid().getAttribute('aria-rowcount') : 0) - 1;

  // ── build the load (not timed) ──
  const session = 'bench-scale-' + Date.now();
  const t = Date.now() - 60000;
  const records = [];
  let seq = 0;
  const add = (r) => { r.seq = ++seq; r.t = t + seq / 100; records.push(r); };
  add({ k: 'hello', url: 'http://127.0.0.1/admin', top: true, hookVersion: '1.0.0' });
  for (let i = 1; i <= opts.connections; i++) {
    const endpoint = '/v1/events/' + (i % 50);
    add({ k: 'conn', id: i, url: 'http://127.0.0.1' + endpoint + '?n=' + i, withCredentials: false,
      stack: 'at connect (http://127.0.0.1/assets/app.js:120:15)\\nat useStream' + (i % 20) +
        ' (http://127.0.0.1/assets/app.js:' + (300 + (i % 20)) + ':7)\\nat commitHook (http://127.0.0.1/assets/vendor.js:9000:3)' });
    add({ k: 'listen', id: i, type: 'message' });
    add({ k: 'open', id: i });
    const m = opts.perConnection;
    add({ k: 'msgs', id: i, count: m, bytes: m * 24, byType: { message: m }, lastEventId: String(m), lastAt: t,
      recent: [{ type: 'message', id: String(m - 1), size: 24, t, data: '{"i":' + (m - 1) + ',"v":"xxxxxxxx"}', cut: false },
               { type: 'message', id: String(m), size: 24, t, data: '{"i":' + m + ',"v":"xxxxxxxx"}', cut: false }],
      skipped: m - 2 });
    if (i % 10 !== 0) add({ k: 'close', id: i, stack: 'at stop (http://127.0.0.1/assets/app.js:130:9)', readyState: 1 });
  }
  const batches = [];
  for (let i = 0; i < records.length; i += opts.batch) {
    batches.push({ source: opts.source, version: opts.version, kind: 'bg:records', frameId: 0,
      documentId: 'bench-scale-doc-' + session, frameUrl: 'http://127.0.0.1/admin', session,
      records: records.slice(i, i + opts.batch) });
  }
  // endpoint null = every endpoint ('' would be only the URL-less placeholders: every row hidden,
  // and the wait below never ended).
  store.getState().setFilter({ text: '', state: 'all', endpoint: null, liveOnly: false, callSite: null, kind: null });
  // The bench page's own hook keeps reporting (debug polls); without "preserve log" its next
  // records would count as a new top document and retire this synthetic one mid-measurement.
  if (!store.getState().preserveLog) store.getState().togglePreserveLog();
  await nextFrame();

  // ── render ──
  const t0 = performance.now();
  for (const b of batches) {
    store.getState().messageReceived(b);
    await new Promise((r) => setTimeout(r, 0));
  }
  const deadline = performance.now() + 120000;
  while (rowsShown() < opts.connections) {
    if (performance.now() > deadline) throw new Error('the table shows ' + rowsShown() + ' of ' + opts.connections + ' rows after 120 s');
    await nextFrame();
  }
  layout();
  const render = performance.now() - t0;
  const s = store.getState();
  const loaded = [...s.connections.values()].filter((c) => c.session === session);
  const messages = loaded.reduce((n, c) => n + c.messages, 0);

  // ── filter ──
  const filters = [];
  for (let round = 0; round < 3; round++) {
    for (const text of ['events/7', 'n=123', 'no-such-endpoint', '']) {
      const f0 = performance.now();
      store.getState().setFilter({ text });
      await nextFrame();
      layout();
      filters.push(performance.now() - f0);
    }
  }

  // ── scroll ──
  const body = document.querySelector('[data-testid=table-body]');
  const steps = [];
  if (body) {
    body.scrollTop = 0;
    await nextFrame();
    for (let i = 0; i < 120; i++) {
      await nextFrame();
      const s0 = performance.now();
      body.scrollTop += 240;
      body.dispatchEvent(new Event('scroll'));
      layout();
      steps.push(performance.now() - s0);
    }
  }
  return { render, filters, steps, rows: rowsShown(), loaded: loaded.length, messages, records: records.length,
    batches: batches.length, heap: performance.memory ? performance.memory.usedJSHeapSize : NaN,
    lost: s.counters.lost, invalid: s.counters.invalid };
}`;

interface Measured {
  render: number;
  filters: number[];
  steps: number[];
  rows: number;
  loaded: number;
  messages: number;
  records: number;
  batches: number;
  heap: number;
  lost: number;
  invalid: number;
}

/** The panel frame's heap after a GC, through its own CDP session when puppeteer exposes one. */
async function heapAfterGc(frame: Frame): Promise<number | null> {
  const client = (frame as unknown as { client?: CDPSession }).client;
  if (!client) return null;
  try {
    await client.send('HeapProfiler.collectGarbage');
    const usage = await client.send('Runtime.getHeapUsage');
    return usage.usedSize;
  } catch (error) {
    // Some puppeteer versions hand out the parent's session for same-process frames.
    console.warn('panel heap via CDP unavailable:', String(error).slice(0, 80));
    return null;
  }
}

export async function benchPanelScale(url: string, opts: { quick: boolean }): Promise<Figure[]> {
  const launched = await launchBrowser({ extension: true, networkEnabled: false });
  try {
    // ── page side: the hook's buffer under the same load, no DevTools open ──
    const page = await launched.browser.newPage();
    await page.goto(url, { waitUntil: 'load' });
    await page.evaluate(
      `window.runScaleLoad(${CONNECTIONS}, 4, ${(CONNECTIONS * MESSAGES_PER_CONNECTION) / 4})`,
    );
    // One idle flush folds the last traffic into records before reading the buffer.
    await new Promise((r) => setTimeout(r, 600));
    const hook = (await page.evaluate(`(() => { const s = window.__SSE_DEVTOOLS_HOOK__.stats();
      const c = window.__SSE_DEVTOOLS_HOOK__.connections();
      return { bytes: s.bufferedBytes, records: s.bufferedRecords, dropped: s.dropped, unsampled: s.unsampledStacks,
        connections: s.connections, messages: c.reduce((n, x) => n + x.counts.messages, 0),
        heap: performance.memory ? performance.memory.usedJSHeapSize : NaN }; })()`)) as {
      bytes: number;
      records: number;
      dropped: number;
      unsampled: number;
      connections: number;
      messages: number;
      heap: number;
    };

    // ── panel side ──
    const { frame } = await openPanel(page, launched.extensionId!);
    const runs: Measured[] = [];
    const rounds = opts.quick ? 1 : 3;
    for (let round = 0; round < rounds; round++) {
      // Clear between rounds (live connections stay, as the panel keeps them by design).
      if (round > 0) await frame.evaluate(`window.__SSE_PANEL_STORE__.getState().clearRecords()`);
      runs.push(
        (await frame.evaluate(
          `(${MEASURE})(${JSON.stringify({
            connections: CONNECTIONS,
            perConnection: MESSAGES_PER_CONNECTION,
            batch: LIMITS.maxRecordsPerBatch,
            source: SOURCE,
            version: PROTOCOL_VERSION,
          })})`,
        )) as Measured,
      );
    }
    const gcHeap = await heapAfterGc(frame);
    const last = runs[runs.length - 1]!;
    const render = median(runs.map((r) => r.render));
    const filters = runs.flatMap((r) => r.filters);
    const steps = runs.flatMap((r) => r.steps);
    const filter = median(filters);
    const frameP95 = percentile(steps, 95);
    const heapMB = (gcHeap ?? last.heap) / 2 ** 20;
    const cap = DEFAULT_HOOK_SETTINGS.bufferBytes;
    const bufferMB = hook.bytes / 2 ** 20;
    const loadLabel = `${CONNECTIONS.toLocaleString('en')} conns / ${last.messages.toLocaleString('en')} msgs`;
    return [
      {
        id: 'panel-render',
        label: `Panel (${loadLabel}): time to first full render`,
        value: render,
        unit: 'ms',
        ...atMost(render, 1500),
        detail: `${last.records.toLocaleString('en')} records in ${last.batches} batches; ${last.rows} rows; runs ${runs.map((r) => r.render.toFixed(0)).join(', ')} ms; lost ${last.lost}, invalid ${last.invalid}`,
      },
      {
        id: 'panel-filter',
        label: 'Panel: filter latency (setFilter → next frame laid out), median',
        value: filter,
        unit: 'ms',
        ...atMost(filter, 150),
        detail: `max ${Math.max(...filters).toFixed(0)} ms over ${filters.length} changes`,
      },
      {
        id: 'panel-scroll',
        label: 'Panel: scroll, main-thread work per frame (handler + render + layout), p95',
        value: frameP95,
        unit: 'ms',
        ...atMost(frameP95, 16),
        detail: `median ${median(steps).toFixed(1)} ms, max ${Math.max(...steps).toFixed(1)} ms over ${steps.length} frames`,
      },
      {
        id: 'panel-heap',
        label: 'Panel: JS heap with the load',
        value: heapMB,
        unit: 'MB',
        ...atMost(heapMB, 200),
        detail: gcHeap === null ? 'performance.memory (no forced GC)' : 'after a forced GC (CDP)',
      },
      {
        id: 'page-buffer',
        label: `Page hook buffer after ${CONNECTIONS.toLocaleString('en')} conns / ${hook.messages.toLocaleString('en')} msgs, no DevTools`,
        value: bufferMB,
        unit: 'MB',
        ...atMost(bufferMB, Number((cap / 2 ** 20).toFixed(2))),
        detail: `${hook.records.toLocaleString('en')} records kept, ${hook.dropped.toLocaleString('en')} evicted (counted), ${hook.unsampled} stacks unsampled, ${hook.connections.toLocaleString('en')} connections kept for connections(); page heap ${(hook.heap / 2 ** 20).toFixed(0)} MB`,
      },
    ];
  } finally {
    await launched.close();
  }
}

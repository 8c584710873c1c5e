/**
 * `npm run soak` (through scripts/soak.mjs, after a build): a long demo session in LEGACY mode with
 * the SSE panel open and a fault every `--fault-every`, sampling every `--sample-every`:
 *   - page heap (CDP Runtime.getHeapUsage on the app tab, after a forced GC),
 *   - panel heap (the same on the panel's own target),
 *   - the page hook's buffer (`__SSE_DEVTOOLS_HOOK__.stats().bufferedBytes`, capped by settings),
 *   - service-worker restarts (distinct worker target ids seen),
 *   - what the panel holds (connections, lost/dropped counters).
 * Verdict: each heap must plateau (plateau.ts: last third vs middle third, small slope allowed) and
 * the hook buffer must stay within its budget. Prints the series as a table; exits 1 on failure.
 *
 * Faults, in turn: stop the service worker (as Chrome does when idle), drop every stream, make the
 * next stream requests fail with a 500, drop streams mid-open. The app gets traffic meanwhile (one
 * broadcast per second). Not part of `npm test`.
 */
import type { Browser, CDPSession, Frame, Page } from 'puppeteer-core';
import { startDemo, type RunningDemo } from '../../demo/app/start-demo';
import { openPanel } from '../../tests/e2e/harness/devtools';
import { launchBrowser, type LaunchedBrowser } from '../../tests/e2e/harness/launch';
import { DEFAULT_HOOK_SETTINGS } from '../../src/protocol';
import { parseSoakArgs, USAGE, type SoakOptions } from './args';
import { formatTable, mb, plateauVerdict, type PlateauVerdict } from './plateau';

interface Sample {
  readonly at: number;
  readonly pageHeap: number;
  readonly panelHeap: number;
  readonly hookBytes: number;
  readonly swRestarts: number;
  readonly connections: number;
  readonly live: number;
  readonly lost: number;
  readonly dropped: number;
  readonly fault: string;
}

const FAULTS = ['service-worker', 'drop-all', 'status500', 'drop'] as const;
type Fault = (typeof FAULTS)[number];

const MB = 1024 * 1024;
/** Heaps may grow by 10% or 4 MB between the middle and last thirds (GC noise, JIT, caches). */
const HEAP_TOLERANCE = { absolute: 4 * MB, relative: 0.1 };

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function heapUsed(session: CDPSession): Promise<number> {
  // Collect first: the plateau question is about what is retained, not about garbage.
  await session.send('HeapProfiler.collectGarbage');
  const { usedSize } = await session.send('Runtime.getHeapUsage');
  return usedSize;
}

async function serviceWorkerIds(browser: Browser, extensionId: string): Promise<string[]> {
  const cdp = await browser.target().createCDPSession();
  try {
    const { targetInfos } = await cdp.send('Target.getTargets');
    return targetInfos
      .filter(
        (t) =>
          t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${extensionId}/`),
      )
      .map((t) => t.targetId);
  } finally {
    await cdp.detach();
  }
}

async function stopServiceWorker(browser: Browser, extensionId: string): Promise<void> {
  const [id] = await serviceWorkerIds(browser, extensionId);
  if (id === undefined) return; // Already stopped (idle): the fault happened by itself.
  const cdp = await browser.target().createCDPSession();
  try {
    await cdp.send('Target.closeTarget', { targetId: id });
  } finally {
    await cdp.detach();
  }
}

async function injectFault(
  fault: Fault,
  demo: RunningDemo,
  launched: LaunchedBrowser,
): Promise<void> {
  switch (fault) {
    case 'service-worker':
      return stopServiceWorker(launched.browser, launched.extensionId!);
    case 'drop-all':
      demo.server.dropAll();
      return;
    case 'status500':
      demo.server.setFault({ mode: 'status500', count: 2 });
      demo.server.dropAll();
      return;
    case 'drop':
      demo.server.setFault({ mode: 'drop', count: 3, delayMs: 200 });
      demo.server.dropAll();
      return;
  }
}

const PANEL_READ = `(() => {
  const s = window.__SSE_PANEL_STORE__.getState();
  let live = 0;
  for (const c of s.connections.values()) if (c.closedBy === null && c.readyState !== 2) live++;
  return { connections: s.connections.size, live, lost: s.counters.lost, dropped: s.counters.droppedByHook };
})()`;

async function run(options: SoakOptions): Promise<boolean> {
  const demo = await startDemo();
  let launched: LaunchedBrowser | null = null;
  try {
    launched = await launchBrowser({ headless: !options.headed, networkEnabled: false });
    const { browser, extensionId } = launched;
    const page: Page = await browser.newPage();
    await page.goto(`${demo.appUrl}/dashboard?mode=legacy`, { waitUntil: 'domcontentloaded' });
    const { frame } = await openPanel(page, extensionId!);
    const pageCdp = await page.createCDPSession();
    const panelTarget = await browser.waitForTarget((t) =>
      t.url().startsWith(`chrome-extension://${extensionId}/panel/`),
    );
    const panelCdp = await panelTarget.createCDPSession();

    const traffic = setInterval(() => demo.server.broadcast('soak.tick', { at: Date.now() }), 1000);
    const samples: Sample[] = [];
    const swSeen = new Set<string>();
    const started = Date.now();
    const end = started + options.minutes * 60_000;
    let nextFault = started + options.faultEveryMs;
    let nextSample = started;
    let faults = 0;
    let lastFault = '';
    console.log(
      `soak: ${options.minutes} min, a fault every ${options.faultEveryMs / 1000} s, a sample every ` +
        `${options.sampleEveryMs / 1000} s — app ${demo.appUrl}/dashboard?mode=legacy`,
    );
    try {
      while (Date.now() < end) {
        const now = Date.now();
        if (now >= nextFault) {
          const fault = FAULTS[faults % FAULTS.length]!;
          faults++;
          await injectFault(fault, demo, launched);
          lastFault = fault;
          nextFault += options.faultEveryMs;
        }
        if (now >= nextSample) {
          for (const id of await serviceWorkerIds(browser, extensionId!)) swSeen.add(id);
          const stats = (await page.evaluate(
            `(() => { const h = window.__SSE_DEVTOOLS_HOOK__; return h ? h.stats() : null; })()`,
          )) as { bufferedBytes: number } | null;
          const panel = (await (frame as Frame).evaluate(PANEL_READ)) as {
            connections: number;
            live: number;
            lost: number;
            dropped: number;
          };
          samples.push({
            at: Math.round((now - started) / 1000),
            pageHeap: await heapUsed(pageCdp),
            panelHeap: await heapUsed(panelCdp),
            hookBytes: stats?.bufferedBytes ?? -1,
            swRestarts: Math.max(0, swSeen.size - 1),
            ...panel,
            fault: lastFault,
          });
          lastFault = '';
          nextSample += options.sampleEveryMs;
        }
        // The loop's tick: a soak measures over minutes; 250 ms is far below any interval.
        await sleep(Math.max(0, Math.min(nextFault, nextSample, end) - Date.now(), 250));
      }
    } finally {
      clearInterval(traffic);
    }
    return report(samples, faults);
  } finally {
    await launched?.close();
    await demo.close();
  }
}

function report(samples: readonly Sample[], faults: number): boolean {
  console.log(
    formatTable(
      [
        't(s)',
        'page MB',
        'panel MB',
        'hook MB',
        'SW restarts',
        'conns',
        'live',
        'lost',
        'dropped',
        'fault',
      ],
      samples.map((s) => [
        String(s.at),
        mb(s.pageHeap),
        mb(s.panelHeap),
        mb(s.hookBytes),
        String(s.swRestarts),
        String(s.connections),
        String(s.live),
        String(s.lost),
        String(s.dropped),
        s.fault,
      ]),
    ),
  );
  const verdicts: Array<[string, PlateauVerdict]> = [
    [
      'page heap',
      plateauVerdict(
        samples.map((s) => s.pageHeap),
        HEAP_TOLERANCE,
      ),
    ],
    [
      'panel heap',
      plateauVerdict(
        samples.map((s) => s.panelHeap),
        HEAP_TOLERANCE,
      ),
    ],
  ];
  let ok = true;
  for (const [name, v] of verdicts) {
    ok &&= v.ok;
    console.log(
      `${v.ok ? 'PASS' : 'FAIL'} ${name}: middle third ${mb(v.middle)} MB → last third ${mb(v.last)} MB ` +
        `(growth ${mb(v.growth)} MB, allowed ${mb(v.allowed)} MB)${v.note ? ` — ${v.note}` : ''}`,
    );
  }
  const budget = DEFAULT_HOOK_SETTINGS.bufferBytes;
  const maxHook = Math.max(...samples.map((s) => s.hookBytes));
  const hookOk = samples.every((s) => s.hookBytes >= 0 && s.hookBytes <= budget);
  ok &&= hookOk;
  console.log(
    `${hookOk ? 'PASS' : 'FAIL'} hook buffer: max ${mb(maxHook)} MB of a ${mb(budget)} MB budget`,
  );
  const last = samples[samples.length - 1];
  console.log(
    `${faults} faults, ${last?.swRestarts ?? 0} service-worker restarts; panel: ${last?.connections ?? 0} ` +
      `connections, lost ${last?.lost ?? 0}, dropped by the hook ${last?.dropped ?? 0}`,
  );
  console.log(ok ? 'soak: PASS' : 'soak: FAIL');
  return ok;
}

const parsed = parseSoakArgs(process.argv.slice(2));
if ('error' in parsed) {
  console.error(`${parsed.error}\n${USAGE}`);
  process.exit(2);
}
run(parsed).then(
  (ok) => process.exit(ok ? 0 : 1),
  (error: unknown) => {
    console.error('soak failed to run:', error);
    process.exit(1);
  },
);

/**
 * `npm run bench`: every figure of the performance budget, measured side by side in one run
 * (A/B interleaved over rounds; medians and spread), printed as a table and written to
 * bench/results.json with the machine and Chromium version. Never part of `npm test`.
 *
 *   npm run bench                 all figures
 *   npm run bench -- --quick      fewer rounds (a smoke run of the benchmark itself)
 *   npm run bench -- --only=storm,construction
 *   npm run bench -- --only=capture   network capture on / off (the SSE panel open on both sides)
 *   npm run bench -- --runs=3     three full runs in a row: results.json keeps every run, and a
 *                                 figure holds only if it held in each (summary.ts)
 *
 * A/B of two builds of the hook (e.g. before and after a refactor), same run, same rounds:
 *   npx tsx bench/run.ts --only=message-path,construction,storm \
 *     --baseline=.tmp/dist-old --dist=.tmp/dist-hook [--out=.tmp/bench-ab.json]
 * Side A ("native" in the table) then loads the baseline build, side B the other one, so each
 * ratio reads new / old; results go to --out (default .tmp/bench-ab.json), never results.json.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { resolve } from 'node:path';
import { findChromium } from '../tests/e2e/harness/find-chromium.mjs';
import { benchBystander } from './bystander';
import { benchCapture } from './capture';
import { benchClient } from './client';
import { benchConstruction } from './construction';
import { benchFetch } from './fetch';
import { benchScanner } from './scanner';
import type { Figure } from './figure';
import { benchMessagePath } from './message-path';
import { benchPanelScale } from './panel-scale';
import { benchPipeline } from './pipeline';
import { selectBuilds } from './browsers';
import { startBenchServer } from './server';
import { benchStorm } from './storm';
import { summarize, summaryTable } from './summary';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args
  .find((a) => a.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
const wanted = (id: string) => !only || only.includes(id);
const option = (name: string) =>
  args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const baseline = option('baseline');
const runs = Math.max(1, Number(option('runs') ?? 1) || 1);
const hookedDist = option('dist');
selectBuilds({
  baseline: baseline === undefined ? undefined : resolve(baseline),
  hooked: hookedDist === undefined ? undefined : resolve(hookedDist),
});

function machine() {
  const chromium = findChromium();
  let version = 'unknown';
  try {
    version = execFileSync(chromium, ['--version'], { encoding: 'utf8' }).trim();
  } catch (error) {
    // Some wrappers print the version on stderr or exit non-zero; the table still has the path.
    version = `unknown (${String(error).slice(0, 60)})`;
  }
  return {
    date: new Date().toISOString(),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    cpus: `${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}`,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    chromium: version,
  };
}

function table(figures: readonly Figure[]): string {
  const rows = figures.map((f) => [
    f.holds ? '✓' : '✗',
    f.label,
    `${f.value >= 100 ? Math.round(f.value).toLocaleString('en') : f.value.toFixed(2)} ${f.unit}`,
    f.target,
    f.spread === undefined ? '' : `±${Math.round((f.spread * 100) / 2)}%`,
    f.detail ?? '',
  ]);
  const head = ['', 'figure', 'value', 'target', 'spread', 'detail'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  return [line(head), line(widths.map((w) => '─'.repeat(w))), ...rows.map(line)].join('\n');
}

const info = machine();
console.log(
  `sse-devtools bench — ${info.date}\n${info.os}, ${info.cpus}, ${info.memoryGiB} GiB, Node ${info.node}, ${info.chromium}\n`,
);
if (baseline !== undefined)
  console.log(`A/B of two builds: "native" = ${baseline}, "hooked" = ${hookedDist ?? 'dist/'}\n`);

async function measure(): Promise<Figure[]> {
  const server = await startBenchServer();
  const page = `${server.url}/bench.html`;
  const figures: Figure[] = [];
  const run = async (id: string, fn: () => Promise<Figure[]>) => {
    if (!wanted(id)) return;
    const started = Date.now();
    process.stdout.write(`… ${id}`);
    try {
      const result = await fn();
      figures.push(...result);
      process.stdout.write(` (${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
    } catch (error) {
      process.stdout.write(' FAILED\n');
      console.error(error);
      figures.push({
        id,
        label: `${id}: failed to run`,
        value: NaN,
        unit: '',
        target: 'runs',
        holds: false,
        detail: String(error).slice(0, 120),
      });
    }
  };
  try {
    await run('message-path', () =>
      benchMessagePath(page, { messages: 200_000, rounds: quick ? 3 : 11 }),
    );
    await run('fetch', () =>
      benchFetch(page, { requests: 500, messages: 200_000, rounds: quick ? 3 : 15 }),
    );
    await run('scanner', () =>
      benchScanner({ messages: quick ? 50_000 : 200_000, rounds: quick ? 3 : 9 }),
    );
    await run('construction', () =>
      benchConstruction(page, {
        count: 2000,
        rounds: quick ? 3 : 11,
        inspectorRounds: quick ? 1 : 3,
      }),
    );
    await run('storm', () =>
      benchStorm(page, {
        connections: 1000,
        ms: 10_000,
        rounds: quick ? 3 : 11,
      }),
    );
    await run('capture', () =>
      benchCapture(page, {
        messages: 20_000,
        rounds: quick ? 3 : 5,
        dist: hookedDist === undefined ? undefined : resolve(hookedDist),
      }),
    );
    await run('bystander', () =>
      benchBystander(server.url, {
        rounds: quick ? 3 : 15,
        installRounds: quick ? 3 : 13,
        frames: 50,
      }),
    );
    await run('pipeline', () => benchPipeline(page, { quick }));
    await run('panel-scale', () => benchPanelScale(page, { quick }));
    await run('client', () => benchClient({ errors: 10_000 }));
  } finally {
    await server.close();
  }
  return figures;
}

const done: Array<{ date: string; figures: Figure[] }> = [];
for (let i = 0; i < runs; i++) {
  if (runs > 1) console.log(`\n── run ${i + 1} of ${runs} ──`);
  const date = new Date().toISOString();
  const measured = await measure();
  done.push({ date, figures: measured });
  console.log(`\n${table(measured)}\n`);
}
const summary = runs === 1 ? null : summarize(done.map((r) => r.figures));
const figures: Figure[] = summary ?? done[0]!.figures;
if (summary !== null) console.log(`\nAll ${runs} runs:\n${summaryTable(summary)}\n`);
const out = resolve(
  option('out') ??
    (baseline === undefined
      ? resolve(import.meta.dirname, 'results.json')
      : resolve(import.meta.dirname, '../.tmp/bench-ab.json')),
);
const builds = baseline === undefined ? {} : { builds: { a: baseline, b: hookedDist ?? 'dist' } };
const perRun = runs === 1 ? {} : { runs: done };
writeFileSync(
  out,
  `${JSON.stringify({ machine: info, ...builds, figures, ...perRun }, null, 2)}\n`,
);
console.log(`wrote ${out}`);
const failing = figures.filter((f) => !f.holds);
console.log(
  failing.length === 0
    ? 'All targets hold.'
    : `${failing.length} target(s) missed: ${failing.map((f) => f.id).join(', ')}`,
);

/**
 * The stage-4 acceptance run, as evidence a person can read: for each mode (legacy, fixed) the
 * demo runs in real Chromium with the extension, DevTools open (undocked, full size) on the SSE
 * panel with "preserve log" on, through load, reload, navigation, a real HMR edit, order changes,
 * a token rotation, server faults and reconnects refused in a row. Writes to evidence/<mode>/:
 *   1-summary-table.png, 2-detail.png, 3-call-sites.png, 4-timeline.png, 5-acceptance.png,
 *   verdict-<id>.png (each of the panel's verdicts), offender-<id>.png (legacy: the panel's first
 *   offender of a failed verdict, selected in the table),
 *   the panel's own exports (report JSON, Markdown, HAR-like session), samples.json
 * and evidence/SUMMARY.md, evidence/index.html (+ index.pdf) with both modes side by side.
 * Every screenshot is taken once its view has rendered and is checked for blankness (shots.ts);
 * a blank one fails the run.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Frame, Page } from 'puppeteer-core';
import {
  ACCEPTANCE_RETRY_MS,
  runStage4,
  type DemoMode,
  type Stage4Result,
} from '../../demo/acceptance/stage4';
import { judgeStage4, verdictTable, type Verdict } from '../../demo/acceptance/verdicts';
import { startDemo } from '../../demo/app/start-demo';
import { launchBrowser, openPanel, undockDevTools, waitFor } from '../../tests/e2e/harness';
import { renderIndex, type CriterionPictures, type PanelVerdict } from './report-page';
import { BlankShotError, shoot, type ShotResult, type View } from './shots';

const ROOT = resolve(import.meta.dirname, '../..');
const OUT = join(ROOT, 'evidence');
const args = process.argv.slice(2);
const toDocs = args.includes('--docs');
const cycles = Number(args.find((a) => a.startsWith('--cycles='))?.slice(9) ?? 2);
const MODES = ['legacy', 'fixed'] as const;

const log = (line: string) => console.log(line);

interface ModeRun {
  readonly result: Stage4Result;
  readonly verdicts: Verdict[];
  readonly panelVerdicts: PanelVerdict[];
  readonly shots: ShotResult[];
  /** Offender pictures by panel verdict id (legacy), or why there is none. */
  readonly offenders: Record<string, { key: string; file: string } | { why: string }>;
  readonly exports: string[];
  readonly chromium: string;
  readonly ms: number;
}

interface PanelConnection {
  readonly key: string;
  readonly live: boolean;
}

/** The panel's own connection list, through its documented test handle. */
function panelConnections(panel: Frame): Promise<PanelConnection[]> {
  return panel.evaluate(() => {
    const store = (
      window as unknown as {
        __SSE_PANEL_STORE__?: { snapshot(): { connections: PanelConnection[] } };
      }
    ).__SSE_PANEL_STORE__;
    return (store?.snapshot().connections ?? []).map((c) => ({ key: c.key, live: c.live }));
  });
}

/**
 * Selects a connection the way a user does from the keyboard: the store's selection, then Enter
 * in the table, which scrolls the selected row into view (the table is virtualised: a row off
 * screen does not exist in the DOM).
 */
async function selectRow(panel: Frame, key: string): Promise<void> {
  await showTab(panel, 'connections');
  await panel.evaluate((k) => {
    const store = (
      window as unknown as {
        __SSE_PANEL_STORE__?: { getState(): { selectConnection(key: string | null): void } };
      }
    ).__SSE_PANEL_STORE__;
    store?.getState().selectConnection(k);
  }, key);
  await scrollSelectedIntoView(panel);
}

async function scrollSelectedIntoView(panel: Frame): Promise<void> {
  await panel.focus('[data-testid="table-body"]');
  await panel.page().keyboard.press('Enter');
  // Leave the table: a focused table draws its selected row white on the light selection colour.
  await panel.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
}

async function showTab(panel: Frame, tab: string): Promise<void> {
  await panel.click(`[data-testid="tab-${tab}"]`);
  await panel.waitForSelector(`[data-testid="tab-${tab}"][aria-selected="true"]`, {
    timeout: 10_000,
  });
}

/**
 * The panel's debug snapshot must be the page's current one: a picture of an open connection
 * beside a snapshot still saying "reconnecting, hasES: false" reads as a contradiction. The page's
 * own `__zarizSSEDebug()` is read now, so it is newer than every connection change the panel
 * shows; the shot waits until the panel displays the same values, and until the page settled
 * (open). Null when that holds, or when the page has no debug API (legacy).
 */
async function debugSnapshotCurrent(page: Page, panel: Frame): Promise<string | null> {
  const truth = await page
    .evaluate(() => {
      const debug = (window as unknown as { __zarizSSEDebug?: () => Record<string, unknown> })
        .__zarizSSEDebug;
      return typeof debug === 'function' ? debug() : null;
    })
    .catch(() => undefined);
  if (truth === undefined) return 'the page did not answer';
  if (truth === null) return null;
  if (truth.status !== 'open' || truth.hasES !== true)
    return `the page is not settled (status ${String(truth.status)}, hasES ${String(truth.hasES)})`;
  const shown = await panel.evaluate(() => {
    const el = document.querySelector(
      '[data-testid="debug-snapshot"][data-name="__zarizSSEDebug"]',
    );
    if (!el) return null;
    return Object.fromEntries(
      [...el.querySelectorAll('.debug-field')].map((f) => [
        f.querySelector('dt')?.textContent ?? '',
        f.querySelector('dd')?.textContent ?? '',
      ]),
    );
  });
  if (!shown) return 'the panel shows no __zarizSSEDebug snapshot';
  for (const field of ['status', 'hasES', 'readyState', 'connects', 'timers', 'lastErrorAt']) {
    if (field in shown && shown[field] !== String(truth[field]))
      return `the panel shows ${field}: ${shown[field]}, the page has ${String(truth[field])}`;
  }
  return null;
}

/** Clicks an export button until its download (a file ending in `ext`) lands in `dir`. */
async function exportFile(panel: Frame, dir: string, button: string, ext: string): Promise<string> {
  const have = async () =>
    (await readdir(dir)).find((f) => f.startsWith('sse-') && f.endsWith(ext)) ?? null;
  for (let attempt = 1; ; attempt++) {
    // The exports may sit in a menu that opens on its button (hidden items have no box).
    const hidden = await panel.$eval(
      `[data-testid="${button}"]`,
      (el) => (el as HTMLElement).offsetParent === null,
    );
    if (hidden) await panel.click('[data-testid="export-menu"]');
    await panel.click(`[data-testid="${button}"]`);
    try {
      return await waitFor(have, { timeout: 15_000, message: `the ${ext} export in ${dir}` });
    } catch (error) {
      // A click while the panel was busy building another export can be lost: try once more.
      if (attempt >= 2) throw error;
      log(`  ${button}: no download yet, clicking again`);
    }
  }
}

async function runMode(mode: DemoMode): Promise<ModeRun> {
  const started = Date.now();
  const dir = join(OUT, mode);
  await mkdir(dir, { recursive: true });
  const demo = await startDemo({ retryMs: ACCEPTANCE_RETRY_MS });
  const launched = await launchBrowser();
  let page: Page | undefined;
  try {
    const chromium = await launched.browser.version();
    page = await launched.browser.newPage();
    await page.setViewport({ width: 1280, height: 800 });
    await page.goto(`${demo.appUrl}/settings?mode=${mode}`, { waitUntil: 'domcontentloaded' });
    const { devtools, frame: panel } = await openPanel(page, launched.extensionId!);
    await undockDevTools(devtools, { width: 1400, height: 860 });
    await panel.click('[data-testid="preserve-log"]');
    await panel.waitForSelector('[data-testid="preserve-log"]:checked', { timeout: 5000 });
    // The panel's exports are downloads: send them to the evidence folder.
    const cdp = await launched.browser.target().createCDPSession();
    await cdp.send('Browser.setDownloadBehavior', {
      behavior: 'allow',
      downloadPath: dir,
      eventsEnabled: true,
    });

    const result = await runStage4({
      demo,
      page,
      panel,
      mode,
      navigationCycles: cycles,
      settleMs: mode === 'legacy' ? 4000 : 15_000,
      log,
    });
    const verdicts = judgeStage4(result);

    const shots: ShotResult[] = [];
    const take = async (name: string, view: View, element?: string) => {
      const shot = await shoot(devtools, panel, join(dir, name), view, {
        also: () => debugSnapshotCurrent(page!, panel),
        ...(element ? { element } : {}),
      });
      shots.push(shot);
      log(
        `  ${mode}/${name}: ${(shot.inkRegion * 100).toFixed(1)}% drawn in its region, ` +
          `${(shot.inkWhole * 100).toFixed(1)}% overall`,
      );
    };

    await showTab(panel, 'connections');
    await take('1-summary-table.png', { kind: 'table' });
    // The detail of the newest live connection (the one the debug snapshot speaks about).
    const connections = await panelConnections(panel);
    const current = [...connections].reverse().find((c) => c.live) ?? connections.at(-1);
    if (!current) throw new BlankShotError(`${mode}: the panel holds no connection to detail`);
    await selectRow(panel, current.key);
    await take('2-detail.png', { kind: 'detail', key: current.key });
    await showTab(panel, 'callSites');
    await take('3-call-sites.png', { kind: 'callSites' });
    await showTab(panel, 'timeline');
    await take('4-timeline.png', { kind: 'timeline' });
    await showTab(panel, 'acceptance');
    await take('5-acceptance.png', { kind: 'acceptance' });
    const panelVerdicts = await panel.$$eval('[data-testid^="verdict-"]', (els) =>
      els.map((el) => ({
        id: el.getAttribute('data-testid')!.slice('verdict-'.length),
        status: el.getAttribute('data-status') ?? '',
        text: (el as HTMLElement).innerText.replace(/\s+/g, ' ').trim(),
      })),
    );
    for (const v of panelVerdicts) {
      const selector = `[data-testid="verdict-${v.id}"]`;
      await take(`verdict-${v.id}.png`, { kind: 'element', selector }, selector);
    }

    // The exports, from the toolbar's export menu (each choice closes it).
    const exports: string[] = [];
    for (const [button, ext] of [
      ['export-json', '.json'],
      ['export-md', '.md'],
      ['export-har', '.har'],
    ] as const)
      exports.push(await exportFile(panel, dir, button, ext));
    log(`  exports: ${exports.join(', ')}`);

    // Legacy: each failed verdict's first offender that the panel still holds, selected in the
    // table (the row highlighted, its detail open) — the picture the reviewer compares.
    const offenders: ModeRun['offenders'] = {};
    const held = new Set((await panelConnections(panel)).map((c) => c.key));
    for (const v of panelVerdicts.filter((p) => p.status === 'fail')) {
      await showTab(panel, 'acceptance');
      const keys = await panel.$$eval(
        `[data-testid="verdict-${v.id}"] [data-testid="offender"]`,
        (els) => els.map((el) => el.getAttribute('data-key') ?? ''),
      );
      const key = keys.find((k) => held.has(k));
      if (!key) {
        offenders[v.id] = {
          why: keys.length ? 'its offenders are no longer in the table' : 'no offender listed',
        };
        continue;
      }
      // The panel's own path: the offender button selects the row and shows the table.
      await panel.click(
        `[data-testid="verdict-${v.id}"] [data-testid="offender"][data-key="${key}"]`,
      );
      await panel.waitForSelector('[data-testid="tab-connections"][aria-selected="true"]');
      await scrollSelectedIntoView(panel);
      const file = `offender-${v.id}.png`;
      await take(file, { kind: 'detail', key });
      offenders[v.id] = { key, file };
    }

    await writeFile(
      join(dir, 'samples.json'),
      `${JSON.stringify({ result, verdicts, panelVerdicts, shots }, null, 2)}\n`,
    );
    await cdp.detach();
    return {
      result,
      verdicts,
      panelVerdicts,
      shots,
      offenders,
      exports,
      chromium,
      ms: Date.now() - started,
    };
  } finally {
    await page?.close().catch(() => undefined);
    await launched.close();
    await demo.close();
  }
}

/** Which of the panel's verdicts and pictures speak to each harness criterion (same order). */
function picturesFor(runs: Record<string, ModeRun>): CriterionPictures[] {
  const known = ['oneLive', 'connectsCounted', 'oneTimer', 'reasonedConnects', 'noOverlap'];
  // The panel's delivery criterion, whatever its id, is the one not in the list above.
  const delivery = runs.fixed!.panelVerdicts.map((v) => v.id).filter((id) => !known.includes(id));
  const plan: Array<{ panelIds: string[]; view: string; caption: string }> = [
    { panelIds: ['oneLive'], view: '1-summary-table.png', caption: 'connection table' },
    {
      panelIds: ['connectsCounted', 'reasonedConnects'],
      view: '3-call-sites.png',
      caption: 'call sites',
    },
    { panelIds: ['noOverlap'], view: '4-timeline.png', caption: 'timeline' },
    { panelIds: delivery, view: '5-acceptance.png', caption: 'acceptance view' },
    { panelIds: ['reasonedConnects'], view: '2-detail.png', caption: 'detail with lineage' },
    { panelIds: ['oneTimer'], view: '4-timeline.png', caption: 'timeline (pending timers)' },
  ];
  const criteria = runs.fixed!.verdicts.map((v) => v.criterion);
  return criteria.map((criterion, i) => {
    const { panelIds, view, caption } = plan[i] ?? { panelIds: [], view: '', caption: '' };
    const pictures: CriterionPictures['pictures'] = Object.fromEntries(
      Object.entries(runs).map(([mode, run]) => {
        const list: Array<{ src: string; caption: string }> = [];
        for (const id of panelIds) {
          if (run.panelVerdicts.some((v) => v.id === id))
            list.push({ src: `${mode}/verdict-${id}.png`, caption: `panel verdict ${id}` });
          const offender = run.offenders[id];
          if (offender && 'file' in offender)
            list.push({
              src: `${mode}/${offender.file}`,
              caption: `offender ${offender.key} of ${id}, selected in the table`,
            });
        }
        if (view) list.push({ src: `${mode}/${view}`, caption });
        return [mode, list];
      }),
    );
    return { criterion, panelIds, pictures };
  });
}

function commitOf(): string {
  try {
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT }).toString().trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], {
      cwd: ROOT,
    })
      .toString()
      .trim();
    return dirty ? `${head} (with uncommitted changes in the working tree)` : head;
  } catch {
    // Not a git checkout (an unpacked release): say so instead of failing the run.
    return 'unknown (not a git checkout)';
  }
}

const runStarted = Date.now();
const startedAt = new Date(runStarted).toISOString();
// Only this script's own output is replaced: evidence/panel/ comes from the panel e2e run.
for (const mode of MODES) await rm(join(OUT, mode), { recursive: true, force: true });
const runs: Record<string, ModeRun> = {};
try {
  for (const mode of MODES) {
    log(`\n▶ ${mode} mode`);
    runs[mode] = await runMode(mode);
  }
} catch (error) {
  if (error instanceof BlankShotError) {
    console.error(`\nEVIDENCE FAILED — a screenshot is not evidence: ${error.message}`);
    process.exit(1);
  }
  throw error;
}
const byMode = Object.fromEntries(Object.entries(runs).map(([m, r]) => [m, r.verdicts]));
const panelMarks = (list: readonly PanelVerdict[]) =>
  list
    .map(
      (v) => `${v.id} ${v.status === 'pass' ? '✓' : v.status === 'fail' ? '✗' : '— no data'}`,
    )
    .join(', ');

const stat = (r: Stage4Result) => {
  const live = r.samples.map((s) => s.serverLive);
  return `${r.samples.length} samples, max ${Math.max(...live)} live streams, ${r.totalStreams} streams opened in all`;
};
const commit = commitOf();
const chromium = runs.fixed!.chromium;
const durationMs = Date.now() - runStarted;
const summary = `# Stage-4 acceptance evidence

Generated by \`npm run evidence\` on ${startedAt} (${Math.round(durationMs / 1000)} s; commit
${commit}; ${chromium}) — stage 4 of the acceptance plan (load and reload \`/dashboard\`, ${cycles}
navigation cycle(s) through every page, a real HMR edit, create/change/delete orders, token
rotation, a server drop, a 500, drops in a row, and — after a reload — the server refusing every
reconnect for a while) on the demo app in real Chromium with the SSE DevTools panel open.
Witnesses sampled all along: the SSE server, the page hook, the page (the app's
\`__zarizSSEDebug()\`, or the legacy client's own log) and the panel.

- legacy: ${stat(runs.legacy!.result)}
- fixed: ${stat(runs.fixed!.result)}

${verdictTable(byMode)}

Open \`index.html\` (or \`index.pdf\`) for every criterion's screenshots side by side. Screenshots
per mode: \`1-summary-table.png\`, \`2-detail.png\`, \`3-call-sites.png\`, \`4-timeline.png\`,
\`5-acceptance.png\`, \`verdict-<id>.png\` per panel verdict and, in legacy, \`offender-<id>.png\`
(the verdict's first offender selected in the table); each was checked for blankness before the
run went on. The panel's own exports (JSON report, Markdown, HAR-like session) and
\`samples.json\` sit beside them.

## The panel's acceptance view (its own verdicts)

${Object.entries(runs)
  .map(([mode, run]) => `**${mode}**: ${panelMarks(run.panelVerdicts)}`)
  .join('\n\n')}
`;
await writeFile(join(OUT, 'SUMMARY.md'), summary);

const indexHtml = renderIndex({
  title: 'SSE DevTools — stage-4 acceptance evidence',
  commit,
  chromium,
  startedAt,
  durationMs,
  command: `npm run evidence${args.length ? ` -- ${args.join(' ')}` : ''}`,
  modes: MODES.map((mode) => ({
    mode,
    verdicts: runs[mode]!.verdicts,
    panelVerdicts: runs[mode]!.panelVerdicts,
    exports: runs[mode]!.exports.map((f) => `${mode}/${f}`),
    durationMs: runs[mode]!.ms,
    stats: stat(runs[mode]!.result),
  })),
  criteria: picturesFor(runs),
  links: [
    { href: 'SUMMARY.md', label: 'SUMMARY.md' },
    { href: 'index.pdf', label: 'this page as PDF' },
    ...MODES.map((mode) => ({ href: `${mode}/samples.json`, label: `${mode} samples` })),
  ],
});
await writeFile(join(OUT, 'index.html'), indexHtml);
// The same page as a PDF, printed by the same Chromium (no extension needed).
const printer = await launchBrowser({ extension: false });
try {
  const page = await printer.browser.newPage();
  await page.goto(pathToFileURL(join(OUT, 'index.html')).href, { waitUntil: 'load' });
  await page.pdf({
    path: join(OUT, 'index.pdf'),
    format: 'A4',
    landscape: true,
    printBackground: true,
  });
} finally {
  await printer.close();
}
log(`\nwrote evidence/SUMMARY.md, evidence/index.html, evidence/index.pdf\n\n${verdictTable(byMode)}`);

if (toDocs) {
  const docs = join(ROOT, 'docs/evidence');
  // docs/evidence/panel/ comes from the panel e2e run: keep it unless this checkout has a newer one.
  for (const entry of [...MODES, 'SUMMARY.md', 'index.html', 'index.pdf'])
    await rm(join(docs, entry), { recursive: true, force: true });
  await mkdir(docs, { recursive: true });
  for (const entry of [...MODES, 'SUMMARY.md', 'index.html', 'index.pdf'])
    await cp(join(OUT, entry), join(docs, entry), { recursive: true });
  if (existsSync(join(OUT, 'panel')))
    await cp(join(OUT, 'panel'), join(docs, 'panel'), { recursive: true });
  log('copied to docs/evidence/');
}

const allFixed = byMode.fixed!.every((v) => v.pass === true);
const allLegacy = byMode.legacy!.every((v) => v.pass === false);
if (!allFixed || !allLegacy) {
  console.error(
    `\nUnexpected verdicts: fixed ✓ on all = ${allFixed}, legacy ✗ on all = ${allLegacy}`,
  );
  process.exit(1);
}

/**
 * The ticket's stage-4 acceptance run, as evidence a person can read: for each mode (legacy,
 * fixed) the demo runs in real Chromium with the extension, DevTools open (undocked, full size)
 * on the SSE panel with "preserve log" on, through load, reload, navigation, a real HMR edit,
 * order changes, a token rotation and server faults. Writes to evidence/<mode>/:
 *   1-summary-table.png, 2-detail.png, 3-call-sites.png, 4-timeline.png, 5-acceptance.png
 *   the panel's own exports (report JSON, Markdown, HAR-like session), samples.json
 * and evidence/SUMMARY.md with both modes' verdicts side by side.
 */
import { existsSync } from 'node:fs';
import { cp, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Frame, Page } from 'puppeteer-core';
import { ACCEPTANCE_RETRY_MS, runStage4, type DemoMode, type Stage4Result } from '../../demo/acceptance/stage4';
import { judgeStage4, verdictTable, type Verdict } from '../../demo/acceptance/verdicts';
import { startDemo } from '../../demo/app/start-demo';
import { launchBrowser, openPanel, undockDevTools, waitFor } from '../../tests/e2e/harness';

const ROOT = resolve(import.meta.dirname, '../..');
const OUT = join(ROOT, 'evidence');
const args = process.argv.slice(2);
const toDocs = args.includes('--docs');
const cycles = Number(args.find((a) => a.startsWith('--cycles='))?.slice(9) ?? 2);

const log = (line: string) => console.log(line);

async function showTab(panel: Frame, tab: string): Promise<void> {
  await panel.click(`[data-testid="tab-${tab}"]`);
  // Let charts lay out and virtualised rows render before the picture.
  await panel.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

async function shoot(panel: Frame, file: string): Promise<void> {
  const body = await panel.$('body');
  if (!body) throw new Error('panel has no body');
  await body.screenshot({ path: file });
  log(`  wrote ${file.slice(ROOT.length + 1)}`);
}

async function waitForDownloads(dir: string, count: number): Promise<string[]> {
  return waitFor(
    async () => {
      const files = (await readdir(dir)).filter((f) => !f.endsWith('.crdownload'));
      return files.length >= count ? files : null;
    },
    { timeout: 20_000, message: `${count} downloads in ${dir}` },
  );
}

async function runMode(mode: DemoMode): Promise<{ result: Stage4Result; verdicts: Verdict[]; panelVerdicts: unknown }> {
  const dir = join(OUT, mode);
  await mkdir(dir, { recursive: true });
  const demo = await startDemo({ retryMs: ACCEPTANCE_RETRY_MS });
  const launched = await launchBrowser();
  let page: Page | undefined;
  try {
    page = await launched.browser.newPage();
    await page.setViewport({ width: 1280, height: 800 });
    await page.goto(`${demo.appUrl}/settings?mode=${mode}`, { waitUntil: 'domcontentloaded' });
    const { devtools, frame: panel } = await openPanel(page, launched.extensionId!);
    await undockDevTools(devtools, { width: 1400, height: 860 });
    await panel.click('[data-testid="preserve-log"]');
    // The panel's exports are downloads: send them to the evidence folder.
    const cdp = await launched.browser.target().createCDPSession();
    await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: dir, eventsEnabled: true });

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
    // The scenario drove the page's tab; an undocked DevTools window in the background does not
    // paint its composited layers (virtualised rows, charts), so bring it forward first.
    await devtools.bringToFront();

    await showTab(panel, 'connections');
    await shoot(panel, join(dir, '1-summary-table.png'));
    const rows = await panel.$$('[data-testid="connection-row"]');
    await rows[rows.length - 1]?.click();
    await shoot(panel, join(dir, '2-detail.png'));
    await showTab(panel, 'callSites');
    await shoot(panel, join(dir, '3-call-sites.png'));
    await showTab(panel, 'timeline');
    await shoot(panel, join(dir, '4-timeline.png'));
    await showTab(panel, 'acceptance');
    await panel.waitForSelector('[data-testid="acceptance-summary"]');
    await shoot(panel, join(dir, '5-acceptance.png'));
    const panelVerdicts = await panel.$$eval('[data-testid^="verdict-"]', (els) =>
      els.map((el) => ({ id: el.getAttribute('data-testid')?.slice('verdict-'.length), status: el.getAttribute('data-status'), text: el.textContent })),
    );

    for (const id of ['export-json', 'export-md', 'export-har']) await panel.click(`[data-testid="${id}"]`);
    const files = await waitForDownloads(dir, 8);
    log(`  exports: ${files.filter((f) => !f.endsWith('.png')).join(', ')}`);
    await writeFile(join(dir, 'samples.json'), `${JSON.stringify({ result, verdicts }, null, 2)}\n`);
    await cdp.detach();
    return { result, verdicts, panelVerdicts };
  } finally {
    await page?.close().catch(() => undefined);
    await launched.close();
    await demo.close();
  }
}

// Only this script's own output is replaced: evidence/panel/ comes from the panel e2e run.
for (const mode of ['legacy', 'fixed']) await rm(join(OUT, mode), { recursive: true, force: true });
const byMode: Record<string, Verdict[]> = {};
const panelByMode: Record<string, unknown> = {};
const results: Record<string, Stage4Result> = {};
for (const mode of ['legacy', 'fixed'] as const) {
  log(`\n▶ ${mode} mode`);
  const { result, verdicts, panelVerdicts } = await runMode(mode);
  byMode[mode] = verdicts;
  panelByMode[mode] = panelVerdicts;
  results[mode] = result;
}

const stat = (r: Stage4Result) => {
  const live = r.samples.map((s) => s.serverLive);
  return `${r.samples.length} samples, max ${Math.max(...live)} live streams, ${r.totalStreams} streams opened in all`;
};
const summary = `# Ticket 29 acceptance evidence

Generated by \`npm run evidence\` on ${new Date().toISOString()} — the ticket's stage 4 (load and reload
\`/dashboard\`, ${cycles} navigation cycle(s) through every page, a real HMR edit, create/change/delete
orders, token rotation, a server drop and a 500) on the demo app in real Chromium with the SSE
DevTools panel open. Witnesses sampled all along: the SSE server, the page hook, the app's
\`__zarizSSEDebug()\` and the panel.

- legacy: ${stat(results.legacy!)}
- fixed: ${stat(results.fixed!)}

${verdictTable(byMode)}

Screenshots per mode: \`1-summary-table.png\`, \`2-detail.png\`, \`3-call-sites.png\`,
\`4-timeline.png\`, \`5-acceptance.png\`; the panel's own exports (JSON report, Markdown, HAR-like
session) and \`samples.json\` sit beside them.

## The panel's acceptance view (its own verdicts)

${Object.entries(panelByMode)
  .map(([mode, list]) => `**${mode}**: ${(list as Array<{ id: string; status: string }>).map((v) => `${v.id} ${v.status === 'pass' ? '✓' : v.status === 'fail' ? '✗' : '—'}`).join(', ')}`)
  .join('\n\n')}
`;
await writeFile(join(OUT, 'SUMMARY.md'), summary);
log(`\nwrote evidence/SUMMARY.md\n\n${verdictTable(byMode)}`);
if (toDocs) {
  const docs = join(ROOT, 'docs/evidence');
  await rm(docs, { recursive: true, force: true });
  await cp(OUT, docs, { recursive: true });
  log(`copied to docs/evidence/${existsSync(join(OUT, 'panel')) ? ' (with the panel e2e screenshots)' : ''}`);
}
const fixedOk = byMode.fixed!.every((v) => v.pass === true);
const legacyFlagged = byMode.legacy!.some((v) => v.pass === false);
if (!fixedOk || !legacyFlagged) {
  console.error(`\nUnexpected verdicts: fixed all ✓ = ${fixedOk}, legacy has a ✗ = ${legacyFlagged}`);
  process.exit(1);
}

/**
 * The SSE panel's part 2 in real Chromium: the acceptance view judges ticket 29's criteria live
 * (✗ while the page holds two connections, ✓ over a later window with one), an exported evidence
 * report re-imports with the same verdicts, the Russian locale renders with `--lang=ru`, and
 * screenshots of the panel are saved in both DevTools themes (evidence/panel/*.png).
 */
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Frame, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchHarness, waitFor, type Harness } from './harness';
import { findChromium } from './harness/find-chromium.mjs';

const SHOTS = resolve(import.meta.dirname, '../../evidence/panel');

/** A page with one client-made connection, a debug global, and a stray creator on demand. */
const PAGE = `<!doctype html><html><head><script>
  window.connects = 0;
  window.__zarizSSEDebug = () => ({ connects: window.connects, subscribers: 1, hasES: true, readyState: window.es ? window.es.readyState : null, timers: 0, lastErrorAt: null });
  window.connect = () => { window.connects++; window.es = new EventSource('/v1/events/sse?token=tok-acc'); window.es.onmessage = () => {}; };
  window.openStray = () => { window.stray = new EventSource('/v1/events/sse?token=tok-stray'); };
  window.closeStray = () => { window.stray.close(); };
  window.connect();
</script></head><body>acceptance</body></html>`;

const statusOf = (frame: Frame, id: string): Promise<string | null> =>
  frame
    .$eval(`[data-testid="verdict-${id}"]`, (el) => el.getAttribute('data-status'))
    .catch(() => null);

async function waitStatus(
  frame: Frame,
  id: string,
  status: string,
  timeout = 20_000,
): Promise<void> {
  await waitFor(async () => (await statusOf(frame, id)) === status, {
    timeout,
    message: `verdict ${id} = ${status}`,
  });
}

async function click(frame: Frame, testId: string): Promise<void> {
  await frame.$eval(`[data-testid="${testId}"]`, (el) => (el as HTMLElement).click());
}

async function selectWindow(frame: Frame, value: string): Promise<void> {
  await frame.$eval(
    '[data-testid="window-select"]',
    (el, v) => {
      const select = el as HTMLSelectElement;
      select.value = v;
      select.dispatchEvent(new Event('change', { bubbles: true }));
    },
    value,
  );
}

/**
 * Element screenshot of the panel's body, through the DevTools window's own CDP session. Captures
 * of the DevTools window sometimes never answer in headless Chromium (seen: one in five, any view);
 * a new request after a timeout does, so each attempt is bounded and retried.
 */
async function shot(frame: Frame, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  const body = await frame.$('body');
  const box = await body?.boundingBox();
  if (!box) throw new Error('panel body has no box');
  const devtoolsPage = frame.page();
  for (let attempt = 1; ; attempt++) {
    const cdp = await devtoolsPage.createCDPSession();
    try {
      const result = await Promise.race([
        cdp.send('Page.captureScreenshot', {
          format: 'png',
          clip: { x: box.x, y: box.y, width: box.width, height: box.height, scale: 1 },
          captureBeyondViewport: false,
        }),
        new Promise<null>((r) => setTimeout(() => r(null), 8_000)),
      ]);
      const png = result ? Buffer.from(result.data, 'base64') : null;
      // A capture taken before the surface is ready comes back blank (a few KB of white): retry.
      if (png && png.length > 8_000) {
        writeFileSync(join(SHOTS, `${name}.png`), png);
        return;
      }
      if (attempt >= 6) throw new Error(`screenshot ${name} never answered`);
    } finally {
      await cdp.detach().catch((error: unknown) => console.debug('detach after capture', error));
    }
  }
}

/**
 * Undocked DevTools gives the panel a whole window, so screenshots are wide enough to read
 * (docked at the side it is ~550 px; docked at the bottom, captures came back blank here).
 */
async function dockSide(devtools: Page, side: 'undocked' | 'right'): Promise<void> {
  await devtools.evaluate(`(async () => {
    const UI = await import('devtools://devtools/bundled/ui/legacy/legacy.js');
    UI.DockController.DockController.instance().setDockSide(${JSON.stringify(side)});
  })()`);
}

async function verdictStatuses(frame: Frame): Promise<Record<string, string>> {
  return frame.$$eval('[data-testid^="verdict-"]', (els) =>
    Object.fromEntries(
      els.map((el) => [
        el.getAttribute('data-testid')!.slice(8),
        el.getAttribute('data-status') ?? '',
      ]),
    ),
  );
}

describe('panel acceptance view (English, light and dark)', () => {
  let h: Harness;
  let page: Page;
  let frame: Frame;
  let devtools: Page;
  const downloads = join(tmpdir(), `sse-e2e-downloads-${process.pid}`);

  beforeAll(async () => {
    rmSync(downloads, { recursive: true, force: true });
    mkdirSync(downloads, { recursive: true });
    h = await launchHarness({ pages: { '/accept.html': PAGE } });
    const cdp = await h.browser.target().createCDPSession();
    await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads });
    page = await h.newPage('/accept.html');
    await page.waitForFunction(
      () => (window as unknown as { es: EventSource }).es.readyState === 1,
    );
    ({ frame, devtools } = await h.openPanel(page));
    await dockSide(devtools, 'undocked');
  });
  afterAll(async () => {
    await h?.close();
  });

  test('one connection: every criterion with data passes over the whole session', async () => {
    await waitFor(() => frame.$('[data-testid="connection-row"]'), {
      message: 'the connection row',
    });
    await shot(frame, 'light-summary-table');
    await click(frame, 'tab-acceptance');
    await waitStatus(frame, 'oneLive', 'pass');
    await waitStatus(frame, 'connectsCounted', 'pass');
    await waitStatus(frame, 'noOverlap', 'pass');
    // Nothing to judge yet: never a pass on empty data.
    expect(await statusOf(frame, 'reasonedConnects')).toBe('noData');
  });

  test('a page holding two live connections fails, naming both; the id buttons select their row', async () => {
    await page.evaluate(() => (window as unknown as { openStray(): void }).openStray());
    await waitStatus(frame, 'oneLive', 'fail');
    await waitStatus(frame, 'noOverlap', 'fail');
    await waitStatus(frame, 'reasonedConnects', 'fail');
    await waitStatus(frame, 'connectsCounted', 'fail', 15_000); // the next debug poll sees connects unchanged
    const offenders = await frame.$$eval(
      '[data-testid="verdict-oneLive"] [data-testid="offender"]',
      (els) => els.map((el) => el.getAttribute('data-key')),
    );
    expect(offenders).toHaveLength(2);
    await shot(frame, 'light-acceptance-fail');

    await frame.$eval('[data-testid="verdict-reasonedConnects"] [data-testid="offender"]', (el) =>
      (el as HTMLElement).click(),
    );
    await waitFor(
      () => frame.$('[data-testid="connection-row"][aria-selected="true"], .row-selected'),
      {
        message: 'the offending connection selected in the table',
      },
    );
    await shot(frame, 'light-detail');
  });

  test('after the duplicate closes, a window with one live connection passes', async () => {
    await page.evaluate(() => (window as unknown as { closeStray(): void }).closeStray());
    await click(frame, 'tab-acceptance');
    await selectWindow(frame, 'last:10000');
    await waitStatus(frame, 'oneLive', 'pass', 30_000);
    await waitStatus(frame, 'noOverlap', 'pass');
    await shot(frame, 'light-acceptance-pass');
    await selectWindow(frame, 'session');
    await waitStatus(frame, 'oneLive', 'fail');
  });

  test('an exported report re-imports, read-only, with the same verdicts', async () => {
    const before = await verdictStatuses(frame);
    await click(frame, 'export-json');
    const file = await waitFor(
      () => readdirSync(downloads).find((f) => f.endsWith('.json') && !f.endsWith('.crdownload')),
      {
        message: 'the exported report in the downloads folder',
      },
    );
    const report = JSON.parse(readFileSync(join(downloads, file), 'utf8')) as {
      schema: string;
      version: number;
      verdicts: Array<{ id: string; status: string }>;
      connections: Array<{ url: string }>;
    };
    expect(report.schema).toBe('sse-devtools/evidence');
    expect(report.version).toBe(1);
    expect(Object.fromEntries(report.verdicts.map((v) => [v.id, v.status]))).toEqual(before);
    expect(JSON.stringify(report)).not.toContain('tok-acc');

    const input = await frame.$('[data-testid="import-file"]');
    await (input as unknown as { uploadFile(path: string): Promise<void> }).uploadFile(
      join(downloads, file),
    );
    await waitFor(() => frame.$('[data-testid="imported-banner"]'), {
      message: 'the imported-report banner',
    });
    expect(
      await frame.$eval('[data-testid="import-consistency"]', (el) =>
        el.getAttribute('data-consistent'),
      ),
    ).toBe('true');
    expect(await verdictStatuses(frame)).toEqual(before);
    await shot(frame, 'light-acceptance-imported');
    await click(frame, 'close-imported');
    await waitFor(async () => (await frame.$('[data-testid="imported-banner"]')) === null, {
      message: 'banner closed',
    });
  });

  test('a bad file is refused with a clear message', async () => {
    const bad = join(downloads, 'bad.json');
    writeFileSync(bad, JSON.stringify({ schema: 'sse-devtools/evidence', version: 7 }));
    const input = await frame.$('[data-testid="import-file"]');
    await (input as unknown as { uploadFile(path: string): Promise<void> }).uploadFile(bad);
    const text = await waitFor(
      () => frame.$eval('[data-testid="import-error"]', (el) => el.textContent).catch(() => null),
      {
        message: 'the import error',
      },
    );
    expect(text).toContain('bad.json');
    expect(text).toContain('unsupported version 7');
  });

  test('the timeline draws the session', async () => {
    await click(frame, 'tab-timeline');
    await waitFor(() => frame.$('[data-testid="timeline-chart"] canvas'), {
      message: 'the uPlot canvas',
    });
    await shot(frame, 'light-timeline');
  });

  test('dragging across the timeline makes that span the window the criteria judge', async () => {
    await click(frame, 'tab-timeline');
    const over = await waitFor(() => frame.$('[data-testid="timeline-chart"] .u-over'), {
      message: 'the plot area',
    });
    const box = (await over.boundingBox())!;
    const mouse = frame.page().mouse;
    const y = box.y + box.height / 2;
    await mouse.move(box.x + box.width * 0.25, y);
    await mouse.down();
    await mouse.move(box.x + box.width * 0.5, y, { steps: 5 });
    await mouse.move(box.x + box.width * 0.75, y, { steps: 5 });
    await mouse.up();
    const windowChoice = await waitFor(
      async () => {
        const value = await frame.$eval(
          '[data-testid="window-select"]',
          (el) => (el as HTMLSelectElement).value,
        );
        return value === 'range' ? value : null;
      },
      { message: 'the dragged span as the window' },
    );
    expect(windowChoice).toBe('range');
    // The selection is about half the plotted span, not the whole session.
    const picked = await frame.$eval(
      '[data-testid="window-select"] option[value="range"]',
      (el) => el.textContent ?? '',
    );
    expect(picked).toMatch(/\d/);
    await selectWindow(frame, 'session');
    await waitFor(
      async () => (await frame.$('[data-testid="window-select"] option[value="range"]')) === null,
      {
        message: 'back to the whole session',
      },
    );
  });

  test('the panel follows the DevTools dark theme, charts included', async () => {
    // The DevTools appearance setting, as the user changes it; DevTools gives extension panels the
    // theme when it creates them (chrome.devtools.panels.themeName), so reopen DevTools.
    await devtools.evaluate(`(async () => {
      const Common = await import('devtools://devtools/bundled/core/common/common.js');
      Common.Settings.Settings.instance().moduleSetting('ui-theme').set('dark');
    })()`);
    // Reopen docked (a DevTools window that opens undocked starts at zero size here), then undock.
    await dockSide(devtools, 'right');
    await devtools.close();
    ({ frame, devtools } = await h.openPanel(page));
    await dockSide(devtools, 'undocked');
    expect(await frame.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    // The panel reopens on the tab last used for this origin (the Timeline, from the tests above).
    await click(frame, 'tab-connections');
    await waitFor(() => frame.$('[data-testid="connection-row"]'), {
      timeout: 30_000,
      message: 'rows after reload',
    });
    await shot(frame, 'dark-summary-table');
    // Rows select on mousedown (like DevTools' own tables). Press again until the pane shows:
    // right after DevTools reopens, the replay can re-render the table under the first press.
    await waitFor(
      async () => {
        await frame.$eval('[data-testid="connection-row"]', (el) =>
          el.dispatchEvent(new MouseEvent('mousedown', { bubbles: true })),
        );
        return frame
          .waitForSelector('[data-testid="detail-pane"]', { timeout: 2000 })
          .catch(() => null);
      },
      { timeout: 30_000, message: 'the detail pane' },
    );
    await shot(frame, 'dark-detail');
    await click(frame, 'tab-acceptance');
    await waitFor(() => frame.$('[data-testid="verdict-oneLive"]'), { message: 'acceptance view' });
    await shot(frame, 'dark-acceptance');
    await click(frame, 'tab-timeline');
    await waitFor(() => frame.$('[data-testid="timeline-chart"] canvas'), {
      message: 'the uPlot canvas',
    });
    const bg = await frame.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(bg).not.toBe('rgb(255, 255, 255)');
    await shot(frame, 'dark-timeline');
  });
});

describe('panel in Russian (--lang=ru)', () => {
  let h: Harness;
  const language = process.env.LANGUAGE;
  beforeAll(async () => {
    // Verified here (Chromium 156, Debian): `--lang=ru` alone leaves the UI (and chrome.i18n) in
    // en-US on Linux; Chromium takes the language from LANGUAGE, and only if its ru.pak is
    // installed (Debian: chromium-l10n). So pass both, and say clearly when the pack is missing.
    // Debian's /usr/bin/chromium is a launcher script; the binary and its packs are in /usr/lib.
    const locales = [
      join(dirname(realpathSync(findChromium())), 'locales'),
      '/usr/lib/chromium/locales',
    ].find(existsSync);
    if (locales && !existsSync(join(locales, 'ru.pak'))) {
      throw new Error(`Chromium has no Russian UI pack (${locales}/ru.pak): install chromium-l10n`);
    }
    process.env.LANGUAGE = 'ru';
    try {
      h = await launchHarness({ pages: { '/accept.html': PAGE }, args: ['--lang=ru'] });
    } finally {
      if (language === undefined) delete process.env.LANGUAGE;
      else process.env.LANGUAGE = language;
    }
  });
  afterAll(async () => {
    await h?.close();
  });

  test('renders the Russian strings from public/_locales/ru', async () => {
    const page = await h.newPage('/accept.html');
    await page.waitForFunction(
      () => (window as unknown as { es: EventSource }).es.readyState === 1,
    );
    const { frame, devtools } = await h.openPanel(page);
    // Undocked like the English views: docked at the bottom, captures come back blank.
    await dockSide(devtools, 'undocked');
    expect(await frame.evaluate(() => document.documentElement.lang)).toMatch(/^ru/);
    await waitFor(() => frame.$('[data-testid="connection-row"]'), {
      message: 'the connection row',
    });
    // The Age cell's unit comes from the locale too.
    const row = await frame.$eval('[data-testid="connection-row"]', (el) => el.textContent ?? '');
    expect(row).toMatch(/\d (мс|с|мин)/);
    expect(row).not.toMatch(/\d (ms|s|min)\b/);
    expect(await frame.$eval('[data-testid="tab-acceptance"]', (el) => el.textContent)).toBe(
      'Приёмка',
    );
    await click(frame, 'tab-acceptance');
    await waitStatus(frame, 'oneLive', 'pass');
    const heading = await frame.$eval('[data-testid="acceptance-view"] h2', (el) => el.textContent);
    expect(heading).toBe('Критерии приёмки');
    expect(await frame.$eval('[data-testid="verdict-oneLive"]', (el) => el.textContent)).toContain(
      'выполнено',
    );
    await shot(frame, 'ru-acceptance');
    expect(existsSync(join(SHOTS, 'ru-acceptance.png'))).toBe(true);
  });
});

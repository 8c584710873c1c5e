/**
 * Screenshots of the SSE panel that are evidence only once the view shows what it must.
 *
 * Each view has a readiness probe run in the panel frame (rows rendered, chart painted, detail
 * filled, debug snapshot current); the shot is taken after it holds, and then the PNG itself is
 * checked: the part of the picture where the view's content sits must not be one flat colour.
 * A shot that fails either check throws {@link BlankShotError} — the run fails, loudly.
 *
 * Why earlier shots came out blank although the DOM was complete: puppeteer's element screenshot
 * defaults to `captureBeyondViewport: true`, which has Chromium re-render the DevTools window into
 * an enlarged surface; the panel is an out-of-process extension iframe, and its scrolled content
 * (the virtualised table body, the detail pane) was missing from that surface — headers only, or
 * all white. The panel is sized to the window, so nothing lies beyond the viewport: capture the
 * composited frame as it is (`captureBeyondViewport: false`). The timeline was also shot before
 * its lazily loaded chunk and chart existed; its probe waits for a painted uPlot canvas.
 */
import { readFile } from 'node:fs/promises';
import type { Frame, Page } from 'puppeteer-core';
import { decodePng, inkShare, type Rect } from './png';

/** Below this share of drawn pixels in the content region a picture counts as blank. */
export const MIN_INK = 0.01;

export class BlankShotError extends Error {}

export interface Readiness {
  readonly ok: boolean;
  /** What is missing, for the failure message. */
  readonly why: string;
  /** Where the view's content sits (panel CSS pixels, i.e. screenshot pixels). */
  readonly region: Rect | null;
}

export type View =
  | { readonly kind: 'table' }
  | { readonly kind: 'detail'; readonly key: string }
  | { readonly kind: 'callSites' }
  | { readonly kind: 'timeline' }
  | { readonly kind: 'acceptance' }
  | { readonly kind: 'element'; readonly selector: string };

export interface ShotResult {
  readonly file: string;
  readonly view: View['kind'];
  /** Share of drawn pixels in the content region, and in the whole picture. */
  readonly inkRegion: number;
  readonly inkWhole: number;
  readonly region: Rect;
}

/** Runs in the panel frame: is `view` rendered? Self-contained (serialised by puppeteer). */
function probe(view: View): Readiness {
  const rectOf = (el: Element | null | undefined): Rect | null => {
    if (!el) return null;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 ? { x: r.left, y: r.top, width: r.width, height: r.height } : null;
  };
  const no = (why: string): Readiness => ({ ok: false, why, region: null });
  const table = (): Readiness & { rows: number } => {
    const body = document.querySelector('[data-testid="table-body"]');
    const header = body?.querySelector('.row-header');
    if (!body || !header) return { ...no('the connection table is not on screen'), rows: 0 };
    const b = body.getBoundingClientRect();
    const top = header.getBoundingClientRect().bottom;
    const matching = Number(body.closest('[role="grid"]')?.getAttribute('aria-rowcount') ?? 1) - 1;
    const rows = [...document.querySelectorAll('[data-testid="connection-row"]')]
      .map((r) => r.getBoundingClientRect())
      .filter((r) => r.height > 0 && r.bottom > top && r.top < b.bottom);
    const rowHeight = rows[0]?.height ?? 21;
    const fit = Math.max(1, Math.floor((b.bottom - top) / rowHeight));
    const want = Math.min(matching, fit);
    if (matching === 0) return { ...no('no connection matches the filter'), rows: 0 };
    if (rows.length < want)
      return { ...no(`${rows.length} of ${want} rows rendered (${matching} match, ${fit} fit)`), rows: rows.length };
    const bottom = Math.min(b.bottom, Math.max(...rows.map((r) => r.bottom)));
    return { ok: true, why: '', region: { x: b.left, y: top, width: b.width, height: bottom - top }, rows: rows.length };
  };
  switch (view.kind) {
    case 'table':
      return table();
    case 'detail': {
      const rows = table();
      if (!rows.ok) return rows;
      const pane = document.querySelector('[data-testid="detail-pane"]');
      if (!pane) return no('the detail pane is not open');
      if (pane.getAttribute('data-key') !== view.key)
        return no(`the detail pane shows ${pane.getAttribute('data-key')}, not ${view.key}`);
      const selected = document.querySelector(`[data-testid="connection-row"][data-key="${CSS.escape(view.key)}"]`);
      if (!selected || selected.getAttribute('aria-selected') !== 'true')
        return no(`the selected row ${view.key} is not rendered`);
      const text = (pane as HTMLElement).innerText.trim();
      if (text.length < 80) return no('the detail pane is still empty');
      return { ok: true, why: '', region: rectOf(pane) };
    }
    case 'callSites': {
      const sites = document.querySelectorAll('[data-testid="call-site-row"]');
      if (sites.length === 0) return no('no call-site rows');
      return { ok: true, why: '', region: rectOf(document.querySelector('[data-testid="call-sites"] table')) };
    }
    case 'timeline': {
      const canvas = document.querySelector<HTMLCanvasElement>('[data-testid="timeline-chart"] canvas');
      if (!canvas) return no('the timeline chart has no canvas yet');
      if (canvas.width === 0 || canvas.height === 0) return no('the chart canvas has no size');
      const pixels = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data;
      let drawn = 0;
      if (pixels) for (let i = 3; i < pixels.length; i += 4 * 7) if (pixels[i]! > 0) drawn++;
      const share = pixels ? drawn / (pixels.length / (4 * 7)) : 0;
      if (share < 0.01) return no(`the chart canvas is unpainted (${(share * 100).toFixed(2)}% drawn)`);
      return { ok: true, why: '', region: rectOf(canvas) };
    }
    case 'acceptance': {
      const verdicts = document.querySelectorAll('[data-testid^="verdict-"]');
      if (!document.querySelector('[data-testid="acceptance-summary"]') || verdicts.length < 5)
        return no(`the acceptance view shows ${verdicts.length} verdicts`);
      return { ok: true, why: '', region: rectOf(document.querySelector('[data-testid="acceptance-view"]')) };
    }
    case 'element': {
      const region = rectOf(document.querySelector(view.selector));
      return region ? { ok: true, why: '', region } : no(`${view.selector} is not rendered`);
    }
  }
}

/**
 * Sent as source text: tsx (esbuild, keepNames) wraps named functions in a `__name()` helper that
 * does not exist in the panel's realm.
 */
function runProbe(panel: Frame, view: View): Promise<Readiness> {
  return panel.evaluate(
    `(() => { const __name = (f) => f; return (${probe.toString()})(${JSON.stringify(view)}); })()`,
  ) as Promise<Readiness>;
}

/** Resolves after the panel rendered two more frames (the state we probed is on screen). */
async function nextFrames(panel: Frame): Promise<void> {
  await panel.evaluate(
    () => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))),
  );
}

export interface ShootOptions {
  /** Extra condition, e.g. the debug snapshot being current; returns what is missing or null. */
  readonly also?: () => Promise<string | null>;
  readonly timeout?: number;
  /** Screenshot only this element (a verdict card) instead of the whole panel. */
  readonly element?: string;
}

/** Waits until `view` is rendered (and `also` holds), shoots the panel and checks the PNG. */
export async function shoot(
  devtools: Page,
  panel: Frame,
  file: string,
  view: View,
  options: ShootOptions = {},
): Promise<ShotResult> {
  const deadline = Date.now() + (options.timeout ?? 20_000);
  let state: Readiness = { ok: false, why: 'not probed', region: null };
  let extra: string | null = null;
  for (;;) {
    state = await runProbe(panel, view).catch((error: unknown) => ({
      ok: false,
      why: `probe failed: ${String(error)}`,
      region: null,
    }));
    extra = state.ok && options.also ? await options.also() : null;
    if (state.ok && extra === null) break;
    if (Date.now() > deadline)
      throw new BlankShotError(`${file}: the ${view.kind} view never settled: ${extra ?? state.why}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  // An undocked DevTools window behind the page's tab may skip frames; bring it forward.
  await devtools.bringToFront();
  await nextFrames(panel);
  // Probe once more after those frames: the region may have moved (e.g. a row scrolled in).
  const settled = await runProbe(panel, view);
  if (!settled.ok || !settled.region) throw new BlankShotError(`${file}: ${settled.why}`);
  const target = await panel.$(options.element ?? 'body');
  if (!target) throw new BlankShotError(`${file}: ${options.element ?? 'body'} is missing`);
  const origin = options.element
    ? await target.evaluate((el) => {
        const r = el.getBoundingClientRect();
        return { x: r.left, y: r.top };
      })
    : { x: 0, y: 0 };
  await target.screenshot({ path: file, captureBeyondViewport: false });
  const image = decodePng(await readFile(file));
  const region = {
    x: settled.region.x - origin.x,
    y: settled.region.y - origin.y,
    width: settled.region.width,
    height: settled.region.height,
  };
  const inkRegion = inkShare(image, region);
  const inkWhole = inkShare(image);
  if (inkRegion < MIN_INK) {
    throw new BlankShotError(
      `${file}: the ${view.kind} view is blank in the picture although the page rendered it ` +
        `(${(inkRegion * 100).toFixed(2)}% drawn in its region ${JSON.stringify(roundRect(region))}, ` +
        `minimum ${MIN_INK * 100}%)`,
    );
  }
  return { file, view: view.kind, inkRegion, inkWhole, region: roundRect(region) };
}

function roundRect(r: Rect): Rect {
  return { x: Math.round(r.x), y: Math.round(r.y), width: Math.round(r.width), height: Math.round(r.height) };
}

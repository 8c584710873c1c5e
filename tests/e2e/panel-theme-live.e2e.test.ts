/**
 * Issue 18, "follow a live theme switch": with the SSE panel open, switching the DevTools theme
 * (the `ui-theme` setting, as the Appearance settings do) re-themes the panel without reopening it.
 * DevTools tells extension panels through `chrome.devtools.panels.setThemeChangeHandler`; the panel
 * (panel/theme/follow-theme.ts) sets `<html data-theme>`, which the CSS variables key on.
 */
import type { Frame, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchHarness, waitFor, type Harness } from './harness';

const PAGE = `<!doctype html><html><head><script>
  window.es = new EventSource('/v1/events/sse?token=tok-theme'); window.es.onmessage = () => {};
</script></head><body>theme</body></html>`;

async function setDevtoolsTheme(devtools: Page, theme: 'dark' | 'default'): Promise<void> {
  await devtools.evaluate(`(async () => {
    const Common = await import('devtools://devtools/bundled/core/common/common.js');
    Common.Settings.Settings.instance().moduleSetting('ui-theme').set(${JSON.stringify(theme)});
  })()`);
}

/** WCAG contrast ratio of two computed `rgb(...)` colours. */
function contrast(a: string, b: string): number {
  const lum = (css: string) => {
    const [r, g, bl] = (css.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map((v) => {
      const c = Number(v) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

/** Colour and background of the selected row while the table has keyboard focus. */
async function focusedSelection(frame: Frame): Promise<{ color: string; bg: string }> {
  await frame.$eval('[data-testid="table-body"]', (el) => (el as HTMLElement).focus());
  await frame.$eval('[data-testid="table-body"]', (el) =>
    el.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true })),
  );
  await waitFor(() => frame.$('.row-selected'), { message: 'a selected row' });
  return frame.evaluate(() => {
    const body = document.querySelector('[data-testid="table-body"]')!;
    if (!body.matches(':focus-visible')) throw new Error('table body is not :focus-visible');
    const row = document.querySelector('.row-selected')!;
    const cell = row.querySelector('.cell') ?? row;
    return {
      color: getComputedStyle(cell).color,
      bg: getComputedStyle(row).backgroundColor,
    };
  });
}

const themeOf = (frame: Frame): Promise<string | undefined> =>
  frame.evaluate(() => document.documentElement.dataset.theme);
const background = (frame: Frame): Promise<string> =>
  frame.evaluate(() => getComputedStyle(document.body).backgroundColor);

describe('the panel follows a live DevTools theme switch', () => {
  let h: Harness;
  let frame: Frame;
  let devtools: Page;

  beforeAll(async () => {
    h = await launchHarness({ pages: { '/theme.html': PAGE } });
    const page = await h.newPage('/theme.html');
    ({ frame, devtools } = await h.openPanel(page));
    await setDevtoolsTheme(devtools, 'default');
    await waitFor(async () => (await themeOf(frame)) === 'default', {
      message: 'the panel starts light',
    });
  });

  afterAll(async () => {
    await h?.close();
  });

  test('dark and back to light, in the same panel document', async () => {
    // A marker on the panel's window: it survives only if the panel is not reloaded or reopened.
    await frame.evaluate(() => {
      (window as unknown as { themeMarker: number }).themeMarker = 1;
    });
    const lightBg = await background(frame);
    expect(lightBg).toBe('rgb(255, 255, 255)');

    await setDevtoolsTheme(devtools, 'dark');
    await waitFor(async () => (await themeOf(frame)) === 'dark', {
      timeout: 10_000,
      message: 'data-theme="dark" after the live switch',
    });
    const darkBg = await background(frame);
    expect(darkBg).not.toBe(lightBg);

    await setDevtoolsTheme(devtools, 'default');
    await waitFor(async () => (await themeOf(frame)) === 'default', {
      timeout: 10_000,
      message: 'data-theme="default" after switching back',
    });
    expect(await background(frame)).toBe(lightBg);
    expect(
      await frame.evaluate(() => (window as unknown as { themeMarker?: number }).themeMarker),
    ).toBe(1);
  });

  test('the selected row stays readable while the table has keyboard focus, light and dark', async () => {
    await waitFor(() => frame.$('[data-testid="connection-row"]'), {
      timeout: 30_000,
      message: 'a connection row',
    });
    for (const theme of ['default', 'dark'] as const) {
      await setDevtoolsTheme(devtools, theme);
      await waitFor(async () => (await themeOf(frame)) === theme, { message: `theme ${theme}` });
      const { color, bg } = await focusedSelection(frame);
      expect(contrast(color, bg), `${theme}: ${color} on ${bg}`).toBeGreaterThanOrEqual(4.5);
    }
  });
});

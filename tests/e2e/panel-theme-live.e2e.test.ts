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
});

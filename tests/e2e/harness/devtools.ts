/**
 * Opens the real DevTools window for a page and shows the extension's "SSE" panel.
 * The tab usually sits in the ">>" overflow of docked DevTools, so we ask the DevTools front end
 * to show it instead of clicking (shared/notes/browser-testing.md).
 */
import type { Frame, Page } from 'puppeteer-core';
import { panelTestGlobalEnabled, waitForPanelTestGlobal } from './test-global';
import { waitFor } from './wait';

export const PANEL_TITLE = 'SSE';

export interface OpenedPanel {
  /** The DevTools front end, as a page (handleDevToolsAsPage). */
  readonly devtools: Page;
  /** The panel's iframe: evaluate, query and screenshot it. */
  readonly frame: Frame;
}

/**
 * Resolves the DevTools InspectorView. The front end builds its settings and InspectorView
 * asynchronously after the window opens; asking for the instance earlier throws, so wait.
 * Code strings, not functions: Vitest rewrites `import()` inside functions passed to evaluate.
 */
const INSPECTOR_VIEW = `
    const UI = await import('devtools://devtools/bundled/ui/legacy/legacy.js');
    const IV = UI.InspectorView.InspectorView;
    let view = null;
    for (let i = 0; i < 300 && !view; i++) {
      view = IV.maybeGetInspectorViewInstance ? IV.maybeGetInspectorViewInstance() : null;
      if (!view) await new Promise((r) => setTimeout(r, 100));
    }
    if (!view) throw new Error('DevTools InspectorView never appeared');`;

export function showPanelScript(panelId: string): string {
  return `(async () => {${INSPECTOR_VIEW}
    for (let i = 0; i < 300 && !view.hasPanel(${JSON.stringify(panelId)}); i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    if (!view.hasPanel(${JSON.stringify(panelId)})) throw new Error('panel not registered');
    await view.showPanel(${JSON.stringify(panelId)});
    return true;
  })()`;
}

/** Shows a built-in panel ("sources", "network", ...). */
export function showBuiltinPanelScript(panelId: string): string {
  return `(async () => {${INSPECTOR_VIEW}
    await view.showPanel(${JSON.stringify(panelId)});
    return true;
  })()`;
}

/** Id of the panel DevTools currently shows. */
export const CURRENT_PANEL_SCRIPT = `(async () => {${INSPECTOR_VIEW}
    return view.tabbedPane.selectedTabId;
  })()`;

export async function openPanel(page: Page, extensionId: string): Promise<OpenedPanel> {
  const devtools = await page.openDevTools();
  const panelId = `chrome-extension://${extensionId}${PANEL_TITLE}`;
  await devtools.evaluate(showPanelScript(panelId));
  const prefix = `chrome-extension://${extensionId}/panel/`;
  const frame = await waitFor(
    () => devtools.frames().find((f) => f.url().startsWith(prefix)) ?? null,
    { timeout: 30_000, message: 'the SSE panel frame did not appear' },
  );
  await frame.waitForSelector('#root > *', { timeout: 30_000 });
  if (await panelTestGlobalEnabled(frame)) await waitForPanelTestGlobal(frame);
  return { devtools, frame };
}

/**
 * Moves DevTools into its own window of the given size. Docked DevTools share the page's window
 * and leave the panel narrow; screenshots meant for people use a full-size undocked window.
 */
export async function undockDevTools(
  devtools: Page,
  size = { width: 1400, height: 850 },
): Promise<void> {
  await devtools.evaluate(`(async () => {
    const UI = await import('devtools://devtools/bundled/ui/legacy/legacy.js');
    UI.DockController.DockController.instance().setDockSide('undocked');
  })()`);
  const cdp = await devtools.createCDPSession();
  try {
    const { windowId } = await cdp.send('Browser.getWindowForTarget');
    await cdp.send('Browser.setWindowBounds', {
      windowId,
      bounds: { ...size, windowState: 'normal' },
    });
  } finally {
    await cdp.detach();
  }
  await devtools.waitForFunction(
    (w: number) => Math.abs(window.innerWidth - w) < 40,
    { timeout: 10_000 },
    size.width,
  );
}

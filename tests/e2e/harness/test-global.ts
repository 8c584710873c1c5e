/**
 * The panel exposes its store as `window.__SSE_PANEL_STORE__` only when `chrome.storage.local`
 * holds the opt-in flag as the panel starts (panel/test-global.ts), so tests, benchmarks and the
 * evidence and soak runs drive the build users get. This is the one place that sets the flag:
 * `launchBrowser` calls it for every launch with the extension (opt out with `testGlobal: false`),
 * and `openPanel` waits for the global whenever the flag is set.
 */
import type { Frame, Target } from 'puppeteer-core';
import { EXPOSE_TEST_GLOBAL_KEY } from '../../../panel/test-global-flag';
import { waitFor } from './wait';

const KEY = JSON.stringify(EXPOSE_TEST_GLOBAL_KEY);

/**
 * Writes the flag through the extension's service worker (before any panel opens), over a CDP
 * session that is detached afterwards: a debugger session left attached to the worker keeps it
 * from stopping and restarting the way it does for users, which the service-worker tests rely on.
 */
export async function enablePanelTestGlobal(worker: Target): Promise<void> {
  const session = await worker.createCDPSession();
  const evaluate = async (expression: string): Promise<unknown> => {
    const { result, exceptionDetails } = await session.send('Runtime.evaluate', {
      expression,
      awaitPromise: true,
      returnByValue: true,
    });
    if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? 'failed');
    return result.value;
  };
  try {
    // A worker target found right after launch can answer before the extension bindings exist in
    // its context ("chrome is not defined", seen under load): wait for them.
    await waitFor(() => evaluate(`typeof chrome === 'object' && !!chrome.storage`), {
      timeout: 10_000,
      message: 'chrome.storage in the extension service worker',
    });
    await evaluate(`chrome.storage.local.set({ [${KEY}]: true }).then(() => true)`);
  } finally {
    await session.detach();
  }
}

/** In a panel frame: true when the flag is set, i.e. the panel is about to expose its store. */
export async function panelTestGlobalEnabled(frame: Frame): Promise<boolean> {
  const enabled: unknown = await frame.evaluate(
    `chrome.storage.local.get(${KEY}).then((items) => items[${KEY}] === true)`,
  );
  return enabled === true;
}

/** Resolves once the panel frame exposes its store (it reads the flag asynchronously). */
export async function waitForPanelTestGlobal(frame: Frame, timeout = 10_000): Promise<void> {
  await frame.waitForFunction('window.__SSE_PANEL_STORE__ !== undefined', { timeout });
}

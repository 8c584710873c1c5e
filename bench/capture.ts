/**
 * Network capture's cost: the EventSource message path (N small messages, each JSON.parsed) in
 * two browsers with the same hooked build and the real SSE panel open, the switch off in A and
 * on in B (chrome.debugger attached, the Network domain of the tab enabled, every event folded
 * into the panel). A/B interleaved over rounds. No target: the cost is the user's choice; the
 * figure is reported so the README can say what it is.
 *
 * Both sides load a copy of the build whose manifest grants `debugger` (as after the user
 * accepted the prompt; tests/e2e/harness/debugger-granted.ts).
 */
import type { Frame, Page } from 'puppeteer-core';
import {
  copyDistWithDebuggerGranted,
  type GrantedCopy,
} from '../tests/e2e/harness/debugger-granted';
import { openPanel } from '../tests/e2e/harness/devtools';
import { DIST, launchBrowser, type LaunchedBrowser } from '../tests/e2e/harness/launch';
import { waitFor } from '../tests/e2e/harness/wait';
import type { Figure } from './figure';
import { median, pairedRatio } from './stats';

interface CaptureSide {
  readonly launched: LaunchedBrowser;
  readonly page: Page;
  readonly panel: Frame;
}

const TOGGLE = '[data-testid="network-capture"]';

async function openCaptureSide(dist: string, url: string, capture: boolean): Promise<CaptureSide> {
  // Puppeteer's own Network domain stays off: only DevTools and, on side B, the panel enable it.
  const launched = await launchBrowser({ dist, networkEnabled: false });
  try {
    const page = await launched.browser.newPage();
    await page.goto(url, { waitUntil: 'load' });
    const { frame } = await openPanel(page, launched.extensionId as string);
    if (capture) {
      await frame.click(TOGGLE);
      await waitFor(
        async () => (await frame.$eval(TOGGLE, (el) => el.getAttribute('data-status'))) === 'on',
        { timeout: 15_000, message: 'network capture did not turn on' },
      );
    }
    return { launched, page, panel: frame };
  } catch (error) {
    await launched.close();
    throw error;
  }
}

const statusOf = (side: CaptureSide): Promise<string | null> =>
  side.panel.$eval(TOGGLE, (el) => el.getAttribute('data-status'));

export async function benchCapture(
  url: string,
  opts: { messages: number; rounds: number; dist?: string },
): Promise<Figure[]> {
  let copy: GrantedCopy | null = null;
  let off: CaptureSide | null = null;
  let on: CaptureSide | null = null;
  try {
    copy = copyDistWithDebuggerGranted(opts.dist ?? DIST);
    off = await openCaptureSide(copy.dir, url, false);
    on = await openCaptureSide(copy.dir, url, true);
    const run = (side: CaptureSide) =>
      side.page.evaluate(
        (n: number) =>
          (window as unknown as { runStream(n: number, s: number): Promise<number> }).runStream(
            n,
            8,
          ),
        opts.messages,
      );
    await run(off); // warm-up: JIT, connection pool
    await run(on);
    const a: number[] = [];
    const b: number[] = [];
    for (let round = 0; round < opts.rounds; round++) {
      // Alternate who goes first so neither side always runs on a warmer machine.
      if (round % 2 === 0) {
        a.push(await run(off));
        b.push(await run(on));
      } else {
        b.push(await run(on));
        a.push(await run(off));
      }
    }
    // A figure of a capture that fell off (Chrome detached it) would measure nothing.
    if ((await statusOf(on)) !== 'on') throw new Error('network capture was not on to the end');
    if ((await statusOf(off)) !== 'off') throw new Error('side A captured');
    const { ratio, spread } = pairedRatio(a, b);
    const rate = (ms: number[]) => Math.round(opts.messages / (median(ms) / 1000));
    return [
      {
        id: 'capture-message-path',
        label: `Message path (${opts.messages.toLocaleString('en')} msgs), SSE panel open: network capture on / off time`,
        value: ratio,
        unit: '×',
        spread,
        target: 'reported (user opt-in)',
        holds: Number.isFinite(ratio),
        detail: `off ${rate(a).toLocaleString('en')} msgs/s, on ${rate(b).toLocaleString('en')} msgs/s, ${opts.rounds} rounds`,
      },
    ];
  } finally {
    await off?.launched.close();
    await on?.launched.close();
    copy?.remove();
  }
}

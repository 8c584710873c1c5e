/**
 * Figure 3: a reconnect storm — 1 000 EventSources in 10 s against a failing endpoint —
 * main-thread busy time (CDP Performance.getMetrics TaskDuration), hooked vs native.
 *
 * Stability: the browser's own work (loading, network) dominates, and TaskDuration is wall time
 * inside tasks, so on a shared 2-core machine it moves with whatever else runs (the same native
 * storm measured 0.66–2.1 s busy within one minute). Sequential rounds paired two loads taken
 * ≈ 10 s apart (a 5-round median moved 1.03 ↔ 1.29 between runs), so every round storms in
 * three browsers at once — two without the extension, one with it — and each sees the same
 * background load; a storm keeps a core ≈ 10% busy, so they barely compete.
 *
 * Side by side is only fair if no browser has a better seat. Two seats were not equal: with a
 * fixed 10 ms period the storms locked phase, and the browser started second kept landing on
 * the first one's network work (A/A native beside native measured 1.25× TaskDuration, 1.06×
 * ThreadTime, with the hooked browser always second). So the page jitters its gaps
 * (bench/page.ts), the start order rotates every round, and all three warm up together first.
 * Each round's ratio is hooked over the geometric mean of the two natives; the A/A ratio (second
 * native over first, same rounds) is printed beside it, and is the check that the seats are
 * equal. The detail also gives ThreadTime (main-thread CPU time, insensitive to preemption).
 * DevTools closed, as for the construction figure (no inspector Runtime session on the page).
 */
import type { Page } from 'puppeteer-core';
import { openSide, type Side } from './browsers';
import { atMost, type Figure } from './figure';
import { median, pairedRatio } from './stats';

interface Busy {
  /** TaskDuration, s. */
  readonly task: number;
  /** ThreadTime (main-thread CPU), s. */
  readonly thread: number;
}

async function busy(page: Page, run: () => Promise<unknown>): Promise<Busy> {
  const cdp = await page.createCDPSession();
  await cdp.send('Performance.enable');
  const read = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    const get = (name: string) => metrics.find((m) => m.name === name)?.value ?? 0;
    return { task: get('TaskDuration'), thread: get('ThreadTime') };
  };
  const before = await read();
  await run();
  const after = await read();
  await cdp.detach();
  return { task: after.task - before.task, thread: after.thread - before.thread };
}

export async function benchStorm(
  url: string,
  opts: { connections: number; ms: number; rounds: number },
): Promise<Figure[]> {
  const [native, native2, hooked] = await Promise.all([
    openSide('native', url, false, { inspector: false }),
    openSide('native', url, false, { inspector: false }),
    openSide('hooked', url, false, { inspector: false }),
  ]);
  const storm = (side: Side, n: number, ms: number) =>
    busy(side.page, () =>
      side.page.evaluate(
        (n: number, ms: number) =>
          (window as unknown as { runStorm(n: number, ms: number): Promise<number> }).runStorm(
            n,
            ms,
          ),
        n,
        ms,
      ),
    );
  const sides = [native, native2, hooked];
  /** All three at once, the first to start rotating by round; results in `sides` order. */
  const together = async (round: number, n: number, ms: number): Promise<Busy[]> => {
    const order = sides.map((_, i) => sides[(i + round) % sides.length]!);
    const results = await Promise.all(order.map((side) => storm(side, n, ms)));
    return sides.map((side) => results[order.indexOf(side)]!);
  };
  try {
    // Warm-up: JIT, the memory cache and the first-connection paths of all three.
    await together(0, Math.round(opts.connections / 5), opts.ms / 5);
    const rounds: Busy[][] = [];
    for (let round = 0; round < opts.rounds; round++)
      rounds.push(await together(round, opts.connections, opts.ms));
    const pick = (i: number, key: keyof Busy) => rounds.map((r) => r[i]![key]);
    const baseline = (key: keyof Busy) => rounds.map((r) => Math.sqrt(r[0]![key] * r[1]![key]));
    const task = pairedRatio(baseline('task'), pick(2, 'task'));
    const thread = pairedRatio(baseline('thread'), pick(2, 'thread'));
    const aaTask = pairedRatio(pick(0, 'task'), pick(1, 'task'));
    const aaThread = pairedRatio(pick(0, 'thread'), pick(1, 'thread'));
    const ms = (s: number) => `${Math.round(s * 1000)} ms`;
    return [
      {
        id: 'storm',
        label: `Storm (${opts.connections} EventSources in ${opts.ms / 1000} s, failing endpoint): main-thread busy (TaskDuration), hooked / native`,
        value: task.ratio,
        unit: '×',
        spread: task.spread,
        ...atMost(task.ratio, 1.1),
        detail:
          `native ${ms(median(baseline('task')))}, hooked ${ms(median(pick(2, 'task')))} busy per round (medians; native: geometric mean of two browsers); ` +
          `${task.ratios.length} rounds, three browsers at once: ${task.ratios.map((r) => r.toFixed(2)).join(', ')}; ` +
          `ThreadTime ${thread.ratio.toFixed(2)} × (${ms(median(baseline('thread')))} → ${ms(median(pick(2, 'thread')))}); ` +
          `A/A native beside native, same rounds: ${aaTask.ratio.toFixed(2)} × TaskDuration (rounds ${aaTask.ratios.map((r) => r.toFixed(2)).join(', ')}), ${aaThread.ratio.toFixed(2)} × ThreadTime`,
      },
    ];
  } finally {
    await native.launched.close();
    await native2.launched.close();
    await hooked.launched.close();
  }
}

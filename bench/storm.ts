/**
 * Figure 3: a reconnect storm — 1 000 EventSources in 10 s against a failing endpoint —
 * main-thread busy time (CDP Performance.getMetrics TaskDuration), hooked vs native.
 *
 * The browser's own work (loading, network, scheduling) dominates TaskDuration and varies a lot
 * from round to round on a shared 2-core machine (a 5-round median moved 1.03 ↔ 1.29 between two
 * runs), so the figure is the median of per-round ratios over 9 rounds (run.ts), sequential and
 * alternating; every per-round ratio is printed in the detail. DevTools closed, as for the
 * construction figure (no inspector Runtime session on the page, bench/browsers.ts).
 */
import type { Page } from 'puppeteer-core';
import { openSide } from './browsers';
import { atMost, type Figure } from './figure';
import { median, pairedRatio } from './stats';

async function taskSeconds(page: Page, run: () => Promise<unknown>): Promise<number> {
  const cdp = await page.createCDPSession();
  await cdp.send('Performance.enable');
  const read = async () =>
    (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0;
  const before = await read();
  await run();
  const after = await read();
  await cdp.detach();
  return after - before;
}

export async function benchStorm(url: string, opts: { connections: number; ms: number; rounds: number }): Promise<Figure[]> {
  const native = await openSide('native', url, false, { inspector: false });
  const hooked = await openSide('hooked', url, false, { inspector: false });
  try {
    const run = (side: typeof native) =>
      taskSeconds(side.page, () =>
        side.page.evaluate(
          (n: number, ms: number) => (window as unknown as { runStorm(n: number, ms: number): Promise<number> }).runStorm(n, ms),
          opts.connections,
          opts.ms,
        ),
      );
    const a: number[] = [];
    const b: number[] = [];
    for (let round = 0; round < opts.rounds; round++) {
      // Sequential and alternating: on 2 cores, two storming browsers at once would each
      // inflate the other's task durations.
      if (round % 2 === 0) {
        a.push(await run(native));
        b.push(await run(hooked));
      } else {
        b.push(await run(hooked));
        a.push(await run(native));
      }
    }
    const { ratio, spread, ratios } = pairedRatio(a, b);
    return [
      {
        id: 'storm',
        label: `Storm (${opts.connections} EventSources in ${opts.ms / 1000} s, failing endpoint): main-thread busy, hooked / native`,
        value: ratio,
        unit: '×',
        spread,
        ...atMost(ratio, 1.15),
        detail:
          `native ${(median(a) * 1000).toFixed(0)} ms, hooked ${(median(b) * 1000).toFixed(0)} ms busy per round (medians); ` +
          `${ratios.length} rounds: ${ratios.map((r) => r.toFixed(2)).join(', ')}`,
      },
    ];
  } finally {
    await native.launched.close();
    await hooked.launched.close();
  }
}

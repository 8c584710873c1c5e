/**
 * Figure 1: time to receive N small messages (each JSON.parsed), hooked vs native, A/B
 * interleaved over rounds, with DevTools closed and with DevTools open on the SSE panel.
 */
import { openSide } from './browsers';
import { atMost, type Figure } from './figure';
import { bestOfRounds } from './rounds';
import { pairedRatio, median } from './stats';

/** Runs per side in each round; the round keeps each side's best (rounds.ts). */
const RUNS_PER_ROUND = 3;

export async function benchMessagePath(
  url: string,
  opts: { messages: number; rounds: number },
): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const devtools of [false, true]) {
    // With DevTools open both sides run ≈ 13x slower (the Network panel logs every message):
    // an eighth of the messages keeps each run ≈ 2 s instead of 16 s.
    const messages = devtools ? Math.round(opts.messages / 8) : opts.messages;
    const native = await openSide('native', url, devtools);
    const hooked = await openSide('hooked', url, devtools);
    try {
      const run = (side: typeof native) =>
        side.page.evaluate(
          (n: number) =>
            (window as unknown as { runStream(n: number, s: number): Promise<number> }).runStream(
              n,
              8,
            ),
          messages,
        );
      await run(native); // warm-up: JIT, connection pool
      await run(hooked);
      // Best of RUNS_PER_ROUND runs a side (rounds.ts): one run per side let a preemption or GC
      // of that moment decide the round (0.98× and 1.08× in two runs of the same build).
      const { a, b } = await bestOfRounds(
        native,
        hooked,
        { rounds: opts.rounds, perRound: RUNS_PER_ROUND },
        run,
      );
      const { ratio, spread } = pairedRatio(a, b);
      // One target whether DevTools is open or not: a page pays at most 5 % per message either way.
      const limit = 1.05;
      figures.push({
        id: devtools ? 'message-path-devtools-open' : 'message-path',
        label: `Message path (${messages.toLocaleString('en')} msgs), DevTools ${devtools ? 'open on SSE' : 'closed'}: hooked / native time`,
        value: ratio,
        unit: '×',
        spread,
        ...atMost(ratio, limit),
        detail: `native ${Math.round(messages / (median(a) / 1000)).toLocaleString('en')} msgs/s, hooked ${Math.round(messages / (median(b) / 1000)).toLocaleString('en')} msgs/s; ${opts.rounds} rounds, best of ${RUNS_PER_ROUND} runs a side each`,
      });
    } finally {
      await native.launched.close();
      await hooked.launched.close();
    }
  }
  return figures;
}

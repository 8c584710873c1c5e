/**
 * Figure 1: time to receive N small messages (each JSON.parsed), hooked vs native, A/B
 * interleaved over rounds, with DevTools closed and with DevTools open on the SSE panel. Each round
 * launches its two browsers afresh, in alternating order.
 */
import { openSide, type Side } from './browsers';
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
    const run = (side: Side) =>
      side.page.evaluate(
        (n: number) =>
          (window as unknown as { runStream(n: number, s: number): Promise<number> }).runStream(
            n,
            8,
          ),
        messages,
      );
    // Fresh browsers every round, launched in alternating order. Two browsers kept for the whole
    // figure had unequal seats: the same build on both sides (A/A) read 1.02 x in two runs, the
    // second-launched browser always slower, which a fixed pair cannot average out.
    const a: number[] = [];
    const b: number[] = [];
    for (let round = 0; round < opts.rounds; round++) {
      const [first, second] =
        round % 2 === 0 ? (['native', 'hooked'] as const) : (['hooked', 'native'] as const);
      const one = await openSide(first, url, devtools);
      const two = await openSide(second, url, devtools).catch(async (error: unknown) => {
        await one.launched.close();
        throw error;
      });
      const native = one.name === 'native' ? one : two;
      const hooked = one.name === 'native' ? two : one;
      try {
        await run(native); // warm-up: JIT, connection pool
        await run(hooked);
        // Best of RUNS_PER_ROUND runs a side (rounds.ts): one run per side let a preemption or GC
        // of that moment decide the round (0.98× and 1.08× in two runs of the same build).
        const best = await bestOfRounds(
          native,
          hooked,
          { rounds: 1, perRound: RUNS_PER_ROUND, firstRound: round },
          run,
        );
        a.push(...best.a);
        b.push(...best.b);
      } finally {
        await native.launched.close();
        await hooked.launched.close();
      }
    }
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
      detail: `native ${Math.round(messages / (median(a) / 1000)).toLocaleString('en')} msgs/s, hooked ${Math.round(messages / (median(b) / 1000)).toLocaleString('en')} msgs/s; ${opts.rounds} rounds, best of ${RUNS_PER_ROUND} runs a side each, fresh browsers each round`,
    });
  }
  return figures;
}

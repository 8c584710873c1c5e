/**
 * Figure 1: time to receive N small messages (each JSON.parsed), hooked vs native, A/B
 * interleaved over rounds, with DevTools closed and with DevTools open on the SSE panel. Each round
 * launches its two browsers afresh, in alternating order.
 */
import { openSide, type Side } from './browsers';
import { atMost, type Figure } from './figure';
import { freshPairRounds } from './rounds';
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
    // Fresh browsers every round (rounds.ts `freshPairRounds` says why), one warm-up run a side.
    const [{ a, b }] = (await freshPairRounds(
      (name) => openSide(name, url, devtools),
      { rounds: opts.rounds, perRound: RUNS_PER_ROUND, warmUp: 1 },
      [run],
    )) as [{ a: number[]; b: number[] }];
    const { ratio, spread, ratios } = pairedRatio(a, b);
    // DevTools open is reported, not held to the 5 % target: there the DevTools front end logs
    // every message in a renderer that competes for this machine's two cores, and the same build
    // on both sides (A/A) read 1.23 × (±119 %); the rounds of one A/B ranged 0.44–3.73 ×.
    figures.push({
      id: devtools ? 'message-path-devtools-open' : 'message-path',
      label: `Message path (${messages.toLocaleString('en')} msgs), DevTools ${devtools ? 'open on SSE' : 'closed'}: hooked / native time`,
      value: ratio,
      unit: '×',
      spread,
      ...(devtools ? { target: 'reported (A/A noise)', holds: true } : atMost(ratio, 1.05)),
      detail: `native ${Math.round(messages / (median(a) / 1000)).toLocaleString('en')} msgs/s, hooked ${Math.round(messages / (median(b) / 1000)).toLocaleString('en')} msgs/s; ${opts.rounds} rounds, best of ${RUNS_PER_ROUND} runs a side each, fresh browsers each round: ${ratios.map((r) => r.toFixed(2)).join(', ')}`,
    });
  }
  return figures;
}

/**
 * Figure 1: time to receive N small messages (each JSON.parsed), hooked vs native, A/B
 * interleaved over rounds, with DevTools closed and with DevTools open on the SSE panel.
 */
import { openSide } from './browsers';
import { atMost, type Figure } from './figure';
import { pairedRatio, median } from './stats';

export async function benchMessagePath(
  url: string,
  opts: { messages: number; rounds: number },
): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const devtools of [false, true]) {
    // With DevTools open both sides run ≈ 13x slower (the Network panel logs every message):
    // a quarter of the messages keeps each run ≈ 4 s instead of 16 s, at the same resolution.
    const messages = devtools ? Math.round(opts.messages / 4) : opts.messages;
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
      const a: number[] = [];
      const b: number[] = [];
      for (let round = 0; round < opts.rounds; round++) {
        // Alternate who goes first so neither side always runs on a warmer machine.
        if (round % 2 === 0) {
          a.push(await run(native));
          b.push(await run(hooked));
        } else {
          b.push(await run(hooked));
          a.push(await run(native));
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
        detail: `native ${Math.round(messages / (median(a) / 1000)).toLocaleString('en')} msgs/s, hooked ${Math.round(messages / (median(b) / 1000)).toLocaleString('en')} msgs/s`,
      });
    } finally {
      await native.launched.close();
      await hooked.launched.close();
    }
  }
  return figures;
}

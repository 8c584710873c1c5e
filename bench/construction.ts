/** Figure 2: cost of `new EventSource(url)` + `close()`, stack capture included, hooked vs native. */
import { openSide, type Side } from './browsers';
import { atMost, type Figure } from './figure';
import { median, pairedRatio } from './stats';

/** Connections per round when every stack must be captured: 2 captures each, inside the burst of 1 000. */
const FULL_CAPTURE_COUNT = 450;
/** The hook's stack budget refills at 500/s: 900 captures need ≈ 1.8 s. */
const REFILL_MS = 2000;

async function everyStackCaptured(
  native: Side,
  hooked: Side,
  runNative: () => Promise<number>,
  runHooked: () => Promise<number>,
  stacks: () => Promise<[number, number]>,
  rounds: number,
): Promise<Figure> {
  const a: number[] = [];
  const b: number[] = [];
  await new Promise((r) => setTimeout(r, REFILL_MS));
  const [unsampled0] = await stacks();
  for (let round = 0; round < rounds; round++) {
    // A fixed pause on purpose: the budget is a rate, and this figure is about the captured path.
    await new Promise((r) => setTimeout(r, REFILL_MS));
    if (round % 2 === 0) {
      a.push(await runNative());
      b.push(await runHooked());
    } else {
      b.push(await runHooked());
      a.push(await runNative());
    }
  }
  const [unsampled1] = await stacks();
  const { ratio, spread } = pairedRatio(a, b);
  return {
    id: 'construction-all-stacks',
    label: `Construction (${FULL_CAPTURE_COUNT} × new EventSource + close, every stack captured): hooked / native`,
    value: ratio,
    unit: '×',
    spread,
    ...atMost(ratio, 3),
    detail: `native ${median(a).toFixed(2)} µs, hooked ${median(b).toFixed(2)} µs per connection; unsampled stacks ${unsampled1 - unsampled0}`,
  };
}

export async function benchConstruction(url: string, opts: { count: number; rounds: number }): Promise<Figure[]> {
  const native = await openSide('native', url, false);
  const hooked = await openSide('hooked', url, false);
  try {
    const run = (side: typeof native) =>
      side.page.evaluate((n: number) => (window as unknown as { runConstruct(n: number): number }).runConstruct(n), opts.count);
    for (let i = 0; i < 3; i++) {
      await run(native); // steady state: let the JIT settle on both sides
      await run(hooked);
    }
    const run450 = (side: typeof native) => () =>
      side.page.evaluate((n: number) => (window as unknown as { runConstruct(n: number): number }).runConstruct(n), FULL_CAPTURE_COUNT);
    const stacks = () =>
      hooked.page.evaluate(`(() => { const s = window.__SSE_DEVTOOLS_HOOK__.stats(); return [s.unsampledStacks, s.connections]; })()`) as Promise<[number, number]>;
    const [unsampled0] = await stacks();
    const a: number[] = [];
    const b: number[] = [];
    for (let round = 0; round < opts.rounds; round++) {
      if (round % 2 === 0) {
        a.push(await run(native));
        b.push(await run(hooked));
      } else {
        b.push(await run(hooked));
        a.push(await run(native));
      }
    }
    const [unsampled1] = await stacks();
    // Each connection takes two stack captures (construction and close()).
    const calls = 2 * opts.count * opts.rounds;
    const captured = calls - (unsampled1 - unsampled0);
    const { ratio, spread } = pairedRatio(a, b);
    return [
      {
        id: 'construction',
        label: `Construction (${opts.count} × new EventSource + close): hooked / native`,
        value: ratio,
        unit: '×',
        spread,
        ...atMost(ratio, 3),
        detail: `native ${median(a).toFixed(2)} µs, hooked ${median(b).toFixed(2)} µs per connection; stacks captured ${captured.toLocaleString('en')} of ${calls.toLocaleString('en')} (back-to-back loop is past the 500/s budget)`,
      },
      await everyStackCaptured(native, hooked, run450(native), run450(hooked), stacks, opts.rounds),
    ];
  } finally {
    await native.launched.close();
    await hooked.launched.close();
  }
}

/** Figure 2: cost of `new EventSource(url)` + `close()`, stack capture included, hooked vs native. */
import { openSide } from './browsers';
import { atMost, type Figure } from './figure';
import { median, pairedRatio } from './stats';

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
    const { ratio, spread } = pairedRatio(a, b);
    return [
      {
        id: 'construction',
        label: `Construction (${opts.count} × new EventSource + close): hooked / native`,
        value: ratio,
        unit: '×',
        spread,
        ...atMost(ratio, 3),
        detail: `native ${median(a).toFixed(2)} µs, hooked ${median(b).toFixed(2)} µs per connection`,
      },
    ];
  } finally {
    await native.launched.close();
    await hooked.launched.close();
  }
}

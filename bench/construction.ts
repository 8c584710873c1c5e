/**
 * Figure 2: cost of `new EventSource(url)` + `close()`, hooked vs native, with EVERY construction
 * and close() stack captured (the hook's promise: name the code behind each connection).
 *
 * The hook's stack budget (install.ts STACK_BUDGET: a burst of 1 000 captures, refilled at
 * 500/s, then one in 32) would sample most stacks away in a back-to-back loop of 2 000, and a
 * figure measured that way says nothing about the captured path. So each round runs its 2 000
 * connections in chunks of CHUNK (2 captures per connection), paced so the budget never runs
 * dry, and the figure only holds if the hook reports 0 unsampled stacks over the measured rounds.
 * Each chunk is timed in the page from the first construction to the end of the task's
 * microtask checkpoint (work the hook defers there is included); formatting stacks and URLs
 * happens at the hook's next flush, off the page's call, and is covered by the storm figure.
 *
 * Condition: DevTools closed, i.e. no inspector session with Runtime enabled on the page (see
 * bench/browsers.ts `inspector`). With one attached (DevTools open), V8 records every Error for
 * the inspector as well; that ratio is measured in the same run and shown in the detail.
 */
import { openSide, setInspector, type Side } from './browsers';
import { atMost, type Figure } from './figure';
import { median, pairedRatio } from './stats';

/** Connections per chunk: 500 captures, half the burst. */
const CHUNK = 250;
/** Pause after each chunk pair: the budget refills 500 captures/s, a chunk uses 500. */
const PAUSE_MS = 1050;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const runChunk = (side: Side, n: number) =>
  side.page.evaluate(
    (count: number) =>
      (window as unknown as { runConstruct(n: number): Promise<number> }).runConstruct(count),
    n,
  );

const unsampled = (side: Side) =>
  side.page.evaluate(`window.__SSE_DEVTOOLS_HOOK__.stats().unsampledStacks`) as Promise<number>;

/** `rounds` rounds of `count` connections per side; µs per connection, paired by round. */
async function measure(native: Side, hooked: Side, count: number, rounds: number) {
  const a: number[] = [];
  const b: number[] = [];
  for (let round = 0; round < rounds; round++) {
    let ta = 0;
    let tb = 0;
    for (let done = 0, chunk = 0; done < count; done += CHUNK, chunk++) {
      const n = Math.min(CHUNK, count - done);
      // Alternate which side goes first, chunk by chunk.
      if ((round + chunk) % 2 === 0) {
        ta += await runChunk(native, n);
        tb += await runChunk(hooked, n);
      } else {
        tb += await runChunk(hooked, n);
        ta += await runChunk(native, n);
      }
      await sleep(PAUSE_MS);
    }
    a.push(ta / count);
    b.push(tb / count);
  }
  return { a, b };
}

export async function benchConstruction(
  url: string,
  opts: { count: number; rounds: number; inspectorRounds: number },
): Promise<Figure[]> {
  const native = await openSide('native', url, false, { inspector: false });
  const hooked = await openSide('hooked', url, false, { inspector: false });
  try {
    // Steady state: let the JIT settle on both sides, then let the stack budget refill.
    for (let i = 0; i < 4; i++) {
      await runChunk(native, CHUNK);
      await runChunk(hooked, CHUNK);
    }
    await sleep(2500);
    const before = await unsampled(hooked);
    const { a, b } = await measure(native, hooked, opts.count, opts.rounds);
    const missed = (await unsampled(hooked)) - before;
    const captures = 2 * opts.count * opts.rounds;
    const { ratio, spread } = pairedRatio(a, b);

    // Same loop with an inspector attached to both pages (DevTools open).
    await setInspector(native.page, true);
    await setInspector(hooked.page, true);
    await sleep(2500);
    const open = await measure(native, hooked, opts.count, opts.inspectorRounds);
    const openRatio = pairedRatio(open.a, open.b).ratio;

    const target = atMost(ratio, 2.5);
    return [
      {
        id: 'construction',
        label: `Construction (${opts.count.toLocaleString('en')} × new EventSource + close, every stack captured, DevTools closed): hooked / native`,
        value: ratio,
        unit: '×',
        spread,
        target: target.target,
        // A ratio measured with sampled-away stacks is not this figure.
        holds: target.holds && missed === 0,
        detail:
          `native ${median(a).toFixed(2)} µs, hooked ${median(b).toFixed(2)} µs per connection; ` +
          `stacks captured ${(captures - missed).toLocaleString('en')} of ${captures.toLocaleString('en')}; ` +
          `inspector attached (DevTools open): ${openRatio.toFixed(2)} × (${median(open.a).toFixed(2)} → ${median(open.b).toFixed(2)} µs, ${opts.inspectorRounds} rounds)`,
      },
    ];
  } finally {
    await native.launched.close();
    await hooked.launched.close();
  }
}

/**
 * Interleaved A/B rounds in which each side keeps its best of `perRound` runs, alternating A and
 * B run by run (and who starts, round by round). A single run a side let one preemption or GC of
 * that moment decide a round (fetch-SSE rounds ranged 0.87–1.48 in one run); the best of a few is
 * the run nothing else disturbed, as bystander.ts does.
 */
export async function bestOfRounds<S>(
  a: S,
  b: S,
  /** `firstRound`: the number of the first round (who starts alternates with it). */
  opts: { rounds: number; perRound: number; firstRound?: number },
  run: (side: S) => Promise<number>,
): Promise<{ a: number[]; b: number[] }> {
  const outA: number[] = [];
  const outB: number[] = [];
  for (let round = 0; round < opts.rounds; round++) {
    let bestA = Infinity;
    let bestB = Infinity;
    for (let i = 0; i < opts.perRound; i++) {
      // Alternate who goes first so neither side always runs on a warmer machine.
      if ((round + (opts.firstRound ?? 0) + i) % 2 === 0) {
        bestA = Math.min(bestA, await run(a));
        bestB = Math.min(bestB, await run(b));
      } else {
        bestB = Math.min(bestB, await run(b));
        bestA = Math.min(bestA, await run(a));
      }
    }
    outA.push(bestA);
    outB.push(bestB);
  }
  return { a: outA, b: outB };
}

/** A side a fresh-pair round launches and closes (browsers.ts `Side`, or a stand-in in tests). */
export interface Launchable {
  readonly name: 'native' | 'hooked';
  readonly launched: { close(): Promise<unknown> };
}

/**
 * `rounds` rounds, each with two browsers launched afresh, in alternating order (native first in
 * even rounds). Two browsers kept for a whole figure had unequal seats: the same build on both
 * sides (A/A) read 1.02 × in two runs, the second-launched browser always slower, which a fixed
 * pair cannot average out. In each round each side is warmed up `warmUp` times per measurement,
 * then every measurement of `measures` runs in turn as `bestOfRounds` (one round, `perRound` runs
 * a side). Returns per measurement the native (`a`) and hooked (`b`) best of every round.
 */
export async function freshPairRounds<S extends Launchable>(
  open: (name: 'native' | 'hooked') => Promise<S>,
  opts: { rounds: number; perRound: number; warmUp: number },
  measures: readonly ((side: S) => Promise<number>)[],
): Promise<{ a: number[]; b: number[] }[]> {
  const out = measures.map(() => ({ a: [] as number[], b: [] as number[] }));
  for (let round = 0; round < opts.rounds; round++) {
    const [first, second] =
      round % 2 === 0 ? (['native', 'hooked'] as const) : (['hooked', 'native'] as const);
    const one = await open(first);
    const two = await open(second).catch(async (error: unknown) => {
      await one.launched.close();
      throw error;
    });
    const native = one.name === 'native' ? one : two;
    const hooked = one.name === 'native' ? two : one;
    try {
      for (let m = 0; m < measures.length; m++) {
        const run = measures[m] as (side: S) => Promise<number>;
        // Warm-up (JIT, GC heap growth, the connection pool), in the round's launch order.
        for (let i = 0; i < opts.warmUp; i++) {
          await run(one);
          await run(two);
        }
        const best = await bestOfRounds(
          native,
          hooked,
          { rounds: 1, perRound: opts.perRound, firstRound: round },
          run,
        );
        (out[m] as { a: number[] }).a.push(...best.a);
        (out[m] as { b: number[] }).b.push(...best.b);
      }
    } finally {
      await native.launched.close();
      await hooked.launched.close();
    }
  }
  return out;
}

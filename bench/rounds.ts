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

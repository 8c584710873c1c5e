/**
 * Sequence accounting: each hook session numbers its records 1, 2, 3…; the panel keeps a cursor
 * (the last seq it holds) per session. This is the one definition of the three counts:
 * - duplicate: a record at or below the cursor (a replay after a reconnect repeats them);
 * - dropped: a seq the hook declared evicted (a `dropped` record) that the panel never held;
 * - lost: a seq skipped with no `dropped` record to explain it.
 */
import type { HookRecord } from '../../src/protocol';

export interface SequenceState {
  /** Last seq held. */
  cursor: number;
  /** seq ranges declared dropped and not yet passed by the cursor. */
  covered: Array<[number, number]>;
}

export interface SequenceCounts {
  duplicates: number;
  lost: number;
  dropped: number;
}

export const zeroCounts = (): SequenceCounts => ({ duplicates: 0, lost: 0, dropped: 0 });

/** How many seqs in [from, to] are not inside a declared-dropped range. */
function uncovered(from: number, to: number, covered: ReadonlyArray<[number, number]>): number {
  let missing = to - from + 1;
  for (const [a, b] of covered) {
    const lo = Math.max(a, from);
    const hi = Math.min(b, to);
    if (hi >= lo) missing -= hi - lo + 1;
  }
  return Math.max(0, missing);
}

/**
 * Accounts for one record and moves the cursor past it. Returns false for a duplicate (the
 * caller must not apply it).
 */
export function admit(state: SequenceState, r: HookRecord, counts: SequenceCounts): boolean {
  const last = state.cursor;
  if (r.seq <= last) {
    counts.duplicates += 1;
    return false;
  }
  if (r.k === 'dropped') {
    state.covered.push([r.from, r.to]);
    // Only what the panel did not hold already: the hook's ring also evicts records it
    // delivered long ago, and those are not a loss.
    counts.dropped += Math.max(0, r.to - Math.max(r.from, last + 1) + 1);
  }
  if (r.seq > last + 1) counts.lost += uncovered(last + 1, r.seq - 1, state.covered);
  state.cursor = r.seq;
  if (state.covered.length > 0) state.covered = state.covered.filter(([, to]) => to > r.seq);
  return true;
}

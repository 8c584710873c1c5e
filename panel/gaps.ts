/**
 * Gaps between a connection's kept messages: the largest one (when did the stream stall?) and a
 * histogram on decade buckets, which separate a steady 1/s stream from bursts and pauses at a
 * glance. Only kept samples are measured: when the hook or the model dropped samples, a gap may
 * span messages that were not kept (the view says "kept messages").
 */
import type { MessageSample } from '../src/protocol';

export interface GapBucket {
  /** Lower bound, ms (inclusive). */
  readonly from: number;
  /** Upper bound, ms (exclusive); Infinity for the last bucket. */
  readonly to: number;
  readonly count: number;
}

export interface GapStats {
  readonly count: number;
  /** The largest gap and the time of the message that ended it, or null with fewer than 2. */
  readonly largest: { readonly ms: number; readonly endedAt: number } | null;
  readonly buckets: readonly GapBucket[];
}

/** Decade bounds, ms: <10 ms, 10–100 ms, 0.1–1 s, 1–10 s, 10–60 s, ≥1 min. */
export const GAP_BOUNDS: readonly number[] = [0, 10, 100, 1_000, 10_000, 60_000, Infinity];

export function messageGaps(samples: readonly Pick<MessageSample, 't'>[]): GapStats {
  const counts = new Array<number>(GAP_BOUNDS.length - 1).fill(0);
  let largest: GapStats['largest'] = null;
  let count = 0;
  for (let i = 1; i < samples.length; i++) {
    const prev = samples[i - 1];
    const cur = samples[i];
    if (!prev || !cur) continue;
    // Samples arrive in order per connection; a clock step back counts as no gap, not a negative.
    const gap = Math.max(0, cur.t - prev.t);
    count += 1;
    if (largest === null || gap > largest.ms) largest = { ms: gap, endedAt: cur.t };
    const bucket = GAP_BOUNDS.findIndex(
      (bound, b) => gap >= bound && gap < (GAP_BOUNDS[b + 1] ?? Infinity),
    );
    counts[bucket] = (counts[bucket] ?? 0) + 1;
  }
  return {
    count,
    largest,
    buckets: counts.map((n, b) => ({
      from: GAP_BOUNDS[b] ?? 0,
      to: GAP_BOUNDS[b + 1] ?? Infinity,
      count: n,
    })),
  };
}

/** Small statistics for interleaved A/B rounds. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  if (sorted.length === 0) return NaN;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

/** Relative spread of a sample: (max − min) / median. */
export function spread(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  return (Math.max(...values) - Math.min(...values)) / median(values);
}

/**
 * Ratio of B to A from paired, interleaved rounds: the median of per-round ratios, which cancels
 * slow drifts of the machine that would bias a ratio of medians.
 */
export function pairedRatio(
  a: readonly number[],
  b: readonly number[],
): { ratio: number; spread: number; ratios: number[] } {
  const ratios = a.map((x, i) => (b[i] ?? NaN) / x);
  return { ratio: median(ratios), spread: spread(ratios), ratios };
}

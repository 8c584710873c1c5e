/**
 * Does a series plateau? Pure, so the verdict is unit-tested and the soak only measures.
 *
 * Rule: compare the mean of the last third of the samples with the mean of the middle third (the
 * first third is warm-up: caches, JIT, the panel filling its windows). The series plateaus when
 * the growth is at most `max(absolute, relative × middle mean)`: a small slope is allowed because
 * a heap between two collections never sits still.
 */
export interface Tolerance {
  /** Allowed growth in the series' unit (bytes for heaps). */
  readonly absolute: number;
  /** Allowed growth as a fraction of the middle third's mean. */
  readonly relative: number;
}

export interface PlateauVerdict {
  readonly ok: boolean;
  readonly middle: number;
  readonly last: number;
  readonly growth: number;
  readonly allowed: number;
  /** Why there is no verdict (too few samples); `ok` is then true. */
  readonly note?: string;
}

const mean = (xs: readonly number[]): number =>
  xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

export function plateauVerdict(series: readonly number[], tolerance: Tolerance): PlateauVerdict {
  if (series.length < 6) {
    return { ok: true, middle: 0, last: 0, growth: 0, allowed: 0, note: 'fewer than 6 samples' };
  }
  const third = Math.floor(series.length / 3);
  const middle = mean(series.slice(third, 2 * third));
  const last = mean(series.slice(series.length - third));
  const growth = last - middle;
  const allowed = Math.max(tolerance.absolute, tolerance.relative * middle);
  return { ok: growth <= allowed, middle, last, growth, allowed };
}

/** Right-aligned columns, a header and a rule: a compact table for the terminal. */
export function formatTable(
  header: readonly string[],
  rows: ReadonlyArray<readonly string[]>,
): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells.map((c, i) => c.padStart(widths[i] ?? 0)).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export const mb = (bytes: number): string => (bytes / (1024 * 1024)).toFixed(1);

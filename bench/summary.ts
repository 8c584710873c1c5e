/**
 * Consecutive full runs (`npm run bench -- --runs=3`): one figure per id, which holds only if it
 * held in every run. Its value is the run furthest on the wrong side of the target (the largest
 * for "≤", the smallest for "≥"), its spread the widest per-round spread of any run, and its
 * detail lists each run's value, so a figure that holds on average but not in every run shows.
 */
import type { Figure } from './figure';

export interface RunsFigure extends Figure {
  /** The figure's value in each run, in order (NaN where a run lacks it). */
  readonly values: readonly number[];
}

const fmt = (v: number): string =>
  Number.isNaN(v) ? '—' : v >= 100 ? Math.round(v).toLocaleString('en') : v.toFixed(2);

export function summarize(runs: ReadonlyArray<readonly Figure[]>): RunsFigure[] {
  const ids: string[] = [];
  for (const run of runs) for (const f of run) if (!ids.includes(f.id)) ids.push(f.id);
  return ids.map((id) => {
    const each = runs.map((run) => run.find((f) => f.id === id));
    const first = each.find((f) => f !== undefined)!;
    const values = each.map((f) => (f === undefined ? NaN : f.value));
    const present = values.filter((v) => !Number.isNaN(v));
    const higherIsBetter = first.target.startsWith('≥');
    const worst =
      present.length === 0 ? NaN : higherIsBetter ? Math.min(...present) : Math.max(...present);
    const spreads = each.map((f) => f?.spread).filter((x): x is number => x !== undefined);
    const held = each.map((f) => (f === undefined ? '✗' : f.holds ? '✓' : '✗'));
    return {
      id,
      label: first.label,
      unit: first.unit,
      target: first.target,
      value: worst,
      values,
      holds: each.every((f) => f !== undefined && f.holds),
      ...(spreads.length === 0 ? {} : { spread: Math.max(...spreads) }),
      detail:
        `runs: ${values.map((v, i) => `${fmt(v)} ${held[i]}`).join(', ')}; ` +
        `last run: ${each[each.length - 1]?.detail ?? '(missing)'}`,
    };
  });
}

/** Markdown table: one column per run, the worst value, the target and whether every run held. */
export function summaryTable(figures: readonly RunsFigure[]): string {
  const n = Math.max(0, ...figures.map((f) => f.values.length));
  const head = [
    '',
    'figure',
    ...Array.from({ length: n }, (_, i) => `run ${i + 1}`),
    'target',
    'spread (widest)',
  ];
  const rows = figures.map((f) => [
    f.holds ? '✓' : '✗',
    f.label,
    ...f.values.map((v) => `${fmt(v)} ${f.unit}`),
    f.target,
    f.spread === undefined ? '' : `±${Math.round((f.spread * 100) / 2)}%`,
  ]);
  const line = (r: string[]) => `| ${r.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

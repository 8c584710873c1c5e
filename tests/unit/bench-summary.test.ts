import { describe, expect, test } from 'vitest';
import type { Figure } from '../../bench/figure';
import { summarize, summaryTable } from '../../bench/summary';

const fig = (
  id: string,
  value: number,
  holds: boolean,
  target = '≤ 1.1',
  spread?: number,
): Figure => ({
  id,
  label: `label ${id}`,
  value,
  unit: '×',
  target,
  holds,
  ...(spread === undefined ? {} : { spread }),
  detail: `detail ${id} ${value}`,
});

describe('bench summary of consecutive runs', () => {
  test('a figure holds only if it held in every run; its value is the worst run', () => {
    const [storm, rate] = summarize([
      [fig('storm', 1.05, true, '≤ 1.1', 0.1), fig('rate', 60_000, true, '≥ 50000')],
      [fig('storm', 1.12, false, '≤ 1.1', 0.3), fig('rate', 55_000, true, '≥ 50000')],
      [fig('storm', 1.07, true, '≤ 1.1', 0.2), fig('rate', 70_000, true, '≥ 50000')],
    ]);
    expect(storm).toMatchObject({
      value: 1.12,
      values: [1.05, 1.12, 1.07],
      holds: false,
      spread: 0.3,
    });
    expect(storm?.detail).toBe('runs: 1.05 ✓, 1.12 ✗, 1.07 ✓; last run: detail storm 1.07');
    expect(rate).toMatchObject({ value: 55_000, holds: true });
    expect(rate?.spread).toBeUndefined();
  });

  test('a figure missing from one run does not hold', () => {
    const [only] = summarize([[fig('a', 1, true)], []]);
    expect(only).toMatchObject({ holds: false, values: [1, NaN], value: 1 });
    expect(only?.detail).toContain('— ✗');
  });

  test('the table has one column per run', () => {
    const table = summaryTable(
      summarize([[fig('a', 1.01, true, '≤ 1.1', 0.04)], [fig('a', 1.03, true)]]),
    );
    expect(table.split('\n')).toEqual([
      '|  | figure | run 1 | run 2 | target | spread (widest) |',
      '| --- | --- | --- | --- | --- | --- |',
      '| ✓ | label a | 1.01 × | 1.03 × | ≤ 1.1 | ±2% |',
    ]);
  });
});

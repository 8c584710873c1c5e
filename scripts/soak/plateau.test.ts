import { describe, expect, test } from 'vitest';
import { parseDuration, parseSoakArgs } from './args';
import { formatTable, plateauVerdict } from './plateau';

const MB = 1024 * 1024;
const tolerance = { absolute: 2 * MB, relative: 0.1 };

describe('plateauVerdict', () => {
  test('accepts a series that grows during warm-up and then stays flat', () => {
    const series = [10, 20, 30, 40, 40, 41, 40, 41, 40].map((x) => x * MB);
    expect(plateauVerdict(series, tolerance).ok).toBe(true);
  });

  test('accepts a small slope within the tolerance', () => {
    const series = Array.from({ length: 30 }, (_, i) => 50 * MB + i * 0.05 * MB);
    expect(plateauVerdict(series, tolerance).ok).toBe(true);
  });

  test('refuses a series that keeps growing', () => {
    const series = Array.from({ length: 30 }, (_, i) => 50 * MB + i * MB);
    const verdict = plateauVerdict(series, tolerance);
    expect(verdict.ok).toBe(false);
    expect(verdict.growth).toBeCloseTo(10 * MB, -3);
  });

  test('gives no verdict on fewer than six samples', () => {
    expect(plateauVerdict([1, 2, 3], tolerance)).toMatchObject({
      ok: true,
      note: 'fewer than 6 samples',
    });
  });
});

describe('soak arguments', () => {
  test('reads durations in ms, seconds and minutes', () => {
    expect([
      parseDuration('500ms'),
      parseDuration('30s'),
      parseDuration('2m'),
      parseDuration('15'),
    ]).toEqual([500, 30_000, 120_000, 15_000]);
    expect(parseDuration('soon')).toBeNull();
  });

  test('defaults to an hour with a fault every 30 s and about 60 samples', () => {
    expect(parseSoakArgs([])).toEqual({
      minutes: 60,
      faultEveryMs: 30_000,
      sampleEveryMs: 60_000,
      headed: false,
    });
  });

  test('a quick run samples at least every 5 s', () => {
    expect(parseSoakArgs(['--minutes', '2', '--fault-every', '20s'])).toMatchObject({
      minutes: 2,
      faultEveryMs: 20_000,
      sampleEveryMs: 5000,
    });
  });

  test('refuses unknown and malformed arguments', () => {
    expect(parseSoakArgs(['--minutes', 'x'])).toHaveProperty('error');
    expect(parseSoakArgs(['--fast'])).toHaveProperty('error');
  });
});

test('formatTable right-aligns columns under a rule', () => {
  expect(
    formatTable(
      ['a', 'bb'],
      [
        ['1', '2'],
        ['10', '200'],
      ],
    ),
  ).toBe(' a   bb\n--  ---\n 1    2\n10  200');
});

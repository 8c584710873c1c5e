import { describe, expect, test } from 'vitest';
import { computeDelay } from './backoff';

const config = { initialMs: 1000, maxMs: 30_000 };

describe('computeDelay', () => {
  test.each([
    // attempt, random, expected
    [0, 0, 500],
    [0, 0.5, 750],
    [0, 0.999_999, 1000],
    [1, 0, 1000],
    [1, 0.5, 1500],
    [2, 0, 2000],
    [3, 0.5, 6000],
    [4, 0, 8000],
    [5, 0, 15_000],
    [5, 0.999_999, 30_000],
    [10, 0.5, 22_500],
    [1e6, 0.999_999, 30_000],
  ])('attempt %d with random %d waits %d ms', (attempt, random, expected) => {
    expect(computeDelay(attempt, config, () => random)).toBe(expected);
  });

  test('never exceeds maxMs for any attempt and any random value', () => {
    for (let attempt = 0; attempt < 100; attempt++) {
      for (const r of [0, 0.25, 0.5, 0.75, 0.999_999]) {
        const delay = computeDelay(attempt, config, () => r);
        expect(delay).toBeLessThanOrEqual(30_000);
        expect(delay).toBeGreaterThanOrEqual(500);
      }
    }
  });

  test.each([
    ['a negative attempt', -3, () => 0, 500],
    ['a NaN attempt', Number.NaN, () => 0, 500],
    ['a random above 1', 0, () => 7, 1000],
    ['a negative random', 0, () => -1, 500],
    ['a NaN random', 0, () => Number.NaN, 500],
  ])('clamps %s', (_label, attempt, random, expected) => {
    expect(computeDelay(attempt, config, random)).toBe(expected);
  });

  test('caps initialMs at maxMs', () => {
    expect(computeDelay(0, { initialMs: 60_000, maxMs: 30_000 }, () => 0.999_999)).toBe(30_000);
  });

  test('a zero config gives zero delay', () => {
    expect(computeDelay(3, { initialMs: 0, maxMs: 0 }, () => 0.5)).toBe(0);
  });
});

import { expect, test } from 'vitest';
import { GAP_BOUNDS, messageGaps } from './gaps';

const at = (...times: number[]) => times.map((t) => ({ t }));

test('no gaps with fewer than two messages', () => {
  expect(messageGaps(at(5)).largest).toBeNull();
  expect(messageGaps([]).count).toBe(0);
});

test('the largest gap and the message that ended it; gaps land in decade buckets', () => {
  const stats = messageGaps(at(0, 5, 55, 555, 5_555, 25_555, 125_555));
  expect(stats.count).toBe(6);
  expect(stats.largest).toEqual({ ms: 100_000, endedAt: 125_555 });
  expect(stats.buckets.map((b) => b.count)).toEqual([1, 1, 1, 1, 1, 1]);
  expect(stats.buckets).toHaveLength(GAP_BOUNDS.length - 1);
});

test('a bound belongs to the bucket above it; a clock step back is a zero gap', () => {
  const stats = messageGaps(at(0, 10, 5));
  expect(stats.buckets[0]?.count).toBe(1);
  expect(stats.buckets[1]?.count).toBe(1);
  expect(stats.largest?.ms).toBe(10);
});

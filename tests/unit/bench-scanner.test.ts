import { describe, expect, test } from 'vitest';
import { benchScanner } from '../../bench/scanner';

describe('bench: the fetch stream scanner figure', () => {
  test('measures both message sizes, both searches, and reports without a target', async () => {
    const figures = await benchScanner({ messages: 3_000, rounds: 2 });
    expect(figures.map((f) => f.id)).toEqual(['fetch-scanner-small', 'fetch-scanner-large']);
    for (const f of figures) {
      expect(f.value).toBeGreaterThan(0);
      expect(Number.isFinite(f.value)).toBe(true);
      expect(f.target).toBe('report');
      expect(f.detail).toMatch(/byte by byte [\d.]+ ns\/msg, four bytes at a time [\d.]+ ns\/msg/);
    }
  });
});

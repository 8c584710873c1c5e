import { describe, expect, test } from 'vitest';
import { estimateSize } from './estimate-size';

describe('estimateSize', () => {
  test('counts strings as two bytes per code unit', () => {
    const small = estimateSize('', 1e9)!;
    expect(estimateSize('x'.repeat(1000), 1e9)! - small).toBe(2000);
  });

  test('stops early once over budget on a huge string array', () => {
    const huge = Array.from({ length: 100_000 }, () => 'y'.repeat(100));
    const size = estimateSize(huge, 10_000)!;
    expect(size).toBeGreaterThan(10_000);
    expect(size).toBeLessThan(10_000 + 1000);
  });

  test('survives nesting far deeper than the call stack', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 200_000; i++) deep = { d: deep };
    expect(estimateSize(deep, 1e12)).toBeGreaterThan(200_000);
  });

  test('terminates on cycles and counts shared objects once', () => {
    const a: Record<string, unknown> = { s: 'x' };
    a.self = a;
    const once = estimateSize({ a }, 1e9)!;
    expect(estimateSize({ a, b: a }, 1e9)! - once).toBeLessThan(20);
  });

  test('returns null for a throwing getter', () => {
    const forged = {
      get records(): never {
        throw new Error('gotcha');
      },
    };
    expect(estimateSize(forged, 1e9)).toBeNull();
  });
});

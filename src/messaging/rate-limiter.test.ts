import { describe, expect, test } from 'vitest';
import { LIMITS } from '../protocol';
import { createRateLimiter } from './rate-limiter';

function clock(start = 1_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

describe('createRateLimiter', () => {
  test('lets one second worth of messages through at once, then refuses', () => {
    const c = clock();
    const limiter = createRateLimiter({ perSecond: 5, now: c.now });
    const results = Array.from({ length: 7 }, () => limiter.tryTake());
    expect(results).toEqual([true, true, true, true, true, false, false]);
  });

  test('refills continuously at the configured rate', () => {
    const c = clock();
    const limiter = createRateLimiter({ perSecond: 10, now: c.now });
    for (let i = 0; i < 10; i++) limiter.tryTake();
    expect(limiter.tryTake()).toBe(false);
    c.advance(100);
    expect(limiter.tryTake()).toBe(true);
    expect(limiter.tryTake()).toBe(false);
  });

  test('never holds more than the burst after a long pause', () => {
    const c = clock();
    const limiter = createRateLimiter({ perSecond: 10, burst: 3, now: c.now });
    c.advance(60_000);
    const passed = Array.from({ length: 10 }, () => limiter.tryTake()).filter(Boolean).length;
    expect(passed).toBe(3);
  });

  test('a clock going backwards neither mints nor burns tokens', () => {
    const c = clock();
    const limiter = createRateLimiter({ perSecond: 2, now: c.now });
    limiter.tryTake();
    c.advance(-10_000);
    expect(limiter.tryTake()).toBe(true);
    expect(limiter.tryTake()).toBe(false);
  });

  test('10 000 messages in one second pass only the burst plus the refill', () => {
    const c = clock();
    const limiter = createRateLimiter({ perSecond: LIMITS.maxBatchesPerSecond, now: c.now });
    let passed = 0;
    for (let i = 0; i < 10_000; i++) {
      if (limiter.tryTake()) passed++;
      if (i % 100 === 99) c.advance(10); // 10 000 messages spread over one simulated second
    }
    // The initial burst (200) plus what refilled over the 990 ms that passed (2 per 10 ms × 99).
    expect(passed).toBe(LIMITS.maxBatchesPerSecond + 99 * 2);
  });
});

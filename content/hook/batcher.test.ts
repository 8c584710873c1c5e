import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { createBatcher, type Scheduler } from './batcher';

/** A fake scheduler: timers fire only when the test advances time. */
function createFakeScheduler() {
  let now = 0;
  let nextId = 1;
  const timers = new Map<number, { at: number; fn: () => void }>();
  const scheduler: Scheduler = {
    set(fn, ms) {
      const id = nextId++;
      timers.set(id, { at: now + ms, fn });
      return id;
    },
    clear(handle) {
      timers.delete(handle as number);
    },
  };
  return {
    scheduler,
    pending: () => timers.size,
    advance(ms: number) {
      now += ms;
      for (const [id, timer] of [...timers].sort((a, b) => a[1].at - b[1].at)) {
        if (timer.at <= now && timers.delete(id)) timer.fn();
      }
    },
  };
}

let clock: ReturnType<typeof createFakeScheduler>;
let flush: ReturnType<typeof vi.fn<() => void>>;
beforeEach(() => {
  clock = createFakeScheduler();
  flush = vi.fn<() => void>();
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('batcher', () => {
  test('flushes once, delayMs after the first pending item', () => {
    const b = createBatcher({ scheduler: clock.scheduler, delayMs: 50, maxPending: 100, flush });
    b.add(1);
    clock.advance(20);
    b.add(1);
    clock.advance(29);
    expect(flush).not.toHaveBeenCalled();
    clock.advance(1);
    expect(flush).toHaveBeenCalledTimes(1);
    expect(b.pending).toBe(0);
  });

  test('reaching maxPending flushes on the next task, not synchronously', () => {
    const b = createBatcher({ scheduler: clock.scheduler, delayMs: 50, maxPending: 3, flush });
    b.add(1);
    b.add(2);
    expect(flush).not.toHaveBeenCalled();
    expect(clock.pending()).toBe(1);
    clock.advance(0);
    expect(flush).toHaveBeenCalledTimes(1);
    clock.advance(100);
    expect(flush).toHaveBeenCalledTimes(1);
  });

  test('add(0) only makes sure a flush is scheduled', () => {
    const b = createBatcher({ scheduler: clock.scheduler, delayMs: 50, maxPending: 1, flush });
    b.add(0);
    b.add(0);
    expect(clock.pending()).toBe(1);
    clock.advance(50);
    expect(flush).toHaveBeenCalledTimes(1);
  });

  test('flushNow cancels the scheduled flush', () => {
    const b = createBatcher({ scheduler: clock.scheduler, delayMs: 50, maxPending: 100, flush });
    b.add(1);
    b.flushNow();
    expect(flush).toHaveBeenCalledTimes(1);
    clock.advance(100);
    expect(flush).toHaveBeenCalledTimes(1);
  });

  test('setDelay applies to the next scheduled flush', () => {
    const b = createBatcher({ scheduler: clock.scheduler, delayMs: 250, maxPending: 100, flush });
    b.setDelay(50);
    b.add(1);
    clock.advance(50);
    expect(flush).toHaveBeenCalledTimes(1);
  });

  test('cancel drops the scheduled flush', () => {
    const b = createBatcher({ scheduler: clock.scheduler, delayMs: 50, maxPending: 100, flush });
    b.add(5);
    b.cancel();
    clock.advance(100);
    expect(flush).not.toHaveBeenCalled();
    expect(b.scheduled).toBe(false);
  });

  test('size-cap flushes are spaced by minIntervalMs, so a fast producer posts bigger batches', () => {
    let now = 0;
    const b = createBatcher({
      scheduler: clock.scheduler,
      delayMs: 50,
      maxPending: 10,
      flush,
      minIntervalMs: 10,
      now: () => now,
    });
    b.add(10);
    clock.advance(0);
    expect(flush).toHaveBeenCalledTimes(1);
    now = 2;
    b.add(10);
    clock.advance(0);
    expect(flush).toHaveBeenCalledTimes(1);
    now = 10;
    clock.advance(8);
    expect(flush).toHaveBeenCalledTimes(2);
  });
});

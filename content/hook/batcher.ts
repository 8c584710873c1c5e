/**
 * Decides WHEN the hook flushes: after `delayMs` from the first pending item, or on the next task
 * once `maxPending` items are waiting, whichever comes first.
 *
 * Why a timer and not a microtask or requestAnimationFrame: every SSE message is dispatched as
 * its own task, so a microtask batch would hold one message (posting per message cost 4–8x native
 * throughput), and rAF does not run in hidden tabs. The scheduler is injected: the hook passes the
 * native `setTimeout` captured at install, tests pass a fake.
 */

export interface Scheduler {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export interface Batcher {
  /** `count` more items are pending (0 just makes sure a flush is scheduled). */
  add(count: number): void;
  /** Flushes now (cancelling the timer). */
  flushNow(): void;
  /** Changes the delay for the next scheduled flush. */
  setDelay(ms: number): void;
  /** Cancels any scheduled flush and forgets pending counts. */
  cancel(): void;
  readonly pending: number;
  readonly scheduled: boolean;
}

export function createBatcher(options: {
  scheduler: Scheduler;
  delayMs: number;
  maxPending: number;
  flush: () => void;
  /**
   * Least time between two flushes triggered by the size cap (default 0). A producer that fills
   * the cap every task would otherwise post hundreds of batches per second, past the relay's
   * LIMITS.maxBatchesPerSecond, and have them refused; spaced flushes carry bigger batches.
   */
  minIntervalMs?: number;
  now?: () => number;
}): Batcher {
  const { scheduler, maxPending, flush } = options;
  const minIntervalMs = options.minIntervalMs ?? 0;
  const now = options.now ?? (() => 0);
  let lastRun = -Infinity;
  let delayMs = options.delayMs;
  let pending = 0;
  let handle: unknown = null;
  let scheduled = false;
  let urgent = false;

  function run(): void {
    urgent = false;
    if (scheduled) {
      scheduler.clear(handle);
      scheduled = false;
      handle = null;
    }
    pending = 0;
    if (minIntervalMs > 0) lastRun = now();
    flush();
  }

  const onTimer = (): void => {
    scheduled = false;
    handle = null;
    run();
  };

  return {
    add(count) {
      pending += count;
      if (pending >= maxPending) {
        // Size cap reached: flush on the next task, never inside the page's call (a loop of
        // `new EventSource()` must not pay for formatting and posting the batch).
        if (!urgent) {
          if (scheduled) scheduler.clear(handle);
          urgent = true;
          scheduled = true;
          const wait = minIntervalMs > 0 ? lastRun + minIntervalMs - now() : 0;
          handle = scheduler.set(onTimer, wait > 0 ? wait : 0);
        }
        return;
      }
      if (!scheduled) {
        scheduled = true;
        handle = scheduler.set(onTimer, delayMs);
      }
    },
    flushNow: run,
    setDelay(ms) {
      delayMs = ms;
    },
    cancel() {
      if (scheduled) scheduler.clear(handle);
      urgent = false;
      scheduled = false;
      handle = null;
      pending = 0;
    },
    get pending() {
      return pending;
    },
    get scheduled() {
      return scheduled;
    },
  };
}

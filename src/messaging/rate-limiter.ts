/**
 * Token bucket: `perSecond` tokens refill continuously up to `burst`. Used to cap untrusted
 * traffic (page → relay batches, relay → background messages) before the costly checks run.
 */
import { defaultClock, type Clock } from '../shared/timers';

export interface RateLimiterOptions {
  /** Sustained rate. */
  readonly perSecond: number;
  /** Bucket size (default `perSecond`: one second's worth may arrive at once). */
  readonly burst?: number;
  readonly now?: Clock;
}

export interface RateLimiter {
  /** Takes one token; false when the caller is over the rate (the message should be refused). */
  tryTake(): boolean;
}

export function createRateLimiter({
  perSecond,
  burst = perSecond,
  now = defaultClock,
}: RateLimiterOptions): RateLimiter {
  let tokens = burst;
  let last = now();
  return {
    tryTake() {
      const t = now();
      // A clock that goes backwards (tests, system time change) must not mint or burn tokens.
      const elapsed = Math.max(0, t - last);
      last = t;
      tokens = Math.min(burst, tokens + (elapsed * perSecond) / 1000);
      if (tokens < 1) return false;
      tokens -= 1;
      return true;
    },
  };
}

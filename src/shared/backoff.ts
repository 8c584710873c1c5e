/**
 * Reconnect delay: exponential backoff with "equal jitter", capped.
 *
 * The exponential part grows `initialMs * 2^attempt` up to `maxMs`; the jitter keeps the upper half
 * random so that many tabs dropped by the same server restart do not come back in lockstep
 * (the reconnect policy asks for exponential backoff with jitter, capped at 30 s). The lower half is kept so a delay never
 * collapses to ~0 ms, which would turn a flapping server into a request storm.
 *
 * Pure: same inputs, same output. `random` must return a number in [0, 1); anything else is
 * clamped so a bad injected source cannot produce a negative or oversized delay.
 */
export interface BackoffConfig {
  readonly initialMs: number;
  readonly maxMs: number;
}

export function computeDelay(attempt: number, config: BackoffConfig, random: () => number): number {
  const maxMs = Math.max(0, finiteOr(config.maxMs, 0));
  const initialMs = Math.min(maxMs, Math.max(0, finiteOr(config.initialMs, 0)));
  const n = Math.max(0, Math.floor(finiteOr(attempt, 0)));
  // 2^n overflows to Infinity for large n; Math.min brings it back to the cap.
  const base = Math.min(maxMs, initialMs * 2 ** n);
  const r = Math.min(1, Math.max(0, finiteOr(random(), 0)));
  return Math.min(maxMs, Math.round(base / 2 + (r * base) / 2));
}

function finiteOr(value: number, fallback: number): number {
  return Number.isFinite(value) ? value : fallback;
}

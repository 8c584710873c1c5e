/**
 * Injected time sources. Logic modules take these instead of touching globals so unit tests can
 * drive them (fake timers, a fixed clock, a fixed random) without hacks.
 */
export type TimerHandle = unknown;

export interface Timers {
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/** Reads the globals at call time (not import time), so fake timers installed later still apply. */
export const defaultTimers: Timers = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export type Clock = () => number;
export const defaultClock: Clock = () => Date.now();

export type Random = () => number;
export const defaultRandom: Random = () => Math.random();

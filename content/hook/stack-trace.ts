/**
 * Construction and close() stacks, captured cheaply and formatted lazily.
 *
 * `new Error()` only captures V8's structured frames; building the `.stack` string is what costs
 * (eager formatting measured ≈ 5.5x a native `new EventSource()`), so the hook keeps the Error and
 * formats it at flush time, off the page's call path. Our own frames are removed: the first
 * `skipFrames` (the trap that created the Error) and any frame from the hook's own script URL
 * (e.g. the timer-callback wrapper under a reconnect).
 */
import { LIMITS } from '../../src/protocol/limits';
import type { Natives } from './natives';

export interface StackFormatter {
  format(error: unknown, skipFrames: number): string;
}

function isDigits(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (c < '0' || c > '9') return false;
  }
  return true;
}

/** "at f (https://x/app.js:1:2)" → "https://x/app.js"; null when no URL can be read. */
export function frameUrl(natives: Natives, line: string): string | null {
  const { apply, strSlice, strLastIndexOf, strIndexOf } = natives;
  let loc = line;
  const open = apply(strLastIndexOf, loc, ['(']) as number;
  if (open >= 0) {
    const close = apply(strLastIndexOf, loc, [')']) as number;
    loc = apply(strSlice, loc, [open + 1, close > open ? close : loc.length]) as string;
  } else {
    const at = apply(strIndexOf, loc, ['at ']) as number;
    if (at >= 0) loc = apply(strSlice, loc, [at + 3]) as string;
  }
  // Strip ":line:col".
  for (let i = 0; i < 2; i++) {
    const colon = apply(strLastIndexOf, loc, [':']) as number;
    if (colon < 0) return null;
    const tail = apply(strSlice, loc, [colon + 1]) as string;
    if (!isDigits(tail)) return i === 0 ? null : loc;
    loc = apply(strSlice, loc, [0, colon]) as string;
  }
  return loc.length > 0 ? loc : null;
}

function frameLines(natives: Natives, stack: string): string[] {
  const { apply, strSplit, strSlice } = natives;
  const lines = apply(strSplit, stack, ['\n']) as string[];
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] as string;
    let start = 0;
    while (start < raw.length && (raw[start] === ' ' || raw[start] === '\t')) start++;
    if (raw[start] !== 'a' || raw[start + 1] !== 't' || raw[start + 2] !== ' ') continue;
    out[out.length] = start === 0 ? raw : (apply(strSlice, raw, [start]) as string);
  }
  return out;
}

/** The URL of the script that calls this (the hook bundle in production). */
export function findOwnScriptUrl(natives: Natives): string | null {
  try {
    const stack = new natives.Error().stack;
    if (typeof stack !== 'string') return null;
    const first = frameLines(natives, stack)[0];
    return first === undefined ? null : frameUrl(natives, first);
  } catch {
    // Stack introspection unavailable (exotic engine or hostile Error): trim by count only.
    return null;
  }
}

export function createStackFormatter(natives: Natives, ownUrl: string | null): StackFormatter {
  const { apply, strIndexOf, strSlice, arrJoin } = natives;
  return {
    format(error, skipFrames) {
      if (error === null) return STACK_NOT_CAPTURED;
      let stack: unknown;
      try {
        stack = (error as { stack?: unknown }).stack;
      } catch {
        // A page-installed Error.prepareStackTrace threw while formatting: no stack to show.
        return '';
      }
      if (typeof stack !== 'string') return '';
      const frames = frameLines(natives, stack);
      const kept: string[] = [];
      for (let i = skipFrames; i < frames.length; i++) {
        const frame = frames[i] as string;
        if (ownUrl !== null && (apply(strIndexOf, frame, [ownUrl]) as number) >= 0) continue;
        kept[kept.length] = frame;
      }
      const text = apply(arrJoin, kept, ['\n']) as string;
      return text.length > LIMITS.maxStack ? (apply(strSlice, text, [0, LIMITS.maxStack]) as string) : text;
    },
  };
}

/** Stack text of a connection whose stack was not captured (shown as-is by the panel). */
export const STACK_NOT_CAPTURED = '(stack not sampled: construction burst)';

export interface StackSampler {
  /** True when this construction/close may capture a stack (an `Error` allocation). */
  take(): boolean;
  /** Calls that returned false so far. */
  readonly unsampled: number;
}

/**
 * Budget for stack captures. With DevTools (or any CDP client) attached, V8 also records a
 * detailed stack for every Error created, so a capture costs several µs whatever
 * `Error.stackTraceLimit` says (measured in headless Chromium 156: +3–4 µs per `new Error()`,
 * ≈ 1–4x a native `new EventSource()`). Every call gets a stack while the rate stays inside the
 * budget (the first `burst`, then `perSecond` refill), which covers real reconnect storms; beyond
 * it one in `sampleEvery` is captured and the rest are counted (`unsampled`).
 */
export function createStackSampler(options: {
  now: () => number;
  burst: number;
  perSecond: number;
  sampleEvery: number;
}): StackSampler {
  const { now, burst, perSecond, sampleEvery } = options;
  let tokens = burst;
  let last = now();
  let over = 0;
  let unsampled = 0;
  return {
    take() {
      if (tokens < 1) {
        const t = now();
        if (t > last) {
          tokens += ((t - last) * perSecond) / 1000;
          if (tokens > burst) tokens = burst;
          last = t;
        }
      }
      if (tokens >= 1) {
        tokens--;
        return true;
      }
      if (++over % sampleEvery === 0) return true;
      unsampled++;
      return false;
    },
    get unsampled() {
      return unsampled;
    },
  };
}

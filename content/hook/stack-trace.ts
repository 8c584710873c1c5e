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

/**
 * `ownUrl`: the hook's script URL, or a function that finds it (`findOwnScriptUrl`), called at the
 * first format: reading a stack at install made V8 collect the source positions of the hook's
 * install code, ≈ 3 ms of a cold frame's start (bench: bystander install cost).
 */
export function createStackFormatter(
  natives: Natives,
  ownUrl: string | null | (() => string | null),
): StackFormatter {
  const { apply, strIndexOf, strSlice, arrJoin } = natives;
  let own: string | null = typeof ownUrl === 'function' ? null : ownUrl;
  let find = typeof ownUrl === 'function' ? ownUrl : null;
  return {
    format(error, skipFrames) {
      if (error === null) return STACK_NOT_CAPTURED;
      if (find !== null) {
        own = find();
        find = null;
      }
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
        if (own !== null && (apply(strIndexOf, frame, [own]) as number) >= 0) continue;
        kept[kept.length] = frame;
      }
      const text = apply(arrJoin, kept, ['\n']) as string;
      return text.length > LIMITS.maxStack
        ? (apply(strSlice, text, [0, LIMITS.maxStack]) as string)
        : text;
    },
  };
}

/**
 * Frames above the page's call in a captured stack: the trap that does `new Error()` (the
 * EventSource construct trap or the close() apply trap). The `new Error()` is written in the trap
 * itself, not in a helper: with an inspector attached (DevTools open, or any CDP client with
 * Runtime enabled) every frame on the stack costs ≈ 0.4 µs per capture, measured.
 */
export const HOOK_FRAMES = 1;
/**
 * Application frames kept per capture: V8's default `Error.stackTraceLimit` (10) minus the hook's
 * frame, so a common page sees the call sites it always did, and a page that raised the limit
 * (Next.js dev sets 50) does not make each capture walk 50 frames.
 */
export const APP_FRAMES = 9;

/** `pin()` result when the limit was left alone. */
const NOT_PINNED: unique symbol = Symbol('not pinned');

export interface StackCapture {
  /** Whether this construction/close() may capture a stack (the sampler's budget). */
  take(): boolean;
  /**
   * Sets `Error.stackTraceLimit` to HOOK_FRAMES + APP_FRAMES for one `new Error()`; returns what
   * `unpin` must restore. Use as `const p = pin(); try { e = new Error() } finally { unpin(p) }`.
   */
  pin(): unknown;
  unpin(previous: unknown): void;
}

/**
 * The limit is touched only while it is a plain writable data property of the native `Error`:
 * checked once at install and, cheaply (one descriptor read, ≈ 0.05 µs), on every call, so a page
 * that later turns it into an accessor never has its getter or setter called by us. The exact
 * previous value is restored in `finally`, and no page code can run in between (`new Error()`
 * runs none: `prepareStackTrace` is only called when `.stack` is read, at flush). With an
 * inspector attached V8 walks up to its own frame limit anyway (the max of both limits), so
 * pinning then saves nothing.
 */
export function createStackCapture(natives: Natives, sampler: { take(): boolean }): StackCapture {
  const NativeError = natives.Error as unknown as { stackTraceLimit: unknown };
  const { getOwnPropertyDescriptor } = natives;
  const limit = HOOK_FRAMES + APP_FRAMES;
  const isPlainLimit = (
    d: PropertyDescriptor | undefined,
  ): d is PropertyDescriptor & { value: unknown } =>
    d !== undefined && d.writable === true && 'value' in d;
  const pinnable = isPlainLimit(getOwnPropertyDescriptor(NativeError, 'stackTraceLimit'));
  return {
    take: () => sampler.take(),
    pin() {
      if (!pinnable) return NOT_PINNED;
      const d = getOwnPropertyDescriptor(NativeError, 'stackTraceLimit');
      if (!isPlainLimit(d) || d.value === limit) return NOT_PINNED;
      NativeError.stackTraceLimit = limit;
      return d.value;
    },
    unpin(previous) {
      if (previous !== NOT_PINNED) NativeError.stackTraceLimit = previous;
    },
  };
}

/** Stack text of a connection whose stack was not captured (shown as-is by the panel). */
export const STACK_NOT_CAPTURED = '(stack not sampled: construction burst)';
/**
 * Stack text of a close() call on a source the browser had already CLOSED (a terminal error:
 * HTTP error, wrong content type…). Such a call is a no-op, so the hook records the call and its
 * time but captures no stack: in a reconnect storm it would be a second `new Error()` per
 * connection, in a cold task, for a call that changed nothing.
 */
export const STACK_NOOP_CLOSE =
  '(no stack: close() on a source the browser had already closed does nothing)';

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

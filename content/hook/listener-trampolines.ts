/**
 * Counting trampolines around the PAGE's message listeners.
 *
 * Why: adding a listener of our own to every EventSource costs one more native→JS dispatch per SSE
 * message (measured ≈ 1.3x native throughput for 200k small messages). A trampoline rides on the
 * dispatch the page already pays for: one extra JS frame, a WeakMap lookup and a few counters.
 *
 * Semantics kept (ENGINEERING.md: "never change what the page observes of EventSource"):
 * - one trampoline per (listener, type), reused, so the browser's duplicate-listener dedupe and
 *   `removeEventListener(type, original, capture)` keep working (the patch substitutes it);
 * - `this` is whatever the browser passes (the EventSource), forwarded unchanged;
 * - listener objects: `handleEvent` is looked up at every dispatch and called with the object as
 *   `this`; a non-callable one is ignored, as Chromium does;
 * - the page's exceptions are NOT caught: they leave the trampoline and the browser reports them
 *   (window.onerror / `error` event) exactly as for a direct call;
 * - return values pass through (an `onmessage` returning false cancels the event natively);
 * - our counting runs first inside try/catch, so a failure of ours never skips the page's call.
 * Limit: an event with no page listener is not seen at all (not counted, not sampled).
 */
import type { AnyFn, Natives, SafeWeakMap } from './natives';
import { dict } from './natives';
import { createPrivateSlot } from './private-slot';

export interface ListenerTrampolines {
  /** The trampoline for (listener, type): created on first use, then the same function. */
  wrap(listener: object, type: string): AnyFn;
  /**
   * A trampoline for an `on<type>` handler: a single slot, so no (listener, type) reuse is
   * needed (one WeakMap entry, for `original`, instead of three).
   */
  handler(fn: AnyFn, type: string): AnyFn;
  /** The trampoline already made for (listener, type), if any. */
  existing(listener: object, type: string): AnyFn | undefined;
  /** The page's listener behind `value` if it is one of our trampolines, else `value`. */
  original(value: unknown): unknown;
}

export function createListenerTrampolines(options: {
  readonly natives: Natives;
  /** Called with (currentTarget, event, registered type) before the page's listener runs. */
  count(target: unknown, event: Event, type: string): void;
  /** Called instead of `count` by `handler` trampolines of `onopen`/`onerror`. */
  lifecycle(target: unknown, event: Event, type: 'open' | 'error'): void;
  internalError(): void;
}): ListenerTrampolines {
  const { natives, count, lifecycle, internalError } = options;
  const { apply } = natives;
  // listener → type → trampoline. Weak on the listener: a dropped listener takes its trampolines.
  const byListener: SafeWeakMap<object, Record<string, AnyFn>> = natives.weakMap();
  // trampoline → page listener, on the trampoline itself (private-slot.ts): a storm sets an
  // `onerror` per source, and each WeakMap entry was an ephemeron every scavenge walked.
  const originals = createPrivateSlot<object>();

  // Two function literals, not one with a `report` variable: closures of one literal share their
  // call-site feedback, so a single literal serving both messages and lifecycle events made the
  // report call polymorphic on every message. Function listeners get their own literal too (no
  // type test or handleEvent lookup per dispatch).
  function countingCall(listener: AnyFn, type: string): AnyFn {
    return function (this: unknown, event: Event): unknown {
      try {
        count(this, event, type);
      } catch {
        // Bookkeeping only: the page's listener below runs regardless.
        internalError();
      }
      return apply(listener, this, [event]);
    };
  }

  function countingObject(listener: object, type: string): AnyFn {
    return function (this: unknown, event: Event): unknown {
      try {
        count(this, event, type);
      } catch {
        // Bookkeeping only: the page's listener below runs regardless.
        internalError();
      }
      const handleEvent: unknown = (listener as { handleEvent?: unknown }).handleEvent;
      if (typeof handleEvent !== 'function') return undefined;
      return apply(handleEvent as AnyFn, listener, [event]);
    };
  }

  function lifecycleTrampoline(listener: object, type: 'open' | 'error'): AnyFn {
    const isFunction = typeof listener === 'function';
    return function (this: unknown, event: Event): unknown {
      try {
        lifecycle(this, event, type);
      } catch {
        // Bookkeeping only: the page's listener below runs regardless.
        internalError();
      }
      if (isFunction) return apply(listener as AnyFn, this, [event]);
      const handleEvent: unknown = (listener as { handleEvent?: unknown }).handleEvent;
      if (typeof handleEvent !== 'function') return undefined;
      return apply(handleEvent as AnyFn, listener, [event]);
    };
  }

  function make(listener: object, type: string): AnyFn {
    if (type === 'open' || type === 'error') return lifecycleTrampoline(listener, type);
    return typeof listener === 'function'
      ? countingCall(listener as AnyFn, type)
      : countingObject(listener, type);
  }

  return {
    wrap(listener, type) {
      let byType = byListener.get(listener);
      if (byType === undefined) {
        byType = dict<AnyFn>();
        byListener.set(listener, byType);
      }
      let trampoline = byType[type];
      if (trampoline === undefined) {
        trampoline = make(listener, type);
        byType[type] = trampoline;
        originals.set(trampoline, listener);
      }
      return trampoline;
    },
    handler(fn, type) {
      const trampoline = make(fn, type);
      originals.set(trampoline, fn);
      return trampoline;
    },
    existing(listener, type) {
      return byListener.get(listener)?.[type];
    },
    original(value) {
      if (typeof value !== 'function') return value;
      const original = originals.get(value);
      return original === undefined ? value : original;
    },
  };
}

/**
 * Reconnect-timer tracking and connection lineage: which `onerror` scheduled which reconnect, so
 * competing reconnect timers and the connections they create show up as a tree in the panel.
 *
 * A `setTimeout` called synchronously while an EventSource `error` event is being dispatched is a
 * reconnect timer of that connection. "While being dispatched" is read from the native
 * `window.event` getter (captured at install) and matched against the last lifecycle event the
 * registry recorded for its source (connections.ts `errorConnectionOf`): our listener or the
 * page handler's trampoline records it before any page code of that dispatch runs. Each such
 * timer gets `timer` records created/fired/cleared; while its callback runs, a new EventSource
 * records `parent` (the erroring connection) and `timer`.
 *
 * `install()` patches `setTimeout`/`clearTimeout` at the first EventSource construction or fetch
 * event stream (install.ts): no page pays for them before. Then the untracked path (every other
 * setTimeout in the page) is one getter call (`window.event`, undefined outside a dispatch).
 * An error listener the page added through a reference to addEventListener saved before the first
 * source (event-target-patch.ts) runs before ours: its event is recorded when it calls setTimeout.
 * Limit: a `setTimeout` reference saved before the first source is the native: not tracked.
 */
import type { ConnectionRegistry, Connection, Lineage } from './connections';
import type { FunctionMask } from './function-mask';
import { NO_ARGS, type AnyFn, type NativeGetters, type Natives, type SafeMap } from './natives';
import type { RecordDraft } from '../../src/protocol/records';
import { RECORD_OVERHEAD } from './record-log';

interface TrackedTimer {
  readonly id: number;
  readonly conn: Connection;
  readonly delay: number;
  handle: unknown;
  done: boolean;
}

export interface ReconnectTimers {
  /** Lineage for a connection created now (inside a tracked timer's callback), else null. */
  running(): Lineage | null;
  /** Replaces `setTimeout`/`clearTimeout` on the page's global (once; install.ts). */
  install(): void;
}

export function trackReconnectTimers(options: {
  readonly win: typeof globalThis;
  readonly natives: Natives;
  readonly mask: FunctionMask;
  readonly registry: ConnectionRegistry;
  readonly getters: Pick<NativeGetters, 'type' | 'currentTarget'>;
  /** The event being dispatched right now (native `window.event` getter). */
  readonly currentEvent: () => unknown;
  emit(draft: RecordDraft, bytes: number): void;
  internalError(): void;
  /**
   * A fetch stream that ended by server or network in the current task (fetch-streams.ts): a
   * timer scheduled then is its reconnect timer (fetch clients retry from a promise continuation,
   * not inside an event dispatch).
   */
  readonly failedStream?: () => Connection | undefined;
}): ReconnectTimers {
  const { win, natives, mask, registry, getters, currentEvent, emit, internalError } = options;
  const failedStream = options.failedStream ?? ((): undefined => undefined);
  const { apply, isFinite } = natives;
  const byHandle: SafeMap<unknown, TrackedTimer> = natives.map();
  let trackedCount = 0;
  let nextId = 1;
  let running: Lineage | null = null;

  function settle(timer: TrackedTimer, phase: 'fired' | 'cleared'): void {
    timer.done = true;
    byHandle.delete(timer.handle);
    trackedCount--;
    timer.conn.timerCounts[phase]++;
    emit(
      { k: 'timer', timer: timer.id, id: timer.conn.id, phase, delay: timer.delay, seq: 0, t: 0 },
      RECORD_OVERHEAD,
    );
  }

  function wrapCallback(timer: TrackedTimer, callback: AnyFn): AnyFn {
    return function reconnectTimer(this: unknown) {
      const previous = running;
      try {
        if (!timer.done) settle(timer, 'fired');
        running = { parent: timer.conn.id, timer: timer.id };
      } catch {
        // Our bookkeeping failed: counted; the page's callback below runs regardless.
        internalError();
      }
      try {
        // eslint-disable-next-line prefer-rest-params
        return apply(callback, this, arguments) as unknown;
      } finally {
        running = previous;
      }
    };
  }

  /** The connection whose `error` event is being dispatched now, recorded first if need be. */
  function erroring(event: unknown): Connection | undefined {
    const conn = registry.errorConnectionOf(event);
    if (conn !== undefined || typeof event !== 'object' || event === null) return conn;
    const target: unknown = apply(getters.currentTarget, event, NO_ARGS);
    if (registry.of(target) === undefined || apply(getters.type, event, NO_ARGS) !== 'error')
      return undefined;
    // A page listener that runs before ours (added through a saved native addEventListener):
    // the registry records this error now, once; our own listener then sees it as known.
    registry.lifecycle(target, event as Event, 'error');
    return registry.errorConnectionOf(event);
  }

  /** Wraps whatever the page's global holds at install time (a framework's patch included). */
  function install(): void {
    const nativeSetTimeout = win.setTimeout as unknown as AnyFn;
    const nativeClearTimeout = win.clearTimeout as unknown as AnyFn;

    const setTimeoutWrapper = new natives.Proxy(nativeSetTimeout, {
      apply(target, thisArg: unknown, args: unknown[]) {
        let timer: TrackedTimer | null = null;
        try {
          const failed = failedStream();
          // Outside any event dispatch (most calls) `window.event` is undefined: no lookup.
          const event = failed === undefined ? currentEvent() : undefined;
          const conn = failed ?? (event === undefined ? undefined : erroring(event));
          const callback = args[0];
          if (conn !== undefined && typeof callback === 'function') {
            const delayArg = args[1];
            const delay =
              typeof delayArg === 'number' && isFinite(delayArg) && delayArg > 0 ? delayArg : 0;
            timer = { id: nextId++, conn, delay, handle: undefined, done: false };
            args[0] = wrapCallback(timer, callback as AnyFn);
          }
        } catch {
          // Lookup failed: counted; the page's timer is scheduled below, untracked.
          internalError();
        }
        const handle: unknown = apply(target, thisArg, args);
        if (timer !== null) {
          try {
            timer.handle = handle;
            byHandle.set(handle, timer);
            trackedCount++;
            timer.conn.timerCounts.created++;
            emit(
              {
                k: 'timer',
                timer: timer.id,
                id: timer.conn.id,
                phase: 'created',
                delay: timer.delay,
                seq: 0,
                t: 0,
              },
              RECORD_OVERHEAD,
            );
          } catch {
            // Our record failed: counted; the page still gets its timer handle.
            internalError();
          }
        }
        return handle;
      },
    });

    const clearTimeoutWrapper = new natives.Proxy(nativeClearTimeout, {
      apply(target, thisArg: unknown, args: unknown[]) {
        if (trackedCount > 0) {
          try {
            const timer = byHandle.get(args[0]);
            if (timer !== undefined && !timer.done) settle(timer, 'cleared');
          } catch {
            // Lookup failed: counted; the native clearTimeout below runs regardless.
            internalError();
          }
        }
        return apply(target, thisArg, args) as unknown;
      },
    });

    mask.mask(setTimeoutWrapper, nativeSetTimeout);
    mask.mask(clearTimeoutWrapper, nativeClearTimeout);
    mask.replaceValue(win, 'setTimeout', setTimeoutWrapper);
    mask.replaceValue(win, 'clearTimeout', clearTimeoutWrapper);
  }

  return {
    running: () => running,
    install,
  };
}

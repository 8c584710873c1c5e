/**
 * The one pending reconnect wait of a client: a timer, or (while the browser is offline) a wait
 * for the `online` event. Every path that schedules a reconnect (error, silence, `reconnect()`,
 * a timer that fires while offline, an `online.subscribe` that throws) goes through `schedule`,
 * and `schedule` refuses to add a second wait while one is pending. That refusal is the whole
 * "at most one reconnect timer" guarantee, so it lives in this one place.
 *
 * The timer is created synchronously inside `schedule`: a devtools hook attributes timers created
 * during an EventSource `error` dispatch to that connection.
 */
import type { Timers, TimerHandle } from '../shared/timers';
import type { SSELogLevel, SSEOnlineSource } from './types';

export type WaitKind = 'timer' | 'online';

/** How the wait ended: its timer fired while online, or the browser came back online. */
export type WaitTrigger = WaitKind;

export interface ReconnectWaitDeps {
  readonly timers: Timers;
  readonly online: SSEOnlineSource;
  /** Problems of the injected edges, reported even without debug. */
  report(level: SSELogLevel, text: string, details?: unknown): void;
  /** Dev chatter, silent unless debug. */
  devLog(level: SSELogLevel, text: string, details?: unknown): void;
  /** The wait changed kind without ending (a timer fired offline): state observers should look. */
  onChanged(): void;
}

export interface ReconnectWait {
  /** Kind of the pending wait, or null when none is pending. */
  pending(): WaitKind | null;
  /**
   * Start the wait unless one is pending (then returns false and changes nothing). `delayMs` is
   * called only when a timer is actually started, so a backoff step is taken once per timer.
   * `fire` runs once, when the wait ends by itself (never after `clear()`).
   */
  schedule(reason: string, delayMs: () => number, fire: (trigger: WaitTrigger) => void): boolean;
  /** Cancel the pending wait, if any. */
  clear(): void;
}

type Pending =
  | { readonly kind: 'timer'; handle: TimerHandle }
  | { readonly kind: 'online'; unsubscribe: () => void };

export function createReconnectWait(deps: ReconnectWaitDeps): ReconnectWait {
  let pending: Pending | null = null;

  function isOnline(): boolean {
    try {
      return deps.online.isOnline();
    } catch (error) {
      deps.report('warn', 'online.isOnline() threw; assuming online', { error });
      return true;
    }
  }

  function startTimer(
    reason: string,
    delayMs: () => number,
    fire: (trigger: WaitTrigger) => void,
    recheckOnline: boolean,
  ): void {
    const ms = delayMs();
    const entry: Pending = { kind: 'timer', handle: undefined };
    pending = entry;
    entry.handle = deps.timers.setTimeout(() => {
      if (pending !== entry) return;
      pending = null;
      if (recheckOnline && !isOnline()) {
        // Offline at the moment of reconnecting: wait for the browser instead of failing again.
        startOnlineWait(reason, delayMs, fire);
        deps.onChanged();
        return;
      }
      fire('timer');
    }, ms);
  }

  /** Offline: spinning through backoff would only burn attempts; wait for the browser instead. */
  function startOnlineWait(
    reason: string,
    delayMs: () => number,
    fire: (trigger: WaitTrigger) => void,
  ): void {
    deps.devLog('info', 'offline: waiting for the online event', { reason });
    const entry: Pending = { kind: 'online', unsubscribe: () => undefined };
    pending = entry;
    try {
      entry.unsubscribe = deps.online.subscribe(() => {
        if (pending !== entry) return;
        pending = null;
        entry.unsubscribe();
        fire('online');
      });
    } catch (error) {
      deps.report('warn', 'online.subscribe() threw; retrying on a timer instead', { error });
      pending = null;
      // Without an online signal a timer is the only way back; it must not wait for online again.
      startTimer(reason, delayMs, fire, false);
    }
  }

  return {
    pending: () => pending?.kind ?? null,
    schedule(reason, delayMs, fire) {
      if (pending !== null) {
        deps.devLog('debug', 'reconnect timer already scheduled', { reason });
        return false;
      }
      if (isOnline()) startTimer(reason, delayMs, fire, true);
      else startOnlineWait(reason, delayMs, fire);
      return true;
    },
    clear() {
      const current = pending;
      pending = null;
      if (current === null) return;
      if (current.kind === 'timer') deps.timers.clearTimeout(current.handle);
      else current.unsubscribe();
    },
  };
}

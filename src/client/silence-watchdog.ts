/**
 * The silence watchdog: an open stream that stays silent for `timeoutMs` is declared dead (a proxy
 * can keep a dead TCP connection "open" forever). One timer at most. Messages only stamp the time
 * of the last activity (no timer churn on a busy stream); when the timer fires it re-arms for the
 * remaining time or reports the silence.
 *
 * The client arms it when it constructs an EventSource and clears it when it closes one, so the
 * watchdog exists only while an EventSource does and never overlaps the reconnect wait.
 */
import type { Clock, Timers, TimerHandle } from '../shared/timers';

export interface SilenceWatchdog {
  /** (Re)start watching from now. A timeout of 0 disables the watchdog. */
  arm(): void;
  /** Activity on the stream: push the deadline back without touching the timer. */
  stamp(): void;
  clear(): void;
  armed(): boolean;
}

export function createSilenceWatchdog(
  timers: Timers,
  now: Clock,
  timeoutMs: number,
  onSilent: (silentForMs: number) => void,
): SilenceWatchdog {
  let slot: { handle: TimerHandle } | null = null;
  let lastActivityAt = 0;

  function clear(): void {
    if (slot === null) return;
    timers.clearTimeout(slot.handle);
    slot = null;
  }

  function start(ms: number): void {
    clear();
    if (timeoutMs <= 0) return;
    const entry: { handle: TimerHandle } = { handle: undefined };
    slot = entry;
    entry.handle = timers.setTimeout(() => {
      if (slot !== entry) return;
      slot = null;
      const silentFor = now() - lastActivityAt;
      if (silentFor < timeoutMs) start(timeoutMs - silentFor);
      else onSilent(silentFor);
    }, ms);
  }

  return {
    arm() {
      lastActivityAt = now();
      start(timeoutMs);
    },
    stamp() {
      lastActivityAt = now();
    },
    clear,
    armed: () => slot !== null,
  };
}

/**
 * Polls the app's own debug globals (settings `debugGlobals`; by default the fixed client's
 * `window.__zarizSSEDebug()` and `globalThis.__zarizSSE`) while a panel is attached — never while
 * detached, because calling page code is not free. Functions are called, other values read;
 * everything inside try/catch.
 *
 * Budget: a call that takes more than SLOW_MS is reported as error "slow" and that name is backed
 * off exponentially (skips 1, 2, 4 … up to MAX_BACKOFF polls). A value identical to the previous
 * poll of the same name is not re-emitted (no traffic while nothing changes).
 */
import { LIMITS } from '../../src/protocol/limits';
import { DEFAULT_HOOK_SETTINGS, type DraftOf, type RecordDraft } from '../../src/protocol/records';
import type { Scheduler } from './batcher';
import type { DebugSanitizer } from './debug-sanitizer';
import { dict, type Natives } from './natives';
import { RECORD_OVERHEAD } from './record-log';

export const SLOW_MS = 50;
export const MAX_BACKOFF = 64;

interface NameState {
  skip: number;
  backoff: number;
  last: string;
}

export interface DebugPoller {
  configure(names: readonly string[], pollMs: number): void;
  start(): void;
  stop(): void;
  /** One poll of every name (the timer calls this; tests call it directly). */
  poll(): void;
}

export function createDebugPoller(options: {
  readonly win: object;
  readonly natives: Natives;
  readonly scheduler: Scheduler;
  readonly sanitize: DebugSanitizer;
  /** High-resolution clock for the call budget. */
  readonly clock: () => number;
  emit(draft: RecordDraft, bytes: number): void;
}): DebugPoller {
  const { win, natives, scheduler, sanitize, clock, emit } = options;
  let names: readonly string[] = [];
  let pollMs = DEFAULT_HOOK_SETTINGS.pollMs;
  let states = dict<NameState>();
  let handle: unknown = null;
  let running = false;

  function describe(error: unknown): string {
    try {
      const message =
        typeof error === 'object' && error !== null && 'message' in error
          ? natives.String((error as { message: unknown }).message)
          : natives.String(error);
      const text = `threw: ${message}`;
      return text.length > LIMITS.maxLabel * 4
        ? (natives.apply(natives.strSlice, text, [0, LIMITS.maxLabel * 4]) as string)
        : text;
    } catch {
      // The thrown value's own toString threw.
      return 'threw';
    }
  }

  function pollName(name: string): void {
    const state = states[name] ?? (states[name] = { skip: 0, backoff: 0, last: '' });
    if (state.skip > 0) {
      state.skip--;
      return;
    }
    const draft: DraftOf<'debug'> = { k: 'debug', name, ok: true, ms: 0 };
    const started = clock();
    let raw: unknown;
    try {
      raw = (win as Record<string, unknown>)[name];
      if (typeof raw === 'function') raw = natives.apply(raw as () => unknown, win, []);
      else if (raw === undefined) {
        draft.ok = false;
        draft.error = 'absent';
      }
    } catch (error) {
      // The app's debug global threw or its getter did: shown as a failed poll, with the message.
      draft.ok = false;
      draft.error = describe(error);
    }
    const ms = clock() - started;
    draft.ms = ms;
    if (draft.ok || draft.error === undefined) {
      const clean = sanitize(raw);
      if (clean.error !== undefined) {
        draft.ok = false;
        draft.error = clean.error;
      } else if (clean.value !== undefined) draft.value = clean.value;
    }
    if (ms > SLOW_MS) {
      state.backoff =
        state.backoff === 0 ? 1 : state.backoff * 2 > MAX_BACKOFF ? MAX_BACKOFF : state.backoff * 2;
      state.skip = state.backoff;
      draft.ok = false;
      draft.error = 'slow';
    } else {
      state.backoff = 0;
    }
    let key: string;
    try {
      key = natives.stringify([draft.ok, draft.error ?? null, draft.value ?? null]);
    } catch {
      // Sanitized values always stringify; keep going without dedupe if JSON was broken.
      key = '';
    }
    if (key !== '' && key === state.last && draft.error !== 'slow') return;
    state.last = key;
    emit(draft, RECORD_OVERHEAD + name.length + key.length);
  }

  const tick = (): void => {
    handle = null;
    if (!running) return;
    poller.poll();
    if (running) handle = scheduler.set(tick, pollMs);
  };

  const poller: DebugPoller = {
    configure(nextNames, nextPollMs) {
      names = nextNames;
      pollMs = nextPollMs;
      states = dict<NameState>();
    },
    start() {
      if (running) return;
      running = true;
      handle = scheduler.set(tick, pollMs);
    },
    stop() {
      running = false;
      if (handle !== null) scheduler.clear(handle);
      handle = null;
    },
    poll() {
      for (let i = 0; i < names.length; i++) pollName(names[i] as string);
    },
  };
  return poller;
}

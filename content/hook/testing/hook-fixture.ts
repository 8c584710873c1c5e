/**
 * Installs the real hook into the jsdom window for one test, with the fake EventSource, fake
 * timers (installed first, so the hook captures them as its "natives"), an injected clock and an
 * in-memory relay channel. `teardown()` restores every patched native.
 */
import { vi } from 'vitest';
import type { PageToRelay, RelayToPage } from '../../../src/protocol/messages';
import type { HookRecord, HookSettings } from '../../../src/protocol/records';
import { DEFAULT_HOOK_SETTINGS } from '../../../src/protocol/records';
import { PROTOCOL_VERSION, SOURCE } from '../../../src/protocol/version';
import { FLUSH_MS, installHook, type HookApi, type InstalledHook } from '../install';
import { currentFakeEvent, FakeEventSource } from './fake-event-source';

let installs = 0;

export interface HookFixture {
  readonly hook: InstalledHook;
  readonly api: HookApi;
  readonly EventSource: typeof FakeEventSource;
  /** window.setTimeout as it was before the hook wrapped it. */
  readonly originalSetTimeout: typeof setTimeout;
  /** Every batch the hook posted. */
  readonly posted: PageToRelay[];
  /** Every record posted, in order. */
  records(): HookRecord[];
  recordsOf<K extends HookRecord['k']>(k: K): Extract<HookRecord, { k: K }>[];
  attach(cursors?: Record<string, number>, settings?: Partial<HookSettings>): void;
  detach(): void;
  /** Makes the injected clock throw (simulates an internal failure of the hook). */
  failClock(on: boolean): void;
  /** Makes the hook's flush scheduler throw (another internal failure, on the message path). */
  failScheduler(on: boolean): void;
  /** Advances fake time past one flush. */
  tick(ms?: number): void;
  teardown(): void;
}

export function setUpHook(): HookFixture {
  vi.useFakeTimers({
    now: 1_700_000_000_000,
    toFake: ['setTimeout', 'clearTimeout', 'Date', 'performance'],
  });
  FakeEventSource.instances = [];
  vi.stubGlobal('EventSource', FakeEventSource);
  const posted: PageToRelay[] = [];
  const clock = Date.now;
  // Captured: a test may replace JSON.stringify to play a hostile page.
  const { stringify, parse } = JSON;
  const originalSetTimeout = window.setTimeout;
  let clockFails = false;
  let schedulerFails = false;
  let deliver: ((m: RelayToPage) => void) | null = null;
  // Like the real relay, this one sleeps until the hook's first stream wakes it: what a test sends
  // before is delivered then (a watched tab attaches as soon as its relay wakes).
  let woken = false;
  const early: RelayToPage[] = [];
  const hook = installHook({
    globalName: `__SSE_DEVTOOLS_HOOK_TEST_${++installs}__`,
    currentEvent: currentFakeEvent,
    random: () => 0.25,
    scheduler: {
      set(fn, ms) {
        if (schedulerFails) throw new Error('injected scheduler failure');
        return originalSetTimeout(fn, ms);
      },
      clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    },
    now: () => {
      if (clockFails) throw new Error('injected clock failure');
      return clock();
    },
    wakeRelay: () => {
      woken = true;
      for (const m of early.splice(0)) send(m);
    },
    channel: (handlers) => {
      deliver = handlers.message;
      return {
        post(message) {
          posted[posted.length] = parse(stringify(message)) as PageToRelay;
          return true;
        },
        dispose() {
          deliver = null;
        },
      };
    },
  });
  if (hook === null) throw new Error('hook did not install');
  function send(m: RelayToPage): void {
    if (!woken) {
      early.push(m);
      return;
    }
    if (deliver === null) throw new Error('channel disposed');
    deliver(m);
  }
  const records = (): HookRecord[] => posted.flatMap((batch) => batch.records);
  return {
    hook,
    api: hook.api,
    EventSource: window.EventSource as unknown as typeof FakeEventSource,
    originalSetTimeout,
    posted,
    records,
    recordsOf: (k) => records().filter((r) => r.k === k) as never,
    attach(cursors = {}, settings = {}) {
      send({
        source: SOURCE,
        version: PROTOCOL_VERSION,
        kind: 'relay:attach',
        cursors,
        settings: { ...DEFAULT_HOOK_SETTINGS, ...settings },
      });
    },
    detach() {
      send({ source: SOURCE, version: PROTOCOL_VERSION, kind: 'relay:detach' });
    },
    failClock(on) {
      clockFails = on;
    },
    failScheduler(on) {
      schedulerFails = on;
    },
    tick(ms = FLUSH_MS) {
      vi.advanceTimersByTime(ms);
    },
    teardown() {
      hook.uninstall();
      vi.unstubAllGlobals();
      vi.useRealTimers();
    },
  };
}

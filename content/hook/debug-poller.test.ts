// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { HookRecord } from '../../src/protocol/records';
import type { Scheduler } from './batcher';
import { createDebugPoller, SLOW_MS } from './debug-poller';
import { createDebugSanitizer } from './debug-sanitizer';
import { captureNatives } from './natives';
import type { RecordDraft } from '../../src/protocol/records';
import { setUpHook, type HookFixture } from './testing/hook-fixture';

type DebugRecord = Extract<HookRecord, { k: 'debug' }>;

function makePoller(win: Record<string, unknown>, clock: { now: number }) {
  const natives = captureNatives(globalThis);
  const emitted: DebugRecord[] = [];
  const scheduler: Scheduler = { set: () => 1, clear: () => {} };
  const poller = createDebugPoller({
    win,
    natives,
    scheduler,
    sanitize: createDebugSanitizer(natives),
    clock: () => clock.now,
    emit: (draft: RecordDraft) => emitted.push(draft as DebugRecord),
  });
  return { poller, emitted };
}

describe('debug poller', () => {
  test('calls function globals and reads object globals', () => {
    const win = {
      __zarizSSEDebug: () => ({ connects: 1, readyState: 1 }),
      __zarizSSE: { active: true },
    };
    const { poller, emitted } = makePoller(win, { now: 0 });
    poller.configure(['__zarizSSEDebug', '__zarizSSE'], 1000);
    poller.poll();
    expect(emitted).toEqual([
      {
        k: 'debug',
        name: '__zarizSSEDebug',
        ok: true,
        ms: 0,
        value: { connects: 1, readyState: 1 },
      },
      { k: 'debug', name: '__zarizSSE', ok: true, ms: 0, value: { active: true } },
    ]);
  });

  test('reports a throwing debug function and an absent global', () => {
    const win = {
      __zarizSSEDebug: () => {
        throw new Error('broken debug');
      },
    };
    const { poller, emitted } = makePoller(win, { now: 0 });
    poller.configure(['__zarizSSEDebug', '__zarizSSE'], 1000);
    poller.poll();
    expect(emitted.map((r) => [r.ok, r.error])).toEqual([
      [false, 'threw: broken debug'],
      [false, 'absent'],
    ]);
  });

  test('does not re-emit an unchanged value', () => {
    const state = { connects: 1 };
    const { poller, emitted } = makePoller({ __zarizSSE: state }, { now: 0 });
    poller.configure(['__zarizSSE'], 1000);
    poller.poll();
    poller.poll();
    state.connects = 2;
    poller.poll();
    expect(emitted.map((r) => (r.value as { connects: number }).connects)).toEqual([1, 2]);
  });

  test('a slow call is reported as "slow" and backed off exponentially', () => {
    const clock = { now: 0 };
    let calls = 0;
    const win = {
      __zarizSSEDebug: () => {
        calls++;
        clock.now += SLOW_MS + 1;
        return { calls };
      },
    };
    const { poller, emitted } = makePoller(win, clock);
    poller.configure(['__zarizSSEDebug'], 1000);
    for (let i = 0; i < 8; i++) poller.poll();
    // Called on polls 1, 3 (after skipping 1), 6 (after skipping 2); poll 7–8 skipped (4 to skip).
    expect(calls).toBe(3);
    expect(emitted.every((r) => r.error === 'slow' && r.ok === false)).toBe(true);
    expect(emitted[0]?.ms).toBe(SLOW_MS + 1);
  });
});

describe('debug polling in the hook', () => {
  let fx: HookFixture;
  beforeEach(() => {
    fx = setUpHook();
  });
  afterEach(() => {
    fx.teardown();
    delete (window as unknown as Record<string, unknown>).__zarizSSEDebug;
  });

  test('polls only while attached, every pollMs', () => {
    const debug = vi.fn(() => ({ connects: debug.mock.calls.length }));
    (window as unknown as Record<string, unknown>).__zarizSSEDebug = debug;
    fx.tick(5000);
    expect(debug).not.toHaveBeenCalled();
    // The relay sleeps (no attach reaches the hook) until the frame's first stream.
    fx.attach({}, { pollMs: 200, debugGlobals: ['__zarizSSEDebug'] });
    fx.tick(5000);
    expect(debug).not.toHaveBeenCalled();
    new fx.EventSource('/v1/events/sse');
    fx.tick(200);
    expect(debug).toHaveBeenCalledTimes(1);
    fx.tick(400);
    expect(debug).toHaveBeenCalledTimes(3);
    fx.tick();
    fx.detach();
    fx.tick(2000);
    expect(debug).toHaveBeenCalledTimes(3);
    expect(fx.recordsOf('debug').map((r) => r.value)).toEqual([
      { connects: 1 },
      { connects: 2 },
      { connects: 3 },
    ]);
  });
});

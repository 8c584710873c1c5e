// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { LIMITS } from '../../src/protocol/limits';
import type { RelayToPage } from '../../src/protocol/messages';
import { DEFAULT_HOOK_SETTINGS } from '../../src/protocol/records';
import { FLUSH_MS, IDLE_FLUSH_MS, MAX_PENDING, MIN_FLUSH_GAP_MS, installHook } from './install';
import type { FakeEventSource } from './testing/fake-event-source';
import { setUpHook, type HookFixture } from './testing/hook-fixture';

let fx: HookFixture;
beforeEach(() => {
  fx = setUpHook();
});
afterEach(() => {
  fx.teardown();
});

const open = (): FakeEventSource =>
  new (window.EventSource as unknown as typeof FakeEventSource)('/v1/events/sse?token=tok-x');

describe('attachment, batching and replay', () => {
  test('nothing is posted while detached, but history is buffered', () => {
    const es = open();
    es.onmessage = () => {};
    es.simulateOpen();
    es.simulateMessage('m');
    fx.tick(IDLE_FLUSH_MS * 4);
    expect(fx.posted).toEqual([]);
    // hello, conn, listen, open, msgs
    expect(fx.api.stats()).toMatchObject({ attached: false, seq: 5, bufferedRecords: 5 });
  });

  test('attach replays every buffered record, then streams new ones in time-based batches', () => {
    open().simulateOpen();
    fx.attach();
    expect(fx.records().map((r) => [r.seq, r.k])).toEqual([
      [1, 'hello'],
      [2, 'conn'],
      [3, 'open'],
    ]);
    const es = open();
    es.simulateOpen();
    expect(fx.posted).toHaveLength(1);
    fx.tick(FLUSH_MS - 1);
    expect(fx.posted).toHaveLength(1);
    fx.tick(1);
    expect(fx.posted).toHaveLength(2);
    expect(fx.posted[1]?.records.map((r) => r.seq)).toEqual([4, 5]);
  });

  test('batches carry the session and the protocol envelope', () => {
    fx.attach();
    open();
    expect(fx.posted[0]).toMatchObject({
      source: 'sse-devtools',
      version: 1,
      kind: 'page:records',
      session: fx.api.session,
    });
  });

  test('re-attach with a cursor replays only what the relay has not seen (no gaps, no duplicates)', () => {
    fx.attach();
    open();
    fx.tick();
    fx.detach();
    open();
    open();
    fx.tick(IDLE_FLUSH_MS);
    const before = fx.records().length;
    expect(before).toBe(2);
    fx.attach({ [fx.api.session]: 2 });
    const seqs = fx.records().map((r) => r.seq);
    expect(seqs).toEqual([1, 2, 3, 4]);
  });

  test('a cursor of another session replays from the start', () => {
    open();
    fx.attach({ 'other-session': 99 });
    expect(fx.records().map((r) => r.seq)).toEqual([1, 2]);
  });

  test('a big backlog is replayed in batches of at most maxRecordsPerBatch', () => {
    const es = open();
    for (let i = 0; i < 2500; i++) es.addEventListener(`type-${i}`, () => {});
    fx.attach();
    expect(fx.posted.length).toBeGreaterThan(1);
    expect(Math.max(...fx.posted.map((b) => b.records.length))).toBeLessThanOrEqual(
      LIMITS.maxRecordsPerBatch,
    );
    const seqs = fx.records().map((r) => r.seq);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
  });

  test('many pending records flush on the next task instead of waiting for the timer', () => {
    fx.attach();
    const es = open();
    fx.tick(MIN_FLUSH_GAP_MS);
    for (let i = 0; i < MAX_PENDING; i++) es.addEventListener(`t${i}`, () => {});
    expect(fx.posted).toHaveLength(1);
    fx.tick(0);
    expect(fx.posted).toHaveLength(2);
  });

  test('early flushes are spaced by MIN_FLUSH_GAP_MS (the relay refuses floods of batches)', () => {
    fx.attach();
    const es = open();
    for (let i = 0; i < MAX_PENDING; i++) es.addEventListener(`t${i}`, () => {});
    fx.tick(0);
    expect(fx.posted).toHaveLength(1);
    fx.tick(MIN_FLUSH_GAP_MS);
    expect(fx.posted).toHaveLength(2);
  });

  test('detach stops posting', () => {
    fx.attach();
    fx.detach();
    open();
    fx.tick(1000);
    expect(fx.posted).toHaveLength(1);
    expect(fx.api.stats().attached).toBe(false);
  });

  test('a failing post is counted, never thrown', () => {
    let deliver: ((m: RelayToPage) => void) | null = null;
    const failing = installHook({
      globalName: '__SSE_DEVTOOLS_HOOK_FAILING__',
      wakeRelay: () => {},
      channel: (handlers) => {
        deliver = handlers.message;
        return {
          post: () => false,
          dispose() {},
        };
      },
    });
    try {
      open();
      expect(deliver).not.toBeNull();
      expect(() =>
        deliver?.({
          source: 'sse-devtools',
          version: 1,
          kind: 'relay:attach',
          cursors: {},
          settings: DEFAULT_HOOK_SETTINGS,
        }),
      ).not.toThrow();
      expect(failing?.api.stats()).toMatchObject({ attached: true, postFailures: 1 });
    } finally {
      failing?.uninstall();
    }
  });

  test('installing twice in the same window is a no-op', () => {
    const name = Object.getOwnPropertyNames(window).find((k) =>
      k.startsWith('__SSE_DEVTOOLS_HOOK_TEST_'),
    );
    expect(installHook({ globalName: name as string })).toBeNull();
  });

  test('stats report buffer, attachment and sequence', () => {
    expect(fx.api.stats()).toEqual(
      expect.objectContaining({ bufferedRecords: 0, bufferedBytes: 0, attached: false, seq: 0 }),
    );
    fx.attach();
    open();
    expect(fx.api.stats()).toEqual(
      expect.objectContaining({
        bufferedRecords: 2,
        dropped: 0,
        attached: true,
        seq: 2,
        session: fx.api.session,
        postFailures: 0,
        unsampledStacks: 0,
      }),
    );
    expect(fx.api.stats().bufferedBytes).toBeGreaterThan(0);
  });
});

describe('a frame without SSE builds nothing', () => {
  test('no channel, no relay wake-up and no record until the first stream; then exactly one wake-up', () => {
    let wakes = 0;
    let channels = 0;
    const posted: unknown[] = [];
    const lazy = installHook({
      globalName: '__SSE_DEVTOOLS_HOOK_LAZY__',
      wakeRelay: () => wakes++,
      channel: () => {
        channels++;
        return {
          post: (m) => posted.push(m) > 0,
          dispose() {},
        };
      },
    });
    try {
      expect(lazy).not.toBeNull();
      const idle = new EventTarget();
      idle.addEventListener('x', () => {});
      clearTimeout(setTimeout(() => {}, 10));
      fx.tick(IDLE_FLUSH_MS * 4);
      expect({ wakes, channels, posted }).toEqual({ wakes: 0, channels: 0, posted: [] });
      expect(lazy?.api.connections()).toEqual([]);
      expect(lazy?.api.annotate({}, { name: 'x' })).toBe(false);
      expect(lazy?.api.stats()).toMatchObject({ seq: 0, bufferedRecords: 0, connections: 0 });

      open();
      open();
      expect({ wakes, channels }).toEqual({ wakes: 1, channels: 1 });
      // hello first (seq 1: the panel knows it has the frame's whole story), then the sources.
      expect(lazy?.api.stats()).toMatchObject({ seq: 3, connections: 2, internalErrors: 0 });
    } finally {
      lazy?.uninstall();
    }
  });
});

// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { FakeEventSource } from './testing/fake-event-source';
import { setUpHook, type HookFixture } from './testing/hook-fixture';

let fx: HookFixture;
beforeEach(() => {
  fx = setUpHook();
  fx.attach();
});
afterEach(() => {
  fx.teardown();
});

const open = (url = '/v1/events/sse?token=tok-x'): FakeEventSource =>
  new (window.EventSource as unknown as typeof FakeEventSource)(url);

describe('reconnect timers and lineage', () => {
  test('an error handler that schedules two timers shows two created records', () => {
    const es = open();
    es.onerror = () => {
      setTimeout(() => {}, 1000);
      setTimeout(() => {}, 2000);
    };
    es.simulateError(2);
    fx.tick();
    expect(fx.recordsOf('timer')).toEqual([
      expect.objectContaining({ timer: 1, id: 1, phase: 'created', delay: 1000 }),
      expect.objectContaining({ timer: 2, id: 1, phase: 'created', delay: 2000 }),
    ]);
    expect(fx.api.stats().pendingTimers).toBe(2);
    expect(fx.api.connections()[0]?.timers).toEqual({
      created: 2,
      fired: 0,
      cleared: 0,
      pending: 2,
    });
  });

  test('timers scheduled from addEventListener error listeners are tracked too', () => {
    const es = open();
    es.addEventListener('error', () => setTimeout(() => {}, 10));
    es.simulateError(0);
    expect(fx.api.stats().pendingTimers).toBe(1);
  });

  test('a connection created inside a tracked timer records parent and timer', () => {
    const first = open();
    first.onerror = () => {
      first.close();
      setTimeout(() => open(), 500);
    };
    first.simulateError(2);
    fx.tick(600);
    const conns = fx.recordsOf('conn');
    expect(conns).toHaveLength(2);
    expect(conns[1]).toMatchObject({ id: 2, parent: 1, timer: 1 });
    expect(fx.recordsOf('timer').map((t) => t.phase)).toEqual(['created', 'fired']);
    expect(fx.api.connections()[1]).toMatchObject({ parent: 1, timer: 1 });
    expect(fx.api.stats().pendingTimers).toBe(0);
  });

  test('one error spawning two reconnect timers yields two children of the same parent', () => {
    const first = open();
    first.onerror = () => {
      setTimeout(() => open(), 100);
      setTimeout(() => open(), 100);
    };
    first.simulateError(0);
    fx.tick(200);
    expect(fx.api.connections().map((c) => [c.id, c.parent, c.timer])).toEqual([
      [1, null, null],
      [2, 1, 1],
      [3, 1, 2],
    ]);
  });

  test('clearTimeout of a tracked timer records cleared and it never fires', () => {
    const es = open();
    let fired = false;
    let handle: ReturnType<typeof setTimeout> | undefined;
    es.onerror = () => {
      handle = setTimeout(() => {
        fired = true;
      }, 100);
    };
    es.simulateError(0);
    clearTimeout(handle);
    clearTimeout(handle);
    fx.tick(200);
    expect(fired).toBe(false);
    expect(fx.recordsOf('timer').map((t) => t.phase)).toEqual(['created', 'cleared']);
  });

  test('timers outside an error dispatch are not tracked and behave natively', () => {
    const es = open();
    es.simulateError(0);
    const seen: unknown[] = [];
    setTimeout((a: unknown, b: unknown) => seen.push(a, b), 10, 'x', 'y');
    fx.tick(20);
    expect(seen).toEqual(['x', 'y']);
    expect(fx.recordsOf('timer')).toEqual([]);
  });

  test('a tracked callback gets its arguments and this, and its exceptions propagate', () => {
    const es = open();
    const seen: unknown[] = [];
    es.onerror = () => {
      setTimeout(
        function (this: unknown, a: unknown) {
          seen.push(a);
          throw new Error('page bug');
        },
        10,
        'arg',
      );
    };
    es.simulateError(0);
    expect(() => fx.tick(20)).toThrow('page bug');
    expect(seen).toEqual(['arg']);
    fx.tick();
    expect(fx.recordsOf('timer').map((t) => t.phase)).toEqual(['created', 'fired']);
  });

  test('connections created after the callback returned have no lineage', () => {
    const es = open();
    es.onerror = () => {
      setTimeout(() => {}, 10);
    };
    es.simulateError(0);
    fx.tick(20);
    open();
    expect(fx.api.connections()[1]).toMatchObject({ parent: null, timer: null });
  });
});

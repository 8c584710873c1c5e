// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { FakeEventSource } from './testing/fake-event-source';
import { setUpHook, type HookFixture } from './testing/hook-fixture';

// Captured before any hook is installed in this file.
const nativeAdd = EventTarget.prototype.addEventListener;
const nativeRemove = EventTarget.prototype.removeEventListener;
const nativeDispatch = EventTarget.prototype.dispatchEvent;
const nativeToString = Function.prototype.toString;
const nativeClose = FakeEventSource.prototype.close;
const onmessage = () => Object.getOwnPropertyDescriptor(FakeEventSource.prototype, 'onmessage');
const nativeOnmessage = onmessage();

let fx: HookFixture;
beforeEach(() => {
  fx = setUpHook();
  fx.attach();
});
afterEach(() => {
  fx.teardown();
});

const open = (url = '/v1/events/sse?token=tok-lazy'): FakeEventSource =>
  new (window.EventSource as unknown as typeof FakeEventSource)(url);

const untouched = (): boolean =>
  EventTarget.prototype.addEventListener === nativeAdd &&
  EventTarget.prototype.removeEventListener === nativeRemove &&
  EventTarget.prototype.dispatchEvent === nativeDispatch &&
  window.setTimeout === fx.originalSetTimeout;

describe('patches that wait for the first EventSource', () => {
  test('a page without EventSource keeps the native EventTarget methods and timers', () => {
    expect(untouched()).toBe(true);
    const target = new EventTarget();
    let seen = 0;
    target.addEventListener('ping', () => seen++);
    target.dispatchEvent(new Event('ping'));
    setTimeout(() => seen++, 5);
    fx.tick(10);
    expect(seen).toBe(2);
    expect(untouched()).toBe(true);
  });

  test('Function.prototype.toString is masked from install on, and the constructor looks native', () => {
    expect(Function.prototype.toString).not.toBe(nativeToString);
    expect(Function.prototype.toString.call(window.EventSource)).toBe(
      nativeToString.call(FakeEventSource),
    );
    expect(Function.prototype.toString.call(Function.prototype.toString)).toBe(
      'function toString() { [native code] }',
    );
    expect('prototype' in Function.prototype.toString).toBe(false);
    expect(() => new (Function.prototype.toString as unknown as new () => object)()).toThrow(
      TypeError,
    );
  });

  test('the first construction installs them before the page gets the source', () => {
    const es = open();
    expect(EventTarget.prototype.addEventListener).not.toBe(nativeAdd);
    expect(EventTarget.prototype.removeEventListener).not.toBe(nativeRemove);
    expect(EventTarget.prototype.dispatchEvent).not.toBe(nativeDispatch);
    expect(window.setTimeout).not.toBe(fx.originalSetTimeout);
    // Same task as the construction: the page's listener is already a counted one.
    es.addEventListener('message', () => {});
    es.simulateMessage('a');
    fx.tick();
    expect(fx.api.connections()[0]?.counts.messages).toBe(1);
  });

  test('close() and the on* accessors stay native until the first construction, then count', () => {
    expect(FakeEventSource.prototype.close).toBe(nativeClose);
    expect(onmessage()?.set).toBe(nativeOnmessage?.set);
    expect(onmessage()?.get).toBe(nativeOnmessage?.get);
    const es = open();
    expect(FakeEventSource.prototype.close).not.toBe(nativeClose);
    expect(onmessage()?.set).not.toBe(nativeOnmessage?.set);
    expect(String(FakeEventSource.prototype.close)).toBe(nativeToString.call(nativeClose));
    const handler = () => {};
    es.onmessage = handler;
    expect(es.onmessage).toBe(handler);
    es.simulateMessage('a');
    es.close();
    fx.tick();
    expect(fx.api.connections()[0]?.counts.messages).toBe(1);
    expect(fx.recordsOf('close')).toHaveLength(1);
  });

  test('limit: a close() saved before the first source is the native one: its call is not seen', () => {
    const savedClose = FakeEventSource.prototype.close;
    const es = open();
    savedClose.call(es);
    fx.tick();
    expect(es.readyState).toBe(2);
    expect(fx.recordsOf('close')).toEqual([]);
  });

  test('a construction that throws installs nothing', () => {
    expect(() => new (window.EventSource as unknown as new () => EventSource)()).toThrow(TypeError);
    expect(untouched()).toBe(true);
  });

  test("a page's own addEventListener patch made before the first source still runs, and is what gets wrapped", () => {
    const calls: string[] = [];
    const pagePatch = function (this: EventTarget, ...args: Parameters<typeof nativeAdd>): void {
      calls.push(String(args[0]));
      nativeAdd.apply(this, args);
    };
    EventTarget.prototype.addEventListener = pagePatch;
    try {
      const es = open();
      expect(EventTarget.prototype.addEventListener).not.toBe(pagePatch);
      // It stringifies as the page's function, as it would without the hook.
      expect(String(EventTarget.prototype.addEventListener)).toBe(nativeToString.call(pagePatch));
      es.addEventListener('message', () => {});
      es.simulateMessage('a');
      fx.tick();
      expect(calls).toEqual(['message']);
      expect(fx.api.connections()[0]?.counts.messages).toBe(1);
    } finally {
      fx.teardown();
      EventTarget.prototype.addEventListener = nativeAdd;
      fx = setUpHook();
    }
  });

  test('an error listener added through a saved native addEventListener, which runs before ours, still has its reconnect timer counted', async () => {
    const savedAdd = EventTarget.prototype.addEventListener;
    const es = open();
    savedAdd.call(es, 'error', () => {
      setTimeout(() => {}, 1000);
    });
    // Our own error listener is added at the construction's microtask checkpoint: after the page's.
    await Promise.resolve();
    es.simulateBrowserEvent('error', 0);
    fx.tick();
    expect(fx.recordsOf('timer')).toEqual([
      expect.objectContaining({ timer: 1, id: 1, phase: 'created', delay: 1000 }),
    ]);
    expect(fx.recordsOf('error')).toHaveLength(1);
    expect(fx.api.connections()[0]?.counts.errors).toBe(1);
  });

  test('limit: a message listener added through an addEventListener saved before the first source is not counted', () => {
    const savedAdd = EventTarget.prototype.addEventListener;
    const es = open();
    let received = 0;
    savedAdd.call(es, 'message', () => received++);
    es.simulateMessage('a');
    fx.tick();
    expect(received).toBe(1);
    expect(fx.api.connections()[0]?.counts.messages).toBe(0);
  });

  test('limit: a timer scheduled through a setTimeout saved before the first source is not tracked', () => {
    const savedSetTimeout = window.setTimeout;
    const es = open();
    es.onerror = () => {
      savedSetTimeout(() => {}, 1000);
    };
    es.simulateError(0);
    fx.tick();
    expect(fx.recordsOf('timer')).toEqual([]);
    expect(fx.api.connections()[0]?.counts.errors).toBe(1);
  });
});

// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { FakeEventSource } from './testing/fake-event-source';
import { setUpHook, type HookFixture } from './testing/hook-fixture';

let fx: HookFixture;
beforeEach(() => {
  fx = setUpHook();
});
afterEach(() => {
  fx.teardown();
});

const ES = (): typeof FakeEventSource => window.EventSource as unknown as typeof FakeEventSource;
const descriptorShape = (o: object, k: PropertyKey) => {
  const d = Object.getOwnPropertyDescriptor(o, k);
  return d && { writable: d.writable, enumerable: d.enumerable, configurable: d.configurable };
};

describe('the wrapped EventSource looks native', () => {
  test('window.EventSource is replaced by a wrapper, not the original', () => {
    expect(ES()).not.toBe(FakeEventSource);
    expect(fx.api.connections()).toEqual([]);
  });

  test('instances are instanceof the wrapper and of EventTarget', () => {
    const es = new (ES())('/s');
    expect(es).toBeInstanceOf(ES());
    expect(es).toBeInstanceOf(FakeEventSource);
    expect(es).toBeInstanceOf(EventTarget);
    expect(es.constructor).toBe(ES());
  });

  test('statics, prototype, name and length pass through', () => {
    expect([ES().CONNECTING, ES().OPEN, ES().CLOSED]).toEqual([0, 1, 2]);
    expect(ES().prototype).toBe(FakeEventSource.prototype);
    expect(ES().name).toBe('FakeEventSource');
    expect(ES().length).toBe(FakeEventSource.length);
  });

  test('prototype.constructor is the wrapper with the original attributes', () => {
    expect(ES().prototype.constructor).toBe(ES());
    expect(descriptorShape(ES().prototype, 'constructor')).toEqual({
      writable: true,
      enumerable: false,
      configurable: true,
    });
  });

  test('window.EventSource keeps its property attributes', () => {
    expect(descriptorShape(window, 'EventSource')).toEqual({
      writable: true,
      enumerable: true,
      configurable: true,
    });
  });

  test('subclasses construct with their own prototype and are tracked', () => {
    class Sub extends ES() {
      hello(): string {
        return `hi ${this.readyState}`;
      }
    }
    const sub = new Sub('/sub');
    expect(sub).toBeInstanceOf(Sub);
    expect(sub).toBeInstanceOf(ES());
    expect(sub.hello()).toBe('hi 0');
    expect(sub.constructor).toBe(Sub);
    expect(fx.api.connections()).toHaveLength(1);
  });

  test('Reflect.construct forwards newTarget', () => {
    function Other(): void {}
    Other.prototype = Object.create(ES().prototype) as object;
    const made = Reflect.construct(ES(), ['/x'], Other) as object;
    expect(Object.getPrototypeOf(made)).toBe(Other.prototype);
  });

  test('calling without new throws the native TypeError', () => {
    expect(() => (ES() as unknown as (u: string) => unknown)('/s')).toThrow(TypeError);
  });

  test('constructor errors reach the page unchanged and nothing is recorded', () => {
    expect(() => new (ES() as unknown as new () => unknown)()).toThrow('1 argument required');
    expect(fx.api.connections()).toEqual([]);
  });

  test('toString of every wrapper is the original source', () => {
    const toString = Function.prototype.toString;
    expect(toString.call(ES())).toBe(toString.call(FakeEventSource));
    expect(`${ES()}`).toBe(toString.call(FakeEventSource));
    expect(String(ES().prototype.close)).toMatch(/^close\(\) \{/);
    expect(String(setTimeout)).toBe(toString.call(fx.originalSetTimeout));
    expect(setTimeout.name).toBe(fx.originalSetTimeout.name);
    expect(toString.call(toString)).toBe('function toString() { [native code] }');
    expect(toString.toString()).toBe('function toString() { [native code] }');
    expect(String(EventTarget.prototype.addEventListener)).toMatch(/addEventListener/);
  });

  test('toString still throws natively on non-functions', () => {
    expect(() => Function.prototype.toString.call({})).toThrow(TypeError);
  });

  test('close keeps its name and length and is not constructible', () => {
    const close = ES().prototype.close;
    expect(close.name).toBe('close');
    expect(close.length).toBe(0);
    expect(() => new (close as unknown as new () => unknown)()).toThrow(TypeError);
  });

  test('on* handlers keep working and read back', () => {
    const es = new (ES())('/s');
    const seen: string[] = [];
    const handler = (e: MessageEvent): void => {
      seen.push(e.data as string);
    };
    es.onmessage = handler;
    expect(es.onmessage).toBe(handler);
    es.simulateMessage('a');
    expect(seen).toEqual(['a']);
    expect(Object.getOwnPropertyDescriptor(ES().prototype, 'onmessage')?.set?.name).toBe(
      'set onmessage',
    );
  });

  test('addEventListener options once and signal behave natively', () => {
    const es = new (ES())('/s');
    const seen: string[] = [];
    const ctrl = new AbortController();
    es.addEventListener('message', (e) => seen.push(`once:${(e as MessageEvent).data}`), {
      once: true,
    });
    es.addEventListener('message', (e) => seen.push(`signal:${(e as MessageEvent).data}`), {
      signal: ctrl.signal,
    });
    es.simulateMessage('1');
    ctrl.abort();
    es.simulateMessage('2');
    expect(seen).toEqual(['once:1', 'signal:1']);
  });

  test('dispatchEvent of a synthetic event reaches page listeners and returns natively', () => {
    const es = new (ES())('/s');
    const seen: unknown[] = [];
    es.addEventListener('custom', (e) => seen.push(e.type));
    expect(es.dispatchEvent(new Event('custom', { cancelable: true }))).toBe(true);
    expect(seen).toEqual(['custom']);
  });

  test('the page global is non-enumerable, non-writable and non-configurable', () => {
    const name = Object.getOwnPropertyNames(window).find((k) =>
      k.startsWith('__SSE_DEVTOOLS_HOOK_TEST_'),
    );
    expect(name).toBeDefined();
    expect(Object.keys(window)).not.toContain(name);
    expect(descriptorShape(window, name as string)).toEqual({
      writable: false,
      enumerable: false,
      configurable: false,
    });
  });

  test('uninstall restores every native', () => {
    const wrapped = ES();
    fx.teardown();
    fx = setUpHook();
    expect(wrapped).not.toBe(FakeEventSource);
    // After a teardown the fresh install wraps the original class again (no double wrapping).
    expect(Function.prototype.toString.call(ES())).toBe(
      Function.prototype.toString.call(FakeEventSource),
    );
  });
});

describe('page message listeners are wrapped invisibly', () => {
  const messages = (): number => fx.api.connections()[0]?.counts.messages ?? -1;

  test('removeEventListener with the original function removes it', () => {
    const es = new (ES())('/s');
    const seen: string[] = [];
    const listener = (e: Event): void => {
      seen.push((e as MessageEvent).data as string);
    };
    es.addEventListener('message', listener);
    es.simulateMessage('a');
    es.removeEventListener('message', listener);
    es.simulateMessage('b');
    expect(seen).toEqual(['a']);
    expect(messages()).toBe(1);
  });

  test('adding the same listener twice delivers once; the capture flag still tells them apart', () => {
    const es = new (ES())('/s');
    const seen: string[] = [];
    const listener = (e: Event): void => {
      seen.push((e as MessageEvent).data as string);
    };
    es.addEventListener('message', listener);
    es.addEventListener('message', listener);
    es.simulateMessage('deduped');
    es.addEventListener('message', listener, true);
    es.simulateMessage('twice');
    es.removeEventListener('message', listener, { capture: true });
    es.simulateMessage('once again');
    expect(seen).toEqual(['deduped', 'twice', 'twice', 'once again']);
  });

  test('the same listener for two types is two registrations, removed one by one', () => {
    const es = new (ES())('/s');
    const seen: string[] = [];
    const listener = (e: Event): void => {
      seen.push(e.type);
    };
    es.addEventListener('message', listener);
    es.addEventListener('tick', listener);
    es.removeEventListener('message', listener);
    es.simulateMessage('m');
    es.simulateMessage('t', { type: 'tick' });
    expect(seen).toEqual(['tick']);
  });

  test('listener objects get handleEvent looked up at dispatch, with the object as this', () => {
    const es = new (ES())('/s');
    const seen: string[] = [];
    const object = {
      handleEvent(this: unknown, e: Event): void {
        seen.push(`first:${(e as MessageEvent).data as string}:${String(this === object)}`);
      },
    };
    es.addEventListener('message', object);
    es.simulateMessage('a');
    object.handleEvent = function (this: unknown, e: Event): void {
      seen.push(`second:${(e as MessageEvent).data as string}:${String(this === object)}`);
    };
    es.simulateMessage('b');
    (object as { handleEvent: unknown }).handleEvent = 'not callable';
    es.simulateMessage('c');
    es.removeEventListener('message', object);
    object.handleEvent = () => seen.push('removed but called');
    es.simulateMessage('d');
    expect(seen).toEqual(['first:a:true', 'second:b:true']);
  });

  test('listeners and onmessage run with this === the EventSource', () => {
    const es = new (ES())('/s');
    const seen: boolean[] = [];
    es.addEventListener('message', function (this: unknown) {
      seen.push(this === es);
    });
    es.onmessage = function (this: unknown) {
      seen.push(this === es);
    };
    es.simulateMessage('x');
    expect(seen).toEqual([true, true]);
  });

  test('the onmessage getter returns the page function, null and re-assignment included', () => {
    const es = new (ES())('/s');
    const first = (): void => {};
    const second = (): void => {};
    expect(es.onmessage).toBeNull();
    es.onmessage = first;
    expect(es.onmessage).toBe(first);
    es.onmessage = second;
    expect(es.onmessage).toBe(second);
    es.onmessage = null;
    expect(es.onmessage).toBeNull();
    const getter = Object.getOwnPropertyDescriptor(ES().prototype, 'onmessage')?.get;
    expect(getter?.name).toBe('get onmessage');
  });

  test('an exception in a page listener leaves the dispatch; later listeners still run', () => {
    const es = new (ES())('/s');
    const seen: string[] = [];
    es.addEventListener('message', () => {
      seen.push('throws');
      throw new RangeError('page bug');
    });
    es.addEventListener('message', () => seen.push('after'));
    // jsdom reports listener exceptions of non-Node targets to its virtual console, not to
    // window.onerror: that path is checked in real Chromium (tests/e2e/hook-fidelity).
    es.simulateMessage('x');
    expect(seen).toEqual(['throws', 'after']);
    expect(messages()).toBe(1);
    expect(fx.api.stats().internalErrors).toBe(0);
  });

  test('listeners on other event targets are not wrapped', () => {
    new (ES())('/s');
    const target = new EventTarget();
    const seen: unknown[] = [];
    const listener = function (this: unknown): void {
      seen.push(this);
    };
    target.addEventListener('message', listener);
    target.dispatchEvent(new Event('message'));
    target.removeEventListener('message', listener);
    target.dispatchEvent(new Event('message'));
    expect(seen).toEqual([target]);
  });
});

describe('the hook never throws into page code', () => {
  test('a failing construction bookkeeping still returns the native object', () => {
    fx.failClock(true);
    const es = new (ES())('/ok');
    fx.failClock(false);
    expect(es).toBeInstanceOf(FakeEventSource);
    expect(es.readyState).toBe(0);
    expect(fx.api.stats().internalErrors).toBe(1);
  });

  test('page listeners run and nothing is thrown when our message observer fails', () => {
    const es = new (ES())('/s');
    const seen: string[] = [];
    const reported: unknown[] = [];
    const onError = (e: ErrorEvent): void => {
      reported.push(e.error);
    };
    window.addEventListener('error', onError);
    es.addEventListener('message', (e) => seen.push((e as MessageEvent).data as string));
    fx.tick(1000); // the construction's flush is done: the message's wake() schedules the next one
    fx.failScheduler(true);
    es.simulateMessage('still delivered');
    fx.failScheduler(false);
    window.removeEventListener('error', onError);
    expect(seen).toEqual(['still delivered']);
    expect(reported).toEqual([]);
    expect(fx.api.stats().internalErrors).toBe(1);
  });

  test('page code that replaces natives after install does not break flushing', () => {
    fx.attach({}, { dataCap: 4 });
    const es = new (ES())('/v1/events/sse?Token=abc&x=1');
    es.onmessage = () => {};
    es.simulateOpen();
    es.simulateMessage('hello world');
    const saved = {
      stringify: JSON.stringify,
      now: Date.now,
      slice: String.prototype.slice,
      indexOf: String.prototype.indexOf,
      split: String.prototype.split,
      join: Array.prototype.join,
      push: Array.prototype.push,
      setTimeout: window.setTimeout,
      keys: Object.keys,
    };
    const hostile = (): never => {
      throw new Error('replaced by the page');
    };
    try {
      JSON.stringify = hostile;
      Date.now = hostile;
      String.prototype.slice = hostile;
      String.prototype.indexOf = hostile;
      String.prototype.split = hostile;
      Array.prototype.join = hostile;
      Array.prototype.push = hostile;
      Object.keys = hostile;
      window.setTimeout = hostile as unknown as typeof setTimeout;
      fx.tick();
    } finally {
      Object.assign(String.prototype, {
        slice: saved.slice,
        indexOf: saved.indexOf,
        split: saved.split,
      });
      Object.assign(Array.prototype, { join: saved.join, push: saved.push });
      Object.assign(JSON, { stringify: saved.stringify });
      Date.now = saved.now;
      Object.keys = saved.keys;
      window.setTimeout = saved.setTimeout;
    }
    const conn = fx.recordsOf('conn')[0];
    expect(conn?.url).toBe('http://localhost:3000/v1/events/sse?Token=[redacted]&x=1');
    // (No stack assertion here: under Node, vitest's Error.prepareStackTrace is itself page-like
    // JS that uses the replaced String methods; browsers format stacks natively.)
    expect(conn?.stack).toBeTypeOf('string');
    expect(fx.recordsOf('msgs')[0]?.recent[0]).toMatchObject({ data: 'hell', cut: true, size: 11 });
    expect(fx.api.stats().internalErrors).toBe(0);
  });
});

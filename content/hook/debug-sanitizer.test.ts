import { describe, expect, test } from 'vitest';
import { isJsonValue } from '../../src/protocol/guards';
import { LIMITS } from '../../src/protocol/limits';
import { createDebugSanitizer, MAX_ITEMS, MAX_STRING } from './debug-sanitizer';
import { captureNatives } from './natives';

const sanitize = createDebugSanitizer(captureNatives(globalThis));

describe('debug value sanitizer', () => {
  test('copies the fixed client debug object as is', () => {
    const value = {
      connects: 3,
      subscribers: 2,
      hasES: true,
      readyState: 1,
      timers: 0,
      lastErrorAt: null,
    };
    expect(sanitize(value)).toEqual({ value, truncated: false });
  });

  test('cuts cycles', () => {
    const a: Record<string, unknown> = { name: 'a' };
    a.self = a;
    a.list = [a];
    const { value } = sanitize(a);
    expect(value).toEqual({ name: 'a', self: '[cycle]', list: ['[cycle]'] });
    expect(isJsonValue(value)).toBe(true);
  });

  test('keeps shared (non-cyclic) references', () => {
    const shared = { x: 1 };
    expect(sanitize({ a: shared, b: shared }).value).toEqual({ a: { x: 1 }, b: { x: 1 } });
  });

  test('handles throwing getters', () => {
    const value = {
      ok: 1,
      get bad(): never {
        throw new Error('nope');
      },
    };
    expect(sanitize(value).value).toEqual({ ok: 1, bad: '[throws]' });
  });

  test('handles hostile proxies', () => {
    const hostile = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('no keys');
        },
      },
    );
    expect(sanitize({ p: hostile }).value).toEqual({ p: '[unreadable]' });
  });

  test('caps huge arrays with a marker', () => {
    const { value, truncated } = sanitize(Array.from({ length: 100_000 }, (_, i) => i));
    expect(truncated).toBe(true);
    expect(value).toHaveLength(MAX_ITEMS + 1);
    expect((value as unknown[]).at(-1)).toBe(`[+${100_000 - MAX_ITEMS} more]`);
  });

  test('cuts deep nesting at maxDebugDepth and stays a valid protocol value', () => {
    let deep: Record<string, unknown> = { leaf: true };
    for (let i = 0; i < 50; i++) deep = { next: deep };
    const { value, truncated } = sanitize(deep);
    expect(truncated).toBe(true);
    expect(isJsonValue(value)).toBe(true);
    expect(JSON.stringify(value)).toContain('[depth]');
  });

  test('drops __proto__ keys without touching prototypes', () => {
    const value = JSON.parse('{"__proto__": {"polluted": true}, "ok": 1}') as object;
    const { value: out } = sanitize(value);
    expect(out).toEqual({ ok: 1 });
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('drops functions and symbols, nulls them in arrays, nulls non-finite numbers', () => {
    const value = {
      f() {},
      s: Symbol('x'),
      u: undefined,
      n: NaN,
      i: Infinity,
      arr: [() => 1, 2],
      big: 10n,
    };
    expect(sanitize(value).value).toEqual({ n: null, i: null, arr: [null, 2], big: '10n' });
  });

  test('turns Maps, Sets and Errors into JSON', () => {
    const value = { m: new Map([['a', 1]]), s: new Set([1, 2]), e: new TypeError('bad') };
    expect(sanitize(value).value).toEqual({
      m: [['a', 1]],
      s: [1, 2],
      e: { name: 'TypeError', message: 'bad' },
    });
  });

  test('caps long strings and the total size', () => {
    const long = 'x'.repeat(MAX_STRING * 2);
    expect((sanitize(long).value as string).length).toBe(MAX_STRING + 1);
    const big = Object.fromEntries(
      Array.from({ length: 150 }, (_, i) => [`k${i}`, 'y'.repeat(MAX_STRING)]),
    );
    const { value, truncated } = sanitize({ a: big, b: big });
    expect(truncated).toBe(true);
    expect(JSON.stringify(value).length).toBeLessThanOrEqual(LIMITS.maxDebugJson);
    expect(isJsonValue(value)).toBe(true);
  });

  test('primitives pass through', () => {
    expect(sanitize('s').value).toBe('s');
    expect(sanitize(1).value).toBe(1);
    expect(sanitize(null).value).toBeNull();
    expect(sanitize(undefined).value).toBeNull();
  });
});

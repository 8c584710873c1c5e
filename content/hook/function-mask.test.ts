import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createFunctionMask, type FunctionMask } from './function-mask';
import { captureNatives } from './natives';

let mask: FunctionMask;
const nativeToString = Function.prototype.toString;
beforeEach(() => {
  mask = createFunctionMask(captureNatives(globalThis), Function.prototype);
});
afterEach(() => {
  mask.restoreAll();
});

describe('function mask', () => {
  test('a masked wrapper stringifies as its original', () => {
    function original(a: number): number {
      return a;
    }
    const wrapper = new Proxy(original, {});
    mask.mask(wrapper, original);
    expect(Function.prototype.toString.call(wrapper)).toBe(nativeToString.call(original));
    expect(`${wrapper}`).toBe(nativeToString.call(original));
  });

  test('every wrapper stringifies as its original, past the three identity slots too', () => {
    const originals = Array.from({ length: 6 }, (_, i) => new Function(`return ${i}`));
    const wrappers = originals.map((original) => mask.mask(new Proxy(original, {}), original));
    wrappers.forEach((wrapper, i) => {
      expect(Function.prototype.toString.call(wrapper)).toBe(nativeToString.call(originals[i]));
    });
    function bystander(): void {}
    expect(Function.prototype.toString.call(bystander)).toBe(nativeToString.call(bystander));
    expect(Function.prototype.toString.call(Function.prototype.toString)).toBe(
      'function toString() { [native code] }',
    );
    for (const receiver of [null, undefined, 1, {}]) {
      expect(() => Function.prototype.toString.call(receiver)).toThrow(TypeError);
    }
  });

  test('toString itself still looks native, at every level', () => {
    expect(Function.prototype.toString).not.toBe(nativeToString);
    expect(Function.prototype.toString.toString()).toBe('function toString() { [native code] }');
    expect(Function.prototype.toString.name).toBe('toString');
    expect(Function.prototype.toString.length).toBe(0);
  });

  test('toString is a plain method with the native shape, and fails the native way', () => {
    const toString = Function.prototype.toString;
    expect('prototype' in toString).toBe(false);
    expect(Reflect.ownKeys(toString)).toEqual(Reflect.ownKeys(nativeToString));
    expect(() => new (toString as unknown as new () => object)()).toThrow(TypeError);
    const message = (fn: () => unknown): string => {
      try {
        fn();
        return 'no error';
      } catch (error) {
        return String(error);
      }
    };
    for (const value of [{}, 1, 'x', null, undefined, Symbol('s')])
      expect(message(() => toString.call(value))).toBe(message(() => nativeToString.call(value)));
    // An unmasked function, a class and a bound function stringify as natively.
    for (const fn of [
      function f(a: number) {
        return a;
      },
      class K {},
      Math.max.bind(null),
    ])
      expect(toString.call(fn)).toBe(nativeToString.call(fn));
  });

  test('replaceValue keeps the attributes and restoreAll undoes it', () => {
    const target = {};
    Object.defineProperty(target, 'f', {
      value: 1,
      writable: false,
      enumerable: false,
      configurable: true,
    });
    expect(mask.replaceValue(target, 'f', 2)).toBe(true);
    expect(Object.getOwnPropertyDescriptor(target, 'f')).toEqual({
      value: 2,
      writable: false,
      enumerable: false,
      configurable: true,
    });
    mask.restoreAll();
    expect(Object.getOwnPropertyDescriptor(target, 'f')?.value).toBe(1);
    expect(Function.prototype.toString).toBe(nativeToString);
  });

  test('non-configurable or missing properties are left alone', () => {
    const target = {};
    Object.defineProperty(target, 'fixed', { value: 1, configurable: false });
    expect(mask.replaceValue(target, 'fixed', 2)).toBe(false);
    expect(mask.replaceValue(target, 'missing', 2)).toBe(false);
    expect((target as { fixed: number }).fixed).toBe(1);
  });
});

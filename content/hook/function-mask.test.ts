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

  test('toString itself still looks native, at every level', () => {
    expect(Function.prototype.toString).not.toBe(nativeToString);
    expect(Function.prototype.toString.toString()).toBe('function toString() { [native code] }');
    expect(Function.prototype.toString.name).toBe('toString');
    expect(Function.prototype.toString.length).toBe(0);
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

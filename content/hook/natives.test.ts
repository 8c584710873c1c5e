import { describe, expect, test } from 'vitest';
import { captureNatives } from './natives';

describe('microtasks', () => {
  test('run before the next task', async () => {
    const natives = captureNatives(globalThis);
    const order: string[] = [];
    setTimeout(() => order.push('task'), 0);
    natives.queueMicrotask(() => order.push('microtask'));
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(order).toEqual(['microtask', 'task']);
  });

  test('never call a page getter or constructor put on Promise.prototype.constructor', async () => {
    const natives = captureNatives(globalThis);
    const saved = Object.getOwnPropertyDescriptor(
      Promise.prototype,
      'constructor',
    ) as PropertyDescriptor;
    let reads = 0;
    let ran = false;
    Object.defineProperty(Promise.prototype, 'constructor', {
      configurable: true,
      get() {
        reads++;
        return Promise;
      },
    });
    try {
      natives.queueMicrotask(() => {
        ran = true;
      });
      // Counted synchronously: other promise code in the test runner may read it later.
      expect(reads).toBe(0);
    } finally {
      Object.defineProperty(Promise.prototype, 'constructor', saved);
    }
    await Promise.resolve();
    expect(ran).toBe(true);
  });
});

describe("V8's promise species protector (one per renderer, shared by every page in it)", () => {
  test('no `constructor` is defined on any promise while the page keeps the natives', async () => {
    const defineProperty = Object.defineProperty;
    const keys: PropertyKey[] = [];
    Object.defineProperty = ((target: object, key: PropertyKey, d: PropertyDescriptor) => {
      keys.push(key);
      return defineProperty(target, key, d);
    }) as typeof Object.defineProperty;
    try {
      const natives = captureNatives(globalThis);
      let ran = false;
      natives.queueMicrotask(() => {
        ran = true;
      });
      await Promise.resolve();
      expect(ran).toBe(true);
    } finally {
      Object.defineProperty = defineProperty;
    }
    expect(keys).not.toContain('constructor');
  });
});

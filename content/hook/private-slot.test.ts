import { describe, expect, test } from 'vitest';
import { createPrivateSlot } from './private-slot';

describe('createPrivateSlot', () => {
  test('a value set on an object is read back, replaced by a second set', () => {
    const slot = createPrivateSlot<number>();
    const target = new EventTarget();
    slot.set(target, 1);
    expect(slot.get(target)).toBe(1);
    slot.set(target, 2);
    expect(slot.get(target)).toBe(2);
  });

  test('the page sees no trace: keys, descriptors, JSON and the prototype are unchanged', () => {
    const slot = createPrivateSlot<{ id: number }>();
    const target = { a: 1 };
    const before = {
      keys: Reflect.ownKeys(target),
      json: JSON.stringify(target),
      descriptors: Object.getOwnPropertyDescriptors(target),
      proto: Object.getPrototypeOf(target) as unknown,
    };
    slot.set(target, { id: 7 });
    expect(Reflect.ownKeys(target)).toEqual(before.keys);
    expect(JSON.stringify(target)).toBe(before.json);
    expect(Object.getOwnPropertyDescriptors(target)).toEqual(before.descriptors);
    expect(Object.getPrototypeOf(target)).toBe(before.proto);
    expect(structuredClone(target)).toEqual({ a: 1 });
  });

  test('reading runs no page code: a Proxy is never trapped, and non-objects read undefined', () => {
    const slot = createPrivateSlot<number>();
    const traps: string[] = [];
    const proxy = new Proxy(
      {},
      new Proxy(
        {},
        {
          get: (_t, name) => {
            traps.push(String(name));
            return undefined;
          },
        },
      ),
    );
    expect(slot.get(proxy)).toBeUndefined();
    for (const value of [undefined, null, 1, 'x', Symbol('s'), () => 0]) {
      expect(slot.get(value)).toBeUndefined();
    }
    expect(traps).toEqual([]);
  });

  test('a function carries a value too, its name, length and keys unchanged', () => {
    const slot = createPrivateSlot<string>();
    function listener(_event: Event): void {}
    slot.set(listener, 'page listener');
    expect(slot.get(listener)).toBe('page listener');
    expect([listener.name, listener.length]).toEqual(['listener', 1]);
    expect(Reflect.ownKeys(listener)).not.toContain('page listener');
    expect(slot.get(() => 0)).toBeUndefined();
  });

  test('two slots never see each other', () => {
    const a = createPrivateSlot<string>();
    const b = createPrivateSlot<string>();
    const target = {};
    a.set(target, 'a');
    expect(b.get(target)).toBeUndefined();
    expect(a.get(target)).toBe('a');
  });
});

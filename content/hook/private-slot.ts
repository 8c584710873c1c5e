/**
 * A value attached to objects (the registry's EventSource → Connection link, a trampoline's page
 * listener), kept in a private class field stamped onto the object instead of a WeakMap entry.
 *
 * Why: every `new EventSource()`, `close()`, `on*` assignment, lifecycle event and SSE message
 * looks its source up. A WeakMap costs a hash probe per lookup, an ephemeron-table insert per
 * construction and ephemeron work at every GC; in a storm's cold tasks each probe misses the
 * cache. A private field is an own slot of the object, read through an inline cache.
 *
 * Invisible to the page (ENGINEERING.md): private names are not reflected by any API
 * (`Reflect.ownKeys`, `Object.getOwnPropertyDescriptors`, structuredClone, `JSON.stringify`,
 * Proxy traps), and `#v in x` runs no page code. Stamping uses the constructor-return override
 * (ECMA-262 [[Construct]] of ECMAScript functions: a base constructor that returns an object
 * makes it the derived constructor's `this`), so a derived class adds its field to the page's object; no prototype, getter or setter of the
 * page is involved. Each `createPrivateSlot()` evaluates fresh classes, so its private name is
 * its own. Memory: as with a WeakMap keyed by the object, the value lives as long as the object
 * (the registry's Connection never points back at its source). Developers inspecting
 * a source in the DevTools console see the field among its private members.
 */

export interface PrivateSlot<V> {
  /** Attaches `value` to `target` (replacing an earlier one). `target` must be extensible. */
  set(target: object, value: V): void;
  /** The value attached to `target`, if any (any value may be passed; never throws). */
  get(target: unknown): V | undefined;
}

export function createPrivateSlot<V>(): PrivateSlot<V> {
  class Stamp {
    constructor(target: object) {
      // The override: `this` of the derived constructor below becomes `target`.
      return target as Stamp;
    }
  }
  class Slot extends Stamp {
    #value: V;
    constructor(target: object, value: V) {
      super(target);
      this.#value = value;
    }
    static read(target: unknown): V | undefined {
      return ((typeof target === 'object' && target !== null) || typeof target === 'function') &&
        #value in target
        ? (target as Slot).#value
        : undefined;
    }
    static write(target: object, value: V): boolean {
      if (!(#value in target)) return false;
      (target as Slot).#value = value;
      return true;
    }
  }
  return {
    set(target, value) {
      if (!Slot.write(target, value)) new Slot(target, value);
    },
    get: (target) => Slot.read(target),
  };
}

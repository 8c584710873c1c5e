/**
 * Natives the hook relies on, captured once at install (document_start, before any page script).
 * Page code that runs later may replace `JSON.stringify`, `Date.now`, `Map.prototype.get`,
 * `setTimeout`... and the hook must keep working and keep telling the truth, so nothing here is
 * looked up again at call time.
 *
 * Collections are made "safe" by copying the captured methods onto our own instances as own
 * properties: `map.get(k)` then never walks to a prototype the page could have patched, and the
 * call stays a plain monomorphic method call (no `Reflect.apply` allocation on hot paths).
 */

/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-function-type */

type AnyFn = (...args: any[]) => any;

export interface SafeWeakMap<K extends object, V> {
  get(key: K): V | undefined;
  set(key: K, value: V): unknown;
  has(key: K): boolean;
}

export interface SafeMap<K, V> {
  get(key: K): V | undefined;
  set(key: K, value: V): unknown;
  has(key: K): boolean;
  delete(key: K): boolean;
}

/** A prototype-less dictionary (no `Object.create` lookup: the literal form cannot be patched). */
export const dict = <V>(): Record<string, V> =>
  ({ __proto__: null }) as unknown as Record<string, V>;

/** Shared empty argument list for `apply(getter, obj, NO_ARGS)` (never mutated). */
export const NO_ARGS: readonly never[] = [];

export interface Natives {
  readonly apply: typeof Reflect.apply;
  readonly construct: typeof Reflect.construct;
  readonly defineProperty: typeof Object.defineProperty;
  readonly getOwnPropertyDescriptor: typeof Object.getOwnPropertyDescriptor;
  readonly getPrototypeOf: typeof Object.getPrototypeOf;
  readonly keys: typeof Object.keys;
  readonly freeze: typeof Object.freeze;
  readonly isArray: typeof Array.isArray;
  readonly isFinite: typeof Number.isFinite;
  readonly Proxy: ProxyConstructor;
  readonly Error: ErrorConstructor;
  readonly String: StringConstructor;
  readonly Map: MapConstructor;
  readonly Set: SetConstructor;
  readonly Float64Array: Float64ArrayConstructor;
  readonly stringify: typeof JSON.stringify;
  readonly decodeURIComponent: typeof decodeURIComponent;
  readonly dateNow: () => number;
  readonly perfNow: () => number;
  readonly random: () => number;
  readonly setTimeout: AnyFn;
  readonly clearTimeout: AnyFn;
  /**
   * Runs `fn` at the current task's microtask checkpoint (before any other task, e.g. an event).
   * `fn` must catch everything itself.
   */
  readonly queueMicrotask: (fn: () => void) => void;
  /** Methods called with `apply(method, receiver, args)`. */
  readonly strSlice: AnyFn;
  readonly strIndexOf: AnyFn;
  readonly strLastIndexOf: AnyFn;
  readonly strSplit: AnyFn;
  readonly strToLowerCase: AnyFn;
  readonly arrJoin: AnyFn;
  readonly mapForEach: AnyFn;
  readonly setForEach: AnyFn;
  readonly weakMap: <K extends object, V>() => SafeWeakMap<K, V>;
  readonly map: <K, V>() => SafeMap<K, V>;
}

/** Native getters of Event, MessageEvent and EventSource, read with `apply(getter, obj, NO_ARGS)`. */
export interface NativeGetters {
  readonly type: AnyFn;
  readonly timeStamp: AnyFn;
  readonly data: AnyFn;
  readonly lastEventId: AnyFn;
  readonly currentTarget: AnyFn;
  readonly readyState: AnyFn;
  readonly url: AnyFn;
  readonly withCredentials: AnyFn;
}

function method(proto: object, name: string): AnyFn {
  return (proto as Record<string, AnyFn>)[name] as AnyFn;
}

/** Captures every native from `win` (the page's global). Call once, before page scripts run. */
export function captureNatives(win: typeof globalThis): Natives {
  const R = win.Reflect;
  const O = win.Object;
  const apply = R.apply;
  const WM = win.WeakMap;
  const M = win.Map;
  const wmProto = WM.prototype;
  const wmGet = method(wmProto, 'get');
  const wmSet = method(wmProto, 'set');
  const wmHas = method(wmProto, 'has');
  const mProto = M.prototype;
  const mGet = method(mProto, 'get');
  const mSet = method(mProto, 'set');
  const mHas = method(mProto, 'has');
  const mDelete = method(mProto, 'delete');
  const perf = win.performance;
  const perfNowFn = perf && typeof perf.now === 'function' ? perf.now : null;
  const dateNow = win.Date.now;
  const setTimeoutFn = win.setTimeout as AnyFn;
  const clearTimeoutFn = win.clearTimeout as AnyFn;
  // Microtasks through `then` on our own resolved promise: ≈ 1 µs cheaper per call than Blink's
  // queueMicrotask binding (measured). `then` reads `promise.constructor[Symbol.species]` once the
  // page has redefined Promise.prototype.constructor or Promise[Symbol.species] (V8 skips the
  // lookup while both are untouched). So: while both are still the natives (two descriptor reads
  // per call), the plain promise; otherwise one whose own `constructor` data property names the
  // native Promise, so no page getter or constructor ever runs (that slower path measured ≈ 3%
  // of a reconnect storm's main-thread time, hence not used by default).
  // That second promise is made only once the page broke the lookup itself: defining
  // `constructor` on any promise turns off V8's species protector for the whole renderer, and
  // every `then`/`await` of every page in it pays the lookup from then on (≈ 1.3× in Node;
  // bench: bystander, promise `then`).
  const NativePromise = win.Promise;
  const promiseProto = NativePromise.prototype;
  const species = win.Symbol.species;
  const speciesGetter = O.getOwnPropertyDescriptor(NativePromise, species)?.get;
  const resolved = NativePromise.resolve();
  let isolated: Promise<void> | null = null;
  const defineProperty = O.defineProperty;
  const isolatedPromise = (): Promise<void> => {
    if (isolated === null) {
      isolated = NativePromise.resolve();
      defineProperty(isolated, 'constructor', { value: { [species]: NativePromise } });
    }
    return isolated;
  };
  const getOwn = O.getOwnPropertyDescriptor;
  const speciesIntact = (): boolean =>
    getOwn(promiseProto, 'constructor')?.value === NativePromise &&
    getOwn(NativePromise, species)?.get === speciesGetter;
  const promiseThen = method(promiseProto, 'then');

  return {
    apply,
    construct: R.construct,
    defineProperty: O.defineProperty,
    getOwnPropertyDescriptor: O.getOwnPropertyDescriptor,
    getPrototypeOf: O.getPrototypeOf,
    keys: O.keys,
    freeze: O.freeze,
    isArray: win.Array.isArray,
    isFinite: win.Number.isFinite,
    Proxy: win.Proxy,
    Error: win.Error,
    String: win.String,
    Map: M,
    Set: win.Set,
    Float64Array: win.Float64Array,
    stringify: win.JSON.stringify,
    decodeURIComponent: win.decodeURIComponent,
    dateNow: () => apply(dateNow, undefined, NO_ARGS) as number,
    perfNow: perfNowFn
      ? () => apply(perfNowFn, perf, NO_ARGS) as number
      : () => apply(dateNow, undefined, NO_ARGS) as number,
    random: win.Math.random,
    // Timers need the global as receiver in browsers ("Illegal invocation" otherwise).
    setTimeout: (fn: () => void, ms: number) => apply(setTimeoutFn, win, [fn, ms]),
    clearTimeout: (handle: unknown) => apply(clearTimeoutFn, win, [handle]),
    // `fn` must not throw: a rejection would reach the page's unhandledrejection handlers.
    queueMicrotask: (fn: () => void) => {
      apply(promiseThen, speciesIntact() ? resolved : isolatedPromise(), [fn]);
    },
    strSlice: method(win.String.prototype, 'slice'),
    strIndexOf: method(win.String.prototype, 'indexOf'),
    strLastIndexOf: method(win.String.prototype, 'lastIndexOf'),
    strSplit: method(win.String.prototype, 'split'),
    strToLowerCase: method(win.String.prototype, 'toLowerCase'),
    arrJoin: method(win.Array.prototype, 'join'),
    mapForEach: method(mProto, 'forEach'),
    setForEach: method(win.Set.prototype, 'forEach'),
    weakMap: <K extends object, V>() => {
      const m = new WM() as any;
      m.get = wmGet;
      m.set = wmSet;
      m.has = wmHas;
      return m as SafeWeakMap<K, V>;
    },
    map: <K, V>() => {
      const m = new M() as any;
      m.get = mGet;
      m.set = mSet;
      m.has = mHas;
      m.delete = mDelete;
      return m as SafeMap<K, V>;
    },
  };
}

/** Reads a native accessor captured from `proto` (undefined when the platform lacks it). */
export function captureGetter(proto: object | undefined, name: string): AnyFn | undefined {
  if (!proto) return undefined;
  let p: object | null = proto;
  while (p) {
    const d = Object.getOwnPropertyDescriptor(p, name);
    if (d) return typeof d.get === 'function' ? (d.get as AnyFn) : undefined;
    p = Object.getPrototypeOf(p) as object | null;
  }
  return undefined;
}

export type { AnyFn };
// Function is referenced by type only in callers that mask arbitrary natives.
export type NativeFunction = Function;

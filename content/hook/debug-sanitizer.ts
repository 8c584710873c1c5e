/**
 * Turns whatever a page debug global returns (`window.__zarizSSEDebug()`, `globalThis.__zarizSSE`)
 * into a JSON-safe copy the protocol accepts (`isJsonValue`): depth ≤ LIMITS.maxDebugDepth, JSON
 * size ≤ LIMITS.maxDebugJson, cycles cut, throwing getters and proxies handled, `__proto__` keys
 * dropped, functions and symbols dropped (null inside arrays, like JSON), non-finite numbers null.
 * Maps and Sets become arrays (entries / values) so a `timers: Set` is still readable.
 */
import { LIMITS } from '../../src/protocol/limits';
import type { Natives } from './natives';

const OMIT = Symbol('omit');
/** Items kept per array / Map / Set and keys per object before a "[+N more]" marker. */
export const MAX_ITEMS = 200;
/** Characters kept per string. */
export const MAX_STRING = 2048;
/** Estimated-size budget; the exact JSON size is checked at the end. */
const BUDGET = LIMITS.maxDebugJson - 1024;

export interface SanitizedValue {
  readonly value: unknown;
  /** True when something was cut (size, items, depth). */
  readonly truncated: boolean;
  /** Set when the value could not be made to fit at all. */
  readonly error?: string;
}

const orNull = (v: unknown): unknown => (v === OMIT ? null : v);

export type DebugSanitizer = (value: unknown) => SanitizedValue;

export function createDebugSanitizer(natives: Natives): DebugSanitizer {
  const { apply, keys, isArray, isFinite, strSlice, mapForEach, setForEach, stringify } = natives;
  const NativeError = natives.Error;
  const ObjectProto = Object.prototype;

  return function sanitize(root) {
    let budget = BUDGET;
    let truncated = false;
    const path: object[] = [];

    function str(s: string): string {
      let out = s;
      if (out.length > MAX_STRING) {
        out = (apply(strSlice, out, [0, MAX_STRING]) as string) + '…';
        truncated = true;
      }
      budget -= out.length + 2;
      return out;
    }

    function copyCollection(
      v: object,
      forEach: (...a: unknown[]) => unknown,
      depth: number,
    ): unknown[] {
      const out: unknown[] = [];
      let extra = 0;
      const isMap = forEach === mapForEach;
      apply(forEach, v, [
        (value: unknown, key: unknown) => {
          if (out.length >= MAX_ITEMS || budget <= 0) {
            extra++;
            return;
          }
          let item: unknown;
          if (!isMap) item = copy(value, depth + 1);
          else if (depth + 1 >= LIMITS.maxDebugDepth) item = '[depth]';
          else item = [orNull(copy(key, depth + 2)), orNull(copy(value, depth + 2))];
          out[out.length] = item === OMIT ? null : item;
        },
      ]);
      if (extra > 0) {
        truncated = true;
        out[out.length] = `[+${extra} more]`;
      }
      return out;
    }

    function copyObject(v: object, depth: number): unknown {
      if (isArray(v)) {
        const arr = v as unknown[];
        const len = arr.length;
        const out: unknown[] = [];
        const n = len < MAX_ITEMS ? len : MAX_ITEMS;
        for (let i = 0; i < n && budget > 0; i++) {
          let item: unknown;
          try {
            item = copy(arr[i], depth + 1);
          } catch {
            // A throwing index getter or proxy trap: show the failure in place.
            item = '[throws]';
          }
          out[out.length] = item === OMIT ? null : item;
          budget -= 1;
        }
        if (out.length < len) {
          truncated = true;
          out[out.length] = `[+${len - out.length} more]`;
        }
        return out;
      }
      const proto: unknown = natives.getPrototypeOf(v);
      if (proto !== ObjectProto && proto !== null) {
        if (v instanceof NativeError) {
          const e = v as Error;
          return { name: str(natives.String(e.name)), message: str(natives.String(e.message)) };
        }
        // Maps and Sets are recognised by their native forEach accepting them (a brand check
        // that page code cannot fake with Symbol.toStringTag).
        try {
          return copyCollection(v, mapForEach, depth);
        } catch {
          // Not a Map: try Set, then fall through to own enumerable properties.
        }
        try {
          return copyCollection(v, setForEach, depth);
        } catch {
          // Not a Set either: a class instance, copied by its own enumerable properties.
        }
      }
      const out: Record<string, unknown> = {};
      const names = keys(v);
      let kept = 0;
      for (let i = 0; i < names.length; i++) {
        const key = names[i] as string;
        if (key === '__proto__') continue;
        if (kept >= MAX_ITEMS || budget <= 0) {
          truncated = true;
          out['…'] = `[+${names.length - i} more keys]`;
          break;
        }
        let item: unknown;
        try {
          item = copy((v as Record<string, unknown>)[key], depth + 1);
        } catch {
          // Throwing getter: keep the key, show that reading it failed.
          item = '[throws]';
        }
        if (item === OMIT) continue;
        out[str(key)] = item;
        kept++;
      }
      return out;
    }

    function copy(v: unknown, depth: number): unknown {
      switch (typeof v) {
        case 'string':
          return str(v);
        case 'number':
          budget -= 8;
          return isFinite(v) ? v : null;
        case 'boolean':
          budget -= 5;
          return v;
        case 'bigint':
          return str(`${natives.String(v)}n`);
        case 'undefined':
        case 'function':
        case 'symbol':
          return OMIT;
        default:
          break;
      }
      if (v === null) {
        budget -= 4;
        return null;
      }
      const obj = v as object;
      if (budget <= 0) {
        truncated = true;
        return '[truncated]';
      }
      for (let i = 0; i < path.length; i++) if (path[i] === obj) return '[cycle]';
      if (depth >= LIMITS.maxDebugDepth) {
        truncated = true;
        return '[depth]';
      }
      path[path.length] = obj;
      try {
        return copyObject(obj, depth);
      } catch {
        // Revoked proxy, throwing ownKeys trap...: unreadable as a whole.
        return '[unreadable]';
      } finally {
        path.length--;
      }
    }

    let value = copy(root, 0);
    if (value === OMIT) value = null;
    let json: string;
    try {
      json = stringify(value) ?? 'null';
    } catch {
      // Cannot happen for our own copy unless JSON is broken; report instead of posting junk.
      return { value: null, truncated: true, error: 'unserializable' };
    }
    if (json.length > LIMITS.maxDebugJson)
      return { value: null, truncated: true, error: 'too large' };
    return { value, truncated };
  };
}

/**
 * `EventTarget.prototype.addEventListener`/`removeEventListener`/`dispatchEvent` as Proxies that
 * only look at EventSources we track (event-source-patch.ts wraps the constructor):
 * - message listeners (every type but open/error) are registered through a counting trampoline
 *   (listener-trampolines.ts), and removal substitutes the same trampoline;
 * - before the page's first addEventListener on a source, the hook's own open/error listeners are
 *   registered (`track`), so ours run first (reconnect-timers.ts);
 * - a synthetic event dispatched on a tracked source gets the same treatment first.
 *
 * Installed lazily (install.ts), at the first EventSource construction or fetch event stream:
 * nothing can add a listener to a source before one exists, and every other page pays nothing —
 * `EventTarget.prototype` holds the natives until then. What is installed wraps whatever the
 * page has there at that moment (a framework's own patch included), so calls keep reaching it.
 * Limit: a reference the page saved before the first source (`const add =
 * EventTarget.prototype.addEventListener`) stays the unwrapped function: message listeners added
 * through it are not counted (lifecycle and timers still are: reconnect-timers.ts).
 * The native call always happens; our observation runs inside try/catch around it.
 */
import type { ConnectionRegistry } from './connections';
import type { FunctionMask } from './function-mask';
import type { ListenerTrampolines } from './listener-trampolines';
import type { AnyFn, Natives } from './natives';

export interface EventTargetPatchOptions {
  readonly win: typeof globalThis;
  readonly natives: Natives;
  readonly mask: FunctionMask;
  readonly registry: ConnectionRegistry;
  readonly trampolines: ListenerTrampolines;
  internalError(): void;
}

export const isListener = (v: unknown): v is object =>
  typeof v === 'function' || (typeof v === 'object' && v !== null);
/**
 * Lifecycle types: a page listener added with addEventListener gets OUR listener before it (not a
 * trampoline: reconnect-timers.ts needs ours to run first, whatever `once`/`signal` do to the
 * page's); an `on<type>` handler is a single slot, wrapped in a trampoline that reports first.
 */
export const isMessageType = (type: string): boolean => type !== 'open' && type !== 'error';

/** Replaces the three methods on `EventTarget.prototype` (what is missing is left alone). */
export function patchEventTarget(options: EventTargetPatchOptions): void {
  const { win, natives, mask, registry, trampolines, internalError } = options;
  const { apply } = natives;
  const targetProto = win.EventTarget?.prototype as unknown as Record<string, unknown> | undefined;
  if (!targetProto) return;

  const nativeAdd = targetProto.addEventListener as AnyFn | undefined;
  if (typeof nativeAdd === 'function') {
    const add = new natives.Proxy(nativeAdd, {
      apply(target, thisArg: unknown, args: unknown[]) {
        let tracked = false;
        // Every addEventListener in the page passes here: bail out before any lookup.
        if (registry.size !== 0) {
          try {
            const type = args[0];
            const listener = args[1];
            if (
              typeof type === 'string' &&
              isListener(listener) &&
              registry.track(thisArg) !== undefined
            ) {
              tracked = true;
              // `args` is a fresh array made for this call: substituting in place is safe.
              if (isMessageType(type)) args[1] = trampolines.wrap(listener, type);
            }
          } catch {
            // Tracking failed: counted; the page's listener is added below, unwrapped.
            internalError();
          }
        }
        const result: unknown = apply(target, thisArg, args);
        if (tracked) {
          try {
            registry.listened(thisArg as EventSource, args[0] as string);
          } catch {
            // Our listen record failed: counted; the page's listener is registered regardless.
            internalError();
          }
        }
        return result;
      },
    });
    mask.mask(add, nativeAdd);
    mask.replaceValue(targetProto, 'addEventListener', add);
  }

  const nativeRemove = targetProto.removeEventListener as AnyFn | undefined;
  if (typeof nativeRemove === 'function') {
    const remove = new natives.Proxy(nativeRemove, {
      apply(target, thisArg: unknown, args: unknown[]) {
        if (registry.size !== 0) {
          try {
            const type = args[0];
            const listener = args[1];
            if (
              typeof type === 'string' &&
              isMessageType(type) &&
              isListener(listener) &&
              registry.of(thisArg) !== undefined
            ) {
              // The trampoline registered for (listener, type); absent means it was never added
              // through us, and the original is what the page registered.
              const trampoline = trampolines.existing(listener, type);
              if (trampoline !== undefined) args[1] = trampoline;
            }
          } catch {
            // Lookup failed: counted; the native call below removes what the page passed.
            internalError();
          }
        }
        return apply(target, thisArg, args) as unknown;
      },
    });
    mask.mask(remove, nativeRemove);
    mask.replaceValue(targetProto, 'removeEventListener', remove);
  }

  const nativeDispatch = targetProto.dispatchEvent as AnyFn | undefined;
  if (typeof nativeDispatch === 'function') {
    const dispatch = new natives.Proxy(nativeDispatch, {
      apply(target, thisArg: unknown, args: unknown[]) {
        if (registry.size !== 0) {
          try {
            // A synthetic event on a source created in this task: our listeners must see it too.
            registry.track(thisArg);
          } catch {
            // Tracking failed: counted; the page's event is dispatched below regardless.
            internalError();
          }
        }
        return apply(target, thisArg, args) as unknown;
      },
    });
    mask.mask(dispatch, nativeDispatch);
    mask.replaceValue(targetProto, 'dispatchEvent', dispatch);
  }
}

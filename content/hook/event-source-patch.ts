/**
 * Wraps `window.EventSource` so page code cannot tell (ENGINEERING.md: "never change what the
 * page observes of EventSource"):
 * - the constructor is a Proxy of the native with a `construct` trap that forwards `newTarget`,
 *   so `instanceof`, statics, `prototype`, `name`, `length` and `class X extends EventSource`
 *   behave natively; `prototype.constructor` points at the wrapper with its original attributes;
 * - `close` and the `on*` setters are Proxies of the natives (same name/length, not constructible);
 * - the `on*` setters store a trampoline (listener-trampolines.ts) and their getters return the
 *   page's function; `onopen`/`onerror` handlers report open/error through their trampoline;
 * - the hook's core (registry, trampolines, stacks) and the patches of `EventTarget.prototype`
 *   (event-target-patch.ts) are built at the first construction: the construct trap calls
 *   `activate` before the page gets that source, so a page without SSE builds none of them;
 * - every wrapper stringifies as its original (function-mask.ts).
 * The native call always happens first and its result/exception is the page's; our observation
 * runs after it inside try/catch, so a failure of ours never reaches the page.
 */
import type { ReadyState } from '../../src/protocol/records';
import type { ConnectionRegistry, Lineage } from './connections';
import type { FunctionMask } from './function-mask';
import type { ListenerTrampolines } from './listener-trampolines';
import type { StackCapture } from './stack-trace';
import { isMessageType } from './event-target-patch';
import { NO_ARGS, type AnyFn, type NativeGetters, type Natives } from './natives';

/** What observing sources needs, built at the first construction (install.ts). */
export interface EventSourceCore {
  readonly getters: NativeGetters;
  readonly registry: ConnectionRegistry;
  readonly trampolines: ListenerTrampolines;
  /** The reconnect timer whose callback is running, if any (lineage of new connections). */
  lineage(): Lineage | null;
  /** Sampling budget and Error.stackTraceLimit pinning for stack captures (stack-trace.ts). */
  readonly stacks: StackCapture;
}

export interface EventSourcePatchOptions {
  readonly win: typeof globalThis;
  readonly natives: Natives;
  readonly mask: FunctionMask;
  /**
   * Builds the core and installs the patches that wait for a first source (install.ts), before
   * the page gets it; null if that failed (the source then goes unobserved). Called at every
   * construction: one test once done. Never throws.
   */
  activate(): EventSourceCore | null;
  internalError(): void;
}

const HANDLER_TYPES: ReadonlyArray<readonly [string, string]> = [
  ['onopen', 'open'],
  ['onmessage', 'message'],
  ['onerror', 'error'],
];

/** Returns false (and changes nothing) when the page has no EventSource. */
export function patchEventSource(options: EventSourcePatchOptions): boolean {
  const { win, natives, mask, activate, internalError } = options;
  const { apply, construct } = natives;
  const NativeError = natives.Error;
  const NativeEventSource = (win as { EventSource?: typeof EventSource }).EventSource;
  if (typeof NativeEventSource !== 'function') return false;
  const proto = NativeEventSource.prototype as unknown as Record<string, unknown>;

  const Wrapped: typeof EventSource = new natives.Proxy(NativeEventSource, {
    construct(target, args, newTarget) {
      // Skipping the proxy as newTarget saves a trapped `prototype` lookup; subclasses pass theirs.
      const es = construct(target, args, newTarget === Wrapped ? target : newTarget) as EventSource;
      try {
        const core = activate();
        if (core === null) return es;
        const { stacks, registry } = core;
        patchPrototype(core);
        // Capture only; the stack string is built at flush time, off the page's call. `new Error()`
        // stays in this frame: a helper would add a frame to every capture (stack-trace.ts).
        let error: unknown = null;
        if (stacks.take()) {
          const pinned = stacks.pin();
          try {
            error = new NativeError();
          } finally {
            stacks.unpin(pinned);
          }
        }
        // The arguments list is the engine's fresh array: reading it runs no page code.
        const init: unknown = args.length > 1 ? args[1] : undefined;
        registry.created(es, error, core.lineage(), init !== undefined && init !== null);
      } catch {
        // The page still gets its working native EventSource.
        internalError();
      }
      return es;
    },
  });
  mask.mask(Wrapped, NativeEventSource);

  /**
   * `close()` and the `on*` accessors are patched at the first construction, before the page gets
   * that source: until then no source exists to call them on, and a page without SSE keeps the
   * natives (and Function.prototype.toString stays on its fast path, function-mask.ts). The cost,
   * documented: a page that saved `EventSource.prototype.close` or an `on*` setter before its
   * first source and calls the saved one later is not seen through that call.
   */
  let prototypePatched = false;
  function patchPrototype(core: EventSourceCore): void {
    if (prototypePatched) return;
    prototypePatched = true;
    const { getters, registry, trampolines, stacks } = core;
    const nativeClose = proto.close as AnyFn;
    if (typeof nativeClose === 'function') {
      const close = new natives.Proxy(nativeClose, {
        apply(target, thisArg: unknown, args: unknown[]) {
          let prior: ReadyState | -1 = -1;
          const conn = registry.of(thisArg);
          if (conn !== undefined) {
            try {
              // CLOSED is final: once seen, no need to ask the source again; a source made in this
              // task is still CONNECTING (connections.ts `unsettled`).
              prior =
                conn.readyState === 2
                  ? 2
                  : conn.unsettled
                    ? 0
                    : (apply(getters.readyState, thisArg, NO_ARGS) as ReadyState);
            } catch {
              // Unreachable for a tracked source; the native call below decides what happens.
              internalError();
            }
          }
          const result: unknown = apply(target, thisArg, args);
          if (conn !== undefined && prior !== -1) {
            try {
              let error: unknown = null;
              // close() on a source the browser already CLOSED changes nothing: no stack for it
              // (the storm's costliest capture, in the error task; registry.closed says why).
              if (prior !== 2 && stacks.take()) {
                const pinned = stacks.pin();
                try {
                  error = new NativeError();
                } finally {
                  stacks.unpin(pinned);
                }
              }
              registry.closed(conn, prior, error);
            } catch {
              // Stack capture or our bookkeeping failed: counted; the page's close() has already run.
              internalError();
            }
          }
          return result;
        },
      });
      mask.mask(close, nativeClose);
      mask.replaceValue(proto, 'close', close);
    }

    for (let i = 0; i < HANDLER_TYPES.length; i++) {
      const [property, type] = HANDLER_TYPES[i] as readonly [string, string];
      const descriptor = natives.getOwnPropertyDescriptor(proto, property);
      const nativeSet = descriptor?.set;
      if (typeof nativeSet !== 'function') continue;
      const lifecycle = isMessageType(type) ? null : (type as 'open' | 'error');
      const set = new natives.Proxy(nativeSet, {
        apply(target, thisArg: unknown, args: unknown[]) {
          let tracked = false;
          // A handler that is not a function clears the slot (the IDL attribute stores null).
          const handled = typeof args[0] === 'function';
          try {
            if (lifecycle === null) {
              tracked = handled && registry.track(thisArg) !== undefined;
              if (tracked) args[0] = trampolines.wrap(args[0] as object, type);
            } else if (registry.of(thisArg) !== undefined) {
              // Wrapped first, so a failure below leaves the page's own function in place.
              const wrapped = handled ? trampolines.handler(args[0] as AnyFn, type) : args[0];
              tracked = registry.handlerSet(thisArg, lifecycle, handled) && handled;
              args[0] = wrapped;
            }
          } catch {
            // Unwrapped, the page's handler still runs; only its events go unobserved by it.
            internalError();
          }
          const result: unknown = apply(target, thisArg, args);
          try {
            if (tracked) registry.listened(thisArg as EventSource, type);
          } catch {
            // Our listen record failed: counted; the page's listener is registered regardless.
            internalError();
          }
          return result;
        },
      });
      mask.mask(set, nativeSet);
      mask.replaceSetter(proto, property, set);
      const nativeGet = descriptor?.get;
      if (typeof nativeGet === 'function') {
        // The page reads back its own function, never our trampoline.
        const get = new natives.Proxy(nativeGet, {
          apply(target, thisArg: unknown, args: unknown[]) {
            return trampolines.original(apply(target, thisArg, args));
          },
        });
        mask.mask(get, nativeGet);
        mask.replaceGetter(proto, property, get);
      }
    }
  }

  mask.replaceValue(proto, 'constructor', Wrapped);
  mask.replaceValue(win, 'EventSource', Wrapped);
  return true;
}

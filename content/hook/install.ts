/**
 * Wires the page hook together (once per document) and exposes `window.__SSE_DEVTOOLS_HOOK__`.
 *
 * Record flow:
 *   page calls / EventSource events ─▶ connections.ts / reconnect-timers.ts ─▶ emit()
 *   emit() ─▶ record-log (seq, t, bounded ring) ─▶ batcher (≈50 ms or MAX_PENDING records)
 *   flush: msgs records for connections with traffic, lazy stacks/URLs formatted, `dropped`
 *          noted, then — only while attached — everything after `sentSeq` is posted as
 *          `page:records` batches (≤ LIMITS.maxRecordsPerBatch).
 *   relay:attach {cursors} sets sentSeq = cursors[session] ?? 0, so attach = replay + stream.
 */
import { LIMITS } from '../../src/protocol/limits';
import type { PageToRelay, RelayToPage } from '../../src/protocol/messages';
import {
  DEFAULT_HOOK_SETTINGS,
  type HookSettings,
  type RecordDraft,
} from '../../src/protocol/records';
import { PROTOCOL_VERSION, RELAY_WAKE_EVENT, SOURCE } from '../../src/protocol/version';
import { createBatcher, type Batcher, type Scheduler } from './batcher';
import { listenForCensus } from './census';
import type { ConnectionSnapshot } from './connection-snapshot';
import { createConnectionRegistry } from './connections';
import { createDebugPoller, type DebugPoller } from './debug-poller';
import { createDebugSanitizer } from './debug-sanitizer';
import { patchEventSource, type EventSourceCore } from './event-source-patch';
import { patchEventTarget } from './event-target-patch';
import { patchFetch, type FetchStreams } from './fetch-streams';
import { createFunctionMask } from './function-mask';
import { createListenerTrampolines } from './listener-trampolines';
import { captureGetter, captureNatives, NO_ARGS, type AnyFn, type NativeGetters } from './natives';
import { trackReconnectTimers, type ReconnectTimers } from './reconnect-timers';
import {
  createRecordLog,
  RECORD_OVERHEAD,
  type RecordLog,
  type RecordLogStats,
} from './record-log';
import { createRelayChannel, type ChannelFactory, type PageChannel } from './relay-channel';
import {
  createStackCapture,
  createStackFormatter,
  createStackSampler,
  findOwnScriptUrl,
  type StackFormatter,
  type StackSampler,
} from './stack-trace';
import { createUrlRedactor, type UrlRedactor } from './url-redaction';
import { createProbeResponder, type ProbeResponder } from './probe-responder';

export const HOOK_VERSION = '1.0.0';
export const GLOBAL_NAME = '__SSE_DEVTOOLS_HOOK__';
/**
 * Flush period while a panel is attached: tens of ms, not per message (each SSE message is its own
 * task, so a per-message post would cost 4–8x native throughput; batcher.ts).
 */
export const FLUSH_MS = 50;
/** Flush period while detached: only aggregates traffic and formats stacks into the buffer. */
export const IDLE_FLUSH_MS = 250;
/**
 * Stack captures (constructions and close() calls). Naming the code that created each connection
 * is the product's core promise, so a realistic legacy storm must keep every stack: a storm of
 * 1 000 connections in 10 s is 100 constructions + 100 closes per second, well inside the refill.
 * Only pathological rates (> 500/s sustained after a 1 000 burst) are sampled, one in 32, and
 * counted in `stats().unsampledStacks`. Capture is an `Error` allocation; formatting is lazy.
 */
export const STACK_BUDGET = { burst: 1000, perSecond: 500, sampleEvery: 32 } as const;
/** Pending records that trigger an early flush. */
export const MAX_PENDING = 500;
/**
 * Least gap between early (size-cap) flushes: ≤ 100 flushes/s stays well under the relay's
 * LIMITS.maxBatchesPerSecond (200) even when a flush needs two batches.
 */
export const MIN_FLUSH_GAP_MS = 10;

export interface HookStats extends RecordLogStats {
  readonly attached: boolean;
  readonly session: string;
  readonly connections: number;
  readonly pendingTimers: number;
  readonly postFailures: number;
  readonly rejectedMessages: number;
  readonly internalErrors: number;
  /** Constructions/close() calls whose stack was not captured (pathological rates only). */
  readonly unsampledStacks: number;
}

export interface HookApi {
  readonly version: string;
  readonly session: string;
  connections(): ConnectionSnapshot[];
  annotate(eventSource: unknown, info: unknown): boolean;
  stats(): HookStats;
}

export interface HookOptions {
  readonly win?: typeof globalThis;
  /** Name of the page global (tests use unique names: the real one is non-configurable). */
  readonly globalName?: string;
  readonly now?: () => number;
  readonly random?: () => number;
  /** The event being dispatched right now; default: the native `window.event` getter. */
  readonly currentEvent?: () => unknown;
  /** Transport to the relay; default: window.postMessage. */
  readonly channel?: ChannelFactory;
  /** Timers for flushes and polling; default: the native setTimeout captured at install. */
  readonly scheduler?: Scheduler;
  /**
   * Wakes this frame's relay at the first stream (content/relay.ts sleeps until then); default:
   * RELAY_WAKE_EVENT dispatched on `performance`.
   */
  readonly wakeRelay?: () => void;
}

export interface InstalledHook {
  readonly api: HookApi;
  /** Runs a flush now (tests). */
  flush(): void;
  /** Restores every patched native (tests; the page never gets this). */
  uninstall(): void;
}

/** `stats()` of a frame whose hook has seen no stream yet (no record log exists). */
const EMPTY_LOG_STATS: RecordLogStats = {
  bufferedRecords: 0,
  bufferedBytes: 0,
  dropped: 0,
  seq: 0,
};

function mustGet(proto: object | undefined, name: string): AnyFn {
  const getter = captureGetter(proto, name);
  if (getter === undefined) throw new Error(`sse-devtools hook: no native getter ${name}`);
  return getter;
}

/** Installs the hook into `win` once; returns null if already installed or impossible. */
export function installHook(options: HookOptions = {}): InstalledHook | null {
  const win = options.win ?? globalThis;
  const globalName = options.globalName ?? GLOBAL_NAME;
  if (Object.getOwnPropertyDescriptor(win, globalName) !== undefined) return null;
  if (typeof win.EventTarget !== 'function' || typeof win.Proxy !== 'function') return null;
  if (typeof (win as { EventSource?: unknown }).EventSource !== 'function') return null;

  const natives = captureNatives(win);
  const { apply } = natives;
  const now = options.now ?? natives.dateNow;
  const random = options.random ?? natives.random;
  const mask = createFunctionMask(natives, win.Function.prototype);
  try {
    const session = `${natives.String(now())}-${(random() * 2 ** 52).toString(36)}`;
    const nativeAddListener = win.EventTarget.prototype.addEventListener as unknown as AnyFn;
    // The relay's wake-up: natives taken now, used at the first stream.
    const wakeTarget = captureGetter(win, 'performance');
    const nativeDispatch = win.EventTarget.prototype.dispatchEvent as unknown as AnyFn;
    const NativeEvent = win.Event;
    const wakeRelay =
      options.wakeRelay ??
      ((): void => {
        const target: unknown = wakeTarget ? apply(wakeTarget, win, NO_ARGS) : undefined;
        if (target)
          apply(nativeDispatch, target, [natives.construct(NativeEvent, [RELAY_WAKE_EVENT])]);
      });

    let settings: HookSettings = DEFAULT_HOOK_SETTINGS;
    let attached = false;
    let sentSeq = 0;
    let flushing = false;
    let postFailures = 0;
    let rejectedMessages = 0;
    let internalErrors = 0;
    const internalError = (): void => {
      internalErrors++;
    };

    /**
     * Everything below `core` is built at the first stream (an EventSource constructed, or a fetch
     * answered with an event stream), not at install: the hook runs in every frame of every page,
     * and a frame that never uses SSE then pays only for the patched EventSource and fetch (bench:
     * bystander install cost). Until then the page global answers with no connections, and the
     * relay sleeps (content/relay.ts). The hello record is the core's first record, so
     * `seq === 1` still tells a panel it has the frame's whole story; its URL is the frame's at
     * that moment.
     */
    interface Core extends EventSourceCore {
      readonly log: RecordLog;
      readonly batcher: Batcher;
      readonly poller: DebugPoller;
      readonly probes: ProbeResponder;
      readonly redactor: UrlRedactor;
      readonly sampler: StackSampler;
      readonly timers: ReconnectTimers;
      readonly channel: PageChannel;
      readonly stopCensus: (() => void) | null;
    }
    let core: Core | null = null;
    /** Set once building the core failed: never tried again, streams go unobserved. */
    let coreFailed = false;

    // fetch() calls have their own budget: a page's ordinary requests must not use up the stacks
    // of its EventSources. Taken at every fetch call, so built now.
    const fetchSampler = createStackSampler({ now, ...STACK_BUDGET });
    let fetches: FetchStreams | null = null;

    const emit = (draft: RecordDraft, bytes: number): void => {
      const c = core as Core;
      c.log.append(draft, bytes);
      c.batcher.add(1);
    };
    let stacks: StackFormatter | null = null;
    const formatStack = (error: unknown, skip: number): string =>
      stacks === null ? '' : stacks.format(error, skip);
    /** Redacts a connection's URL and remembers the real one for a later probe (probe-responder.ts). */
    const redactConnectionUrl = (url: string): string => {
      const c = core as Core;
      const redacted = c.redactor.redact(url);
      c.probes.remember(redacted, url);
      return redacted;
    };

    function buildCore(): Core {
      const esProto = (win as { EventSource?: typeof EventSource }).EventSource?.prototype;
      const getters: NativeGetters = {
        type: mustGet(win.Event.prototype, 'type'),
        timeStamp: mustGet(win.Event.prototype, 'timeStamp'),
        currentTarget: mustGet(win.Event.prototype, 'currentTarget'),
        data: mustGet(win.MessageEvent.prototype, 'data'),
        lastEventId: mustGet(win.MessageEvent.prototype, 'lastEventId'),
        readyState: mustGet(esProto, 'readyState'),
        url: mustGet(esProto, 'url'),
        withCredentials: mustGet(esProto, 'withCredentials'),
      };
      // Event.timeStamp counts from the time origin; the hook's records use `now` (epoch ms). With
      // an injected clock (tests), samples read that clock at flush instead.
      let timeOrigin = NaN;
      try {
        timeOrigin = +(win.performance?.timeOrigin ?? NaN);
      } catch {
        // A page-replaced `performance` getter that throws: samples then take `now()` at flush.
      }
      const eventTime =
        options.now !== undefined || !natives.isFinite(timeOrigin)
          ? () => now()
          : (event: object): number => {
              try {
                const stamp: unknown = apply(getters.timeStamp, event, NO_ARGS);
                return typeof stamp === 'number' ? timeOrigin + stamp : now();
              } catch {
                // Not an Event (cannot happen through dispatch): the flush time stands in.
                return now();
              }
            };
      const eventGet = captureGetter(win, 'event');
      const currentEvent =
        options.currentEvent ?? (eventGet ? () => apply(eventGet, win, NO_ARGS) : () => undefined);
      const scheduler: Scheduler = options.scheduler ?? {
        set: natives.setTimeout,
        clear: natives.clearTimeout,
      };

      const log = createRecordLog({ budget: settings.bufferBytes, now });
      // The hello first: seq 1 (see above).
      let top = false;
      try {
        top = (win.top as unknown) === win;
      } catch {
        // Cross-origin parent access can throw in exotic embeddings: then we are not top.
      }
      const redactor = createUrlRedactor(natives, settings.redactParams);
      let url = '';
      try {
        url = redactor.redact(natives.String(win.location?.href ?? ''));
      } catch {
        // about:blank-like documents without a readable location: keep the hello without a URL.
      }
      // Into the buffer without waking the batcher: a detached flush has nothing to do for it
      // (the attach flushes it anyway).
      log.append({ k: 'hello', url, top, hookVersion: HOOK_VERSION }, RECORD_OVERHEAD + url.length);

      // Before any page stream could be probed: the probe's request is ours, not the page's.
      const probes = createProbeResponder({
        win,
        natives,
        redactParams: () => settings.redactParams,
        post: (message) => {
          if (core === null || !core.channel.post(message)) postFailures++;
        },
      });
      stacks = createStackFormatter(natives, () => findOwnScriptUrl(natives));

      const registry = createConnectionRegistry({
        natives,
        getters,
        addListener: nativeAddListener,
        emit,
        resize: (draft, bytes) => log.resize(draft, bytes),
        wake: () => batcher.add(0),
        now,
        eventTime,
        redact: redactConnectionUrl,
        formatStack,
        dataCap: () => settings.dataCap,
        internalError,
      });

      const poller = createDebugPoller({
        win,
        natives,
        scheduler,
        sanitize: createDebugSanitizer(natives),
        clock: natives.perfNow,
        emit,
      });
      poller.configure(settings.debugGlobals, settings.pollMs);

      const batcher = createBatcher({
        scheduler,
        delayMs: IDLE_FLUSH_MS,
        maxPending: MAX_PENDING,
        flush,
        minIntervalMs: MIN_FLUSH_GAP_MS,
        now: natives.perfNow,
      });

      const trampolines = createListenerTrampolines({
        natives,
        count: (target, event, type) => registry.counted(target, event, type),
        lifecycle: (target, event, type) => registry.lifecycle(target, event, type),
        internalError,
      });
      const sampler = createStackSampler({ now, ...STACK_BUDGET });
      const timers = trackReconnectTimers({
        win,
        natives,
        mask,
        registry,
        getters,
        currentEvent,
        emit,
        internalError,
        failedStream: fetches === null ? undefined : fetches.failed,
      });
      // Nothing can listen to a source, or schedule a timer from its error event, before one
      // exists: EventTarget.prototype and setTimeout/clearTimeout are patched now, before the
      // page gets its first source or stream (bench: bystander).
      try {
        patchEventTarget({ win, natives, mask, registry, trampolines, internalError });
        timers.install();
      } catch {
        // A bug of ours while patching: counted; sources are still seen through the constructor
        // and their on* handlers.
        internalError();
      }

      const channel = (options.channel ?? createRelayChannel(win, natives, nativeAddListener))({
        message(message) {
          try {
            receive(message);
          } catch {
            // A message we validated but failed to apply: counted; the next attach resends
            // settings.
            internalError();
          }
        },
        rejected() {
          rejectedMessages++;
        },
      });
      // Asked while dormant too: the socket census counts every tab, inspected or not. On
      // `performance` (census.ts says why), read through the getter captured at install.
      const stopCensus = listenForCensus({
        win,
        target: (wakeTarget ? apply(wakeTarget, win, NO_ARGS) : win.performance) as EventTarget,
        natives,
        addListener: nativeAddListener,
        connections: () => api.connections(),
        now: natives.perfNow,
        internalError,
      });
      return {
        getters,
        registry,
        trampolines,
        lineage: () => timers.running(),
        stacks: createStackCapture(natives, sampler),
        log,
        batcher,
        poller,
        probes,
        redactor,
        sampler,
        timers,
        channel,
        stopCensus,
      };
    }

    /** Builds the core at the first stream and wakes the relay; null if building failed. */
    const activate = (): Core | null => {
      if (core !== null || coreFailed) return core;
      try {
        core = buildCore();
      } catch {
        // A bug of ours, or a platform without some native: counted; streams go unobserved.
        coreFailed = true;
        internalError();
        return null;
      }
      try {
        wakeRelay();
      } catch {
        // A page that replaced `performance` with something else: no relay hears us, and the
        // records wait in the buffer (a page dispatching the event wakes it, too).
        internalError();
      }
      return core;
    };

    function post(c: Core): void {
      for (;;) {
        const records = c.log.since(sentSeq, LIMITS.maxRecordsPerBatch, LIMITS.maxBatchBytes);
        const last = records[records.length - 1];
        if (last === undefined) return;
        sentSeq = last.seq;
        const message: PageToRelay = {
          source: SOURCE,
          version: PROTOCOL_VERSION,
          kind: 'page:records',
          session,
          records,
        };
        if (!c.channel.post(message)) {
          // Counted, not retried: the records stay in the buffer for the next attach's replay.
          postFailures++;
          return;
        }
      }
    }

    function flush(): void {
      const c = core;
      if (flushing || c === null) return;
      flushing = true;
      try {
        c.registry.settle();
        c.registry.flushTraffic();
        c.registry.finalize();
        if (fetches !== null) {
          fetches.flushTraffic();
          fetches.finalize();
        }
        c.log.noteDrops();
        if (attached) post(c);
      } catch {
        // A bug of ours in one flush step: counted; the next flush starts afresh.
        internalError();
      } finally {
        flushing = false;
      }
    }

    function applySettings(c: Core, next: HookSettings): void {
      settings = next;
      c.redactor.setParams(next.redactParams);
      c.log.setBudget(next.bufferBytes);
      c.poller.configure(next.debugGlobals, next.pollMs);
    }

    function receive(message: RelayToPage): void {
      const c = core as Core;
      switch (message.kind) {
        case 'relay:attach': {
          applySettings(c, message.settings);
          const cursor = natives.getOwnPropertyDescriptor(message.cursors, session)?.value as
            number | undefined;
          sentSeq = cursor === undefined || cursor > c.log.lastSeq ? 0 : cursor;
          attached = true;
          c.batcher.setDelay(FLUSH_MS);
          c.poller.stop();
          c.poller.start();
          c.batcher.flushNow();
          break;
        }
        case 'relay:probe':
          c.probes.probe(message.probeId, message.url, message.withCredentials);
          break;
        case 'relay:detach':
          attached = false;
          c.poller.stop();
          c.batcher.setDelay(IDLE_FLUSH_MS);
          break;
        case 'relay:settings':
          applySettings(c, message.settings);
          if (attached) {
            c.poller.stop();
            c.poller.start();
          }
          break;
      }
    }

    try {
      fetches = patchFetch({
        win,
        natives,
        mask,
        allocateId: () => (core as Core).registry.allocateId(),
        emit,
        resize: (draft, bytes) => (core as Core).log.resize(draft, bytes),
        wake: () => (core as Core).batcher.add(0),
        now,
        redact: redactConnectionUrl,
        formatStack,
        dataCap: () => settings.dataCap,
        // No reconnect timer can be running before the first stream (timers are patched then).
        lineage: () => (core === null ? null : core.timers.running()),
        stacks: createStackCapture(natives, fetchSampler),
        // A stream the core cannot observe (building it failed) is left to the page, untouched.
        onStream: () => activate() !== null,
        internalError,
      });
    } catch {
      // A platform without some stream native: EventSource observation still works.
      internalError();
    }
    patchEventSource({ win, natives, mask, activate, internalError });

    const api: HookApi = natives.freeze({
      version: HOOK_VERSION,
      session,
      connections() {
        try {
          if (core === null) return [];
          core.registry.finalize();
          const sources = core.registry.snapshot();
          if (fetches === null) return sources;
          fetches.finalize();
          const streams = fetches.snapshot();
          // Both lists are in id order: merged (no Array.prototype.sort, which the page can
          // replace) so the answer stays in creation order.
          const out: ConnectionSnapshot[] = [];
          let a = 0;
          let b = 0;
          while (a < sources.length || b < streams.length) {
            const x = sources[a];
            const y = streams[b];
            if (y === undefined || (x !== undefined && x.id < y.id)) {
              out[out.length] = x as ConnectionSnapshot;
              a++;
            } else {
              out[out.length] = y;
              b++;
            }
          }
          return out;
        } catch {
          // Called by page code: a bug of ours must not throw at it; counted, empty answer.
          internalError();
          return [];
        }
      },
      annotate(eventSource: unknown, info: unknown) {
        try {
          if (core === null) return false;
          return (
            core.registry.annotate(eventSource, info) ||
            (fetches !== null && fetches.annotate(eventSource, info))
          );
        } catch {
          // Called by page code: a bug of ours must not throw at it; counted, not annotated.
          internalError();
          return false;
        }
      },
      stats(): HookStats {
        const c = core;
        return {
          ...(c === null ? EMPTY_LOG_STATS : c.log.stats()),
          attached,
          session,
          connections: c === null ? 0 : c.registry.size + (fetches === null ? 0 : fetches.size),
          pendingTimers: c === null ? 0 : c.registry.pendingTimers,
          postFailures,
          rejectedMessages,
          internalErrors,
          unsampledStacks: c === null ? 0 : c.sampler.unsampled,
        };
      },
    });
    natives.defineProperty(win, globalName, {
      value: api,
      enumerable: false,
      writable: false,
      configurable: false,
    });

    return {
      api,
      flush: () => core?.batcher.flushNow(),
      uninstall() {
        attached = false;
        if (core !== null) {
          core.poller.stop();
          core.batcher.cancel();
          core.channel.dispose();
          core.stopCensus?.();
        }
        mask.restoreAll();
      },
    };
  } catch {
    // Never break the page: undo whatever was patched and stay out of the way.
    mask.restoreAll();
    return null;
  }
}

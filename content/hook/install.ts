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
import { PROTOCOL_VERSION, SOURCE } from '../../src/protocol/version';
import { createBatcher, type Scheduler } from './batcher';
import { listenForCensus } from './census';
import type { ConnectionSnapshot } from './connection-snapshot';
import { createConnectionRegistry } from './connections';
import { createDebugPoller } from './debug-poller';
import { createDebugSanitizer } from './debug-sanitizer';
import { patchEventSource } from './event-source-patch';
import { patchEventTarget } from './event-target-patch';
import { patchFetch, type FetchStreams } from './fetch-streams';
import { createFunctionMask } from './function-mask';
import { createListenerTrampolines } from './listener-trampolines';
import { captureGetter, captureNatives, NO_ARGS, type AnyFn, type NativeGetters } from './natives';
import { trackReconnectTimers } from './reconnect-timers';
import { createRecordLog, RECORD_OVERHEAD, type RecordLogStats } from './record-log';
import { createRelayChannel, type ChannelFactory } from './relay-channel';
import {
  createStackCapture,
  createStackFormatter,
  createStackSampler,
  findOwnScriptUrl,
} from './stack-trace';
import { createUrlRedactor } from './url-redaction';
import { createProbeResponder } from './probe-responder';

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
}

export interface InstalledHook {
  readonly api: HookApi;
  /** Runs a flush now (tests). */
  flush(): void;
  /** Restores every patched native (tests; the page never gets this). */
  uninstall(): void;
}

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

  const natives = captureNatives(win);
  const { apply } = natives;
  const now = options.now ?? natives.dateNow;
  const random = options.random ?? natives.random;
  const mask = createFunctionMask(natives, win.Function.prototype);
  try {
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
    // Event.timeStamp counts from the time origin; the hook's records use `now` (epoch ms). With an
    // injected clock (tests), samples read that clock at flush instead.
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
    const nativeAddListener = win.EventTarget.prototype.addEventListener as unknown as AnyFn;
    const scheduler: Scheduler = options.scheduler ?? {
      set: natives.setTimeout,
      clear: natives.clearTimeout,
    };
    const session = `${natives.String(now())}-${(random() * 2 ** 52).toString(36)}`;

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

    const log = createRecordLog({ budget: settings.bufferBytes, now });
    const redactor = createUrlRedactor(natives, settings.redactParams);
    // Before the fetch patch: the probe's request is ours, not one of the page's streams.
    const probes = createProbeResponder({
      win,
      natives,
      redactParams: () => settings.redactParams,
      post: (message) => {
        if (channel === null || !channel.post(message)) postFailures++;
      },
    });
    /** Redacts a connection's URL and remembers the real one for a later probe (probe-responder.ts). */
    const redactConnectionUrl = (url: string): string => {
      const redacted = redactor.redact(url);
      probes.remember(redacted, url);
      return redacted;
    };
    const stacks = createStackFormatter(natives, () => findOwnScriptUrl(natives));
    const emit = (draft: RecordDraft, bytes: number): void => {
      log.append(draft, bytes);
      batcher.add(1);
    };

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
      formatStack: (error, skip) => stacks.format(error, skip),
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

    let channel: ReturnType<ChannelFactory> | null = null;

    function post(): void {
      for (;;) {
        const records = log.since(sentSeq, LIMITS.maxRecordsPerBatch, LIMITS.maxBatchBytes);
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
        if (channel === null || !channel.post(message)) {
          // Counted, not retried: the records stay in the buffer for the next attach's replay.
          postFailures++;
          return;
        }
      }
    }

    function flush(): void {
      if (flushing) return;
      flushing = true;
      try {
        registry.settle();
        registry.flushTraffic();
        registry.finalize();
        if (fetches !== null) {
          fetches.flushTraffic();
          fetches.finalize();
        }
        log.noteDrops();
        if (attached) post();
      } catch {
        // A bug of ours in one flush step: counted; the next flush starts afresh.
        internalError();
      } finally {
        flushing = false;
      }
    }

    const batcher = createBatcher({
      scheduler,
      delayMs: IDLE_FLUSH_MS,
      maxPending: MAX_PENDING,
      flush,
      minIntervalMs: MIN_FLUSH_GAP_MS,
      now: natives.perfNow,
    });

    function applySettings(next: HookSettings): void {
      settings = next;
      redactor.setParams(next.redactParams);
      log.setBudget(next.bufferBytes);
      poller.configure(next.debugGlobals, next.pollMs);
    }

    function receive(message: RelayToPage): void {
      switch (message.kind) {
        case 'relay:attach': {
          applySettings(message.settings);
          const cursor = natives.getOwnPropertyDescriptor(message.cursors, session)?.value as
            number | undefined;
          sentSeq = cursor === undefined || cursor > log.lastSeq ? 0 : cursor;
          attached = true;
          batcher.setDelay(FLUSH_MS);
          poller.stop();
          poller.start();
          batcher.flushNow();
          break;
        }
        case 'relay:probe':
          probes.probe(message.probeId, message.url, message.withCredentials);
          break;
        case 'relay:detach':
          attached = false;
          poller.stop();
          batcher.setDelay(IDLE_FLUSH_MS);
          break;
        case 'relay:settings':
          applySettings(message.settings);
          if (attached) {
            poller.stop();
            poller.start();
          }
          break;
      }
    }

    // EventTarget.prototype and setTimeout/clearTimeout wait for the first EventSource or fetch
    // event stream: nothing can listen to a source, or schedule a timer from its error event,
    // before one exists, and pages that never use SSE keep the natives (bench: bystander).
    let active = false;
    const activate = (): void => {
      if (active) return;
      active = true;
      try {
        patchEventTarget({ win, natives, mask, registry, trampolines, internalError });
        timers.install();
      } catch {
        // A bug of ours while patching: counted; sources are still seen through the constructor
        // and their on* handlers.
        internalError();
      }
    };
    const trampolines = createListenerTrampolines({
      natives,
      count: (target, event, type) => registry.counted(target, event, type),
      lifecycle: (target, event, type) => registry.lifecycle(target, event, type),
      internalError,
    });

    const sampler = createStackSampler({ now, ...STACK_BUDGET });
    const stackCapture = createStackCapture(natives, sampler);
    // fetch() calls have their own budget: a page's ordinary requests must not use up the stacks
    // of its EventSources.
    const fetchSampler = createStackSampler({ now, ...STACK_BUDGET });
    let fetches: FetchStreams | null = null;
    try {
      fetches = patchFetch({
        win,
        natives,
        mask,
        allocateId: () => registry.allocateId(),
        emit,
        resize: (draft, bytes) => log.resize(draft, bytes),
        wake: () => batcher.add(0),
        now,
        redact: redactConnectionUrl,
        formatStack: (error, skip) => stacks.format(error, skip),
        dataCap: () => settings.dataCap,
        lineage: () => timers.running(),
        stacks: createStackCapture(natives, fetchSampler),
        onStream: activate,
        internalError,
      });
    } catch {
      // A platform without some stream native: EventSource observation still works.
      internalError();
    }
    const failedStream = fetches === null ? undefined : fetches.failed;
    const timers = trackReconnectTimers({
      win,
      natives,
      mask,
      registry,
      getters,
      currentEvent,
      emit,
      internalError,
      failedStream,
    });
    patchEventSource({
      win,
      natives,
      mask,
      getters,
      registry,
      trampolines,
      lineage: timers.running,
      stacks: stackCapture,
      activate,
      internalError,
    });

    const api: HookApi = natives.freeze({
      version: HOOK_VERSION,
      session,
      connections() {
        try {
          registry.finalize();
          const sources = registry.snapshot();
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
          return (
            registry.annotate(eventSource, info) ||
            (fetches !== null && fetches.annotate(eventSource, info))
          );
        } catch {
          // Called by page code: a bug of ours must not throw at it; counted, not annotated.
          internalError();
          return false;
        }
      },
      stats(): HookStats {
        return {
          ...log.stats(),
          attached,
          session,
          connections: registry.size + (fetches === null ? 0 : fetches.size),
          pendingTimers: registry.pendingTimers,
          postFailures,
          rejectedMessages,
          internalErrors,
          unsampledStacks: sampler.unsampled,
        };
      },
    });
    natives.defineProperty(win, globalName, {
      value: api,
      enumerable: false,
      writable: false,
      configurable: false,
    });

    channel = (options.channel ?? createRelayChannel(win, natives, nativeAddListener))({
      message(message) {
        try {
          receive(message);
        } catch {
          // A message we validated but failed to apply: counted; the next attach resends settings.
          internalError();
        }
      },
      rejected() {
        rejectedMessages++;
      },
    });
    // Asked while dormant too: the socket census counts every tab, inspected or not.
    const stopCensus = listenForCensus({
      win,
      natives,
      addListener: nativeAddListener,
      connections: () => api.connections(),
      now: natives.perfNow,
      internalError,
    });

    let top = false;
    try {
      top = (win.top as unknown) === win;
    } catch {
      // Cross-origin parent access can throw in exotic embeddings: then we are not top.
    }
    let url = '';
    try {
      url = redactor.redact(natives.String(win.location?.href ?? ''));
    } catch {
      // about:blank-like documents without a readable location: keep the hello without a URL.
    }
    // Into the buffer without waking the batcher: a detached flush has nothing to do for it, and
    // every frame of every page would pay a timer task for it (the attach flushes it anyway).
    log.append({ k: 'hello', url, top, hookVersion: HOOK_VERSION }, RECORD_OVERHEAD + url.length);

    return {
      api,
      flush: () => batcher.flushNow(),
      uninstall() {
        attached = false;
        poller.stop();
        batcher.cancel();
        channel?.dispose();
        stopCensus?.();
        mask.restoreAll();
      },
    };
  } catch {
    // Never break the page: undo whatever was patched and stay out of the way.
    mask.restoreAll();
    return null;
  }
}

/**
 * fetch-based SSE streams: a `fetch()` whose response is `text/event-stream` becomes a connection
 * of kind 'fetch' (stack of the call, redacted URL, method, status, parsed events, who ended it),
 * without changing anything the page can observe of the request, its Response or its body.
 *
 * - `window.fetch` is a Proxy of the native (same name/length/toString through the function mask).
 *   The native call happens first and its promise decides; we chain one `then` on it. A call's
 *   stack is captured before the native call (a separate sampling budget from EventSource's).
 * - Only a response whose `Content-Type` essence is `text/event-stream` is touched (read through
 *   the native getters: no page code runs); every other response is returned as it came, unread.
 * - For an event stream the page gets a Response built over a byte stream of ours that reads the
 *   native body ON DEMAND: one native `read()` per page pull (high-water mark 0), so backpressure
 *   passes through and a page that stops reading makes us hold nothing; the page's cancel cancels
 *   the native reader (the connection closes on the wire as without us: no tee, no clone branch
 *   of ours). Every page-visible path — `body` identity, `bodyUsed`, `getReader()` (BYOB too),
 *   `pipeThrough`/`pipeTo`, async iteration, `text()`/`json()`, `clone()` (a tee of ours, as the
 *   native tees its own), abort — then is the platform's own behaviour on that Response. What the
 *   constructed Response would say differently (`url`, `type`, `redirected`, `headers`: the
 *   original's immutable Headers object) comes from the original through the native getters,
 *   which are Proxies that substitute the original for ours (one WeakMap lookup per read).
 * - Each chunk is scanned as bytes (fetch-sse-parser.ts `createSseScanner`) before it is handed
 *   on: events are counted per chunk with integer work, and only the chunk's last events are
 *   decoded as samples (TrafficInterval keeps the newest anyway). Decoding and parsing every
 *   event as text cost about as much as the page's own reading (1.68x in the fetch bench).
 * - Lineage: a setTimeout called in the task that saw a stream end by the server or the network
 *   (its read promise settling, and the microtasks after it) is that stream's reconnect timer
 *   (`failed()`, used by reconnect-timers.ts); a fetch made inside such a timer records `parent`.
 * XMLHttpRequest is not observed: its `progress`/`responseText` model would need a wrapper on
 * every XHR's events and a growing-string diff; nothing of it is patched.
 */
import { LIMITS } from '../../src/protocol/limits';
import type { DraftOf, RecordDraft, StreamEnd } from '../../src/protocol/records';
import { snapshotOf, type Annotation, type ConnectionSnapshot } from './connection-snapshot';
import { createConnectionList } from './connection-list';
import type { Connection, Lineage } from './connections';
import { createSseScanner, type ByteNatives, type SseScanner } from './fetch-sse-parser';
import type { FunctionMask } from './function-mask';
import {
  captureGetter,
  dict,
  NO_ARGS,
  type AnyFn,
  type Natives,
  type SafeWeakMap,
} from './natives';
import {
  annotateConnection,
  connDraft,
  connDraftBytes,
  finishDraft,
  STACK_ESTIMATE,
} from './record-drafts';
import { RECORD_OVERHEAD } from './record-log';
import type { StackCapture } from './stack-trace';
import { cap, SAMPLES_PER_INTERVAL, TrafficInterval } from './traffic-interval';

/** Stack text of a stream its page ended through an AbortSignal (the abort() call is not seen). */
export const STACK_ABORTED = '(no stack: the request was aborted through its AbortSignal)';

export interface FetchStreamsOptions {
  readonly win: typeof globalThis;
  readonly natives: Natives;
  readonly mask: FunctionMask;
  /** Shared connection numbering (connections.ts). */
  allocateId(): number;
  emit(draft: RecordDraft, bytes: number): void;
  resize(draft: RecordDraft, bytes: number): void;
  wake(): void;
  now(): number;
  redact(url: string): string;
  formatStack(error: unknown, skipFrames: number): string;
  dataCap(): number;
  /** The reconnect timer whose callback is running, if any. */
  lineage(): Lineage | null;
  readonly stacks: StackCapture;
  /**
   * An event stream is about to be observed: install.ts builds its core and lazy patches
   * (idempotent). False: it could not, and the stream is left to the page unobserved.
   */
  onStream?(): boolean;
  internalError(): void;
}

export interface FetchStreams {
  /** The stream that ended by server or network in this task, if any (reconnect timers). */
  failed(): Connection | undefined;
  flushTraffic(): void;
  finalize(): void;
  snapshot(): ConnectionSnapshot[];
  /** `target`: the page's Response or its body stream. */
  annotate(target: unknown, info: unknown): boolean;
  readonly size: number;
}

interface StreamNatives {
  readonly Response: AnyFn;
  readonly ReadableStream: AnyFn;
  readonly bytes: ByteNatives;
  readonly then: AnyFn;
  readonly headers: AnyFn;
  readonly headersGet: AnyFn;
  readonly body: AnyFn;
  readonly status: AnyFn;
  readonly statusText: AnyFn;
  readonly url: AnyFn;
  readonly getReader: AnyFn;
  readonly streamCancel: AnyFn;
  readonly read: AnyFn;
  readonly readerCancel: AnyFn;
  readonly enqueue: AnyFn;
  readonly close: AnyFn;
  readonly error: AnyFn;
  readonly byobRequest: AnyFn;
  readonly respond: AnyFn;
  readonly requestMethod: AnyFn | undefined;
  readonly domExceptionName: AnyFn | undefined;
  readonly TypeErrorProto: object;
}

function captureStreamNatives(win: typeof globalThis, natives: Natives): StreamNatives | null {
  const w = win as unknown as Record<string, { prototype: Record<string, AnyFn> } | undefined>;
  const R = w.Response;
  const RS = w.ReadableStream;
  const reader = w.ReadableStreamDefaultReader;
  const byte = w.ReadableByteStreamController;
  const byob = w.ReadableStreamBYOBRequest;
  const TD = w.TextDecoder;
  const H = w.Headers;
  const U8 = w.Uint8Array;
  if (!R || !RS || !reader || !byte || !byob || !TD || !H || !U8) return null;
  const getter = (proto: object, name: string): AnyFn => {
    const g = captureGetter(proto, name);
    if (g === undefined) throw new natives.Error(`sse-devtools hook: no native getter ${name}`);
    return g;
  };
  return {
    Response: R as unknown as AnyFn,
    ReadableStream: RS as unknown as AnyFn,
    bytes: byteNatives(
      natives,
      TD as unknown as AnyFn,
      U8 as unknown as ByteNatives['U8'],
      w.Uint32Array as unknown as AnyFn | undefined,
    ),
    then: win.Promise.prototype.then as AnyFn,
    headers: getter(R.prototype, 'headers'),
    headersGet: H.prototype.get as AnyFn,
    body: getter(R.prototype, 'body'),
    status: getter(R.prototype, 'status'),
    statusText: getter(R.prototype, 'statusText'),
    url: getter(R.prototype, 'url'),
    getReader: RS.prototype.getReader as AnyFn,
    streamCancel: RS.prototype.cancel as AnyFn,
    read: reader.prototype.read as AnyFn,
    readerCancel: reader.prototype.cancel as AnyFn,
    enqueue: byte.prototype.enqueue as AnyFn,
    close: byte.prototype.close as AnyFn,
    error: byte.prototype.error as AnyFn,
    byobRequest: getter(byte.prototype, 'byobRequest'),
    respond: byob.prototype.respond as AnyFn,
    requestMethod: w.Request ? captureGetter(w.Request.prototype, 'method') : undefined,
    domExceptionName: w.DOMException ? captureGetter(w.DOMException.prototype, 'name') : undefined,
    TypeErrorProto: win.TypeError.prototype,
  };
}

/**
 * The scanner's natives: a non-streaming UTF-8 decoder that keeps a BOM (samples only), and the
 * aligned words of a chunk (a Uint32Array over the chunk's own buffer: no copy).
 */
export function byteNatives(
  natives: Natives,
  TD: AnyFn,
  U8: ByteNatives['U8'],
  U32: AnyFn | undefined,
): ByteNatives {
  const proto = (U8 as unknown as { prototype: Record<string, AnyFn> }).prototype;
  const decoder = natives.construct(TD, ['utf-8', { __proto__: null, ignoreBOM: true }]);
  const decode = (TD as unknown as { prototype: Record<string, AnyFn> }).prototype.decode as AnyFn;
  const bufferOf = captureGetter(proto, 'buffer');
  const offsetOf = captureGetter(proto, 'byteOffset');
  const out: ByteNatives = {
    U8,
    subarray: proto.subarray as AnyFn,
    set: proto.set as AnyFn,
    decode: (bytes) => natives.apply(decode, decoder, [bytes]) as string,
  };
  if (U32 === undefined || bufferOf === undefined || offsetOf === undefined) return out;
  out.words = (u) => {
    const offset = natives.apply(offsetOf, u, NO_ARGS) as number;
    const first = (4 - (offset & 3)) & 3;
    const count = (u.length - first) >> 2;
    if (count <= 0) return null;
    const buffer = natives.apply(bufferOf, u, NO_ARGS);
    return { view: natives.construct(U32, [buffer, offset + first, count]) as Uint32Array, first };
  };
  return out;
}

const NORMALIZED_METHODS = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT'];

/** Returns null (and patches nothing) when the platform lacks fetch or streams. */
export function patchFetch(options: FetchStreamsOptions): FetchStreams | null {
  const { win, natives, mask, stacks, internalError } = options;
  const nativeFetch = (win as { fetch?: unknown }).fetch;
  if (typeof nativeFetch !== 'function') return null;
  const { apply, construct } = natives;
  /**
   * The stream natives are captured at the first fetch() call, not at install: reaching
   * Response, ReadableStream, their readers and controllers, TextDecoder and Headers makes Blink
   * build each interface object in every frame (≈ a fifth of the hook's install cost, bench:
   * bystander), and a frame that never fetches needs none of them. The cost: a page that
   * replaces one of them before its first fetch() has its version called by us.
   */
  let n = null as unknown as StreamNatives;
  let streamsReady: boolean | null = null;
  const prepare = (): boolean => {
    if (streamsReady !== null) return streamsReady;
    streamsReady = false;
    try {
      const found = captureStreamNatives(win, natives);
      if (found !== null) {
        n = found;
        streamsReady = true;
      }
    } catch {
      // A native getter missing: fetch stays unobserved, counted once.
      internalError();
    }
    return streamsReady;
  };
  const NativeError = natives.Error;
  /** Our Response (and its clones) → the native one it stands for. */
  const originals: SafeWeakMap<object, object> = natives.weakMap();
  /** Our Response or body stream → its connection (annotate). */
  const byTarget: SafeWeakMap<object, FetchConn> = natives.weakMap();
  const list = createConnectionList<FetchConn>();
  let dirty: FetchConn[] = [];
  /** Records whose stack/URL are formatted at the next flush. */
  let pending: Array<{
    record: DraftOf<'conn'> | DraftOf<'close'>;
    conn: FetchConn;
    error: unknown;
  }> = [];
  let failing: FetchConn | null = null;
  const clearFailing = (): void => {
    failing = null;
  };
  /** Until the end of this task (its microtasks included), `conn` is the stream that failed. */
  const markFailing = (conn: FetchConn): void => {
    failing = conn;
    natives.setTimeout(clearFailing, 0);
  };

  class FetchConn extends TrafficInterval {
    readonly id: number;
    rawUrl = '';
    url = '';
    stack = '';
    readonly withCredentials = false;
    readyState: 0 | 1 | 2 = 1;
    createdAt = 0;
    closedBy: 'page' | 'browser' | null = null;
    opens = 1;
    errors = 0;
    readonly parent: number | null;
    readonly timer: number | null;
    annotation: Annotation | null = null;
    readonly listenOrder: readonly string[] | null = null;
    readonly timerCounts = { created: 0, fired: 0, cleared: 0 };
    status = 0;
    method: string;
    end: StreamEnd | null = null;
    /** The last `retry:` value (ms), -1 before one. */
    lastRetry = -1;
    readonly scanner: SseScanner;
    /** The time of the chunk being scanned (one clock read per chunk, not per event). */
    chunkAt = 0;

    constructor(lineage: Lineage | null, method: string) {
      super();
      this.id = options.allocateId();
      this.parent = lineage === null ? null : lineage.parent;
      this.timer = lineage === null ? null : lineage.timer;
      this.method = method;
      this.scanner = createSseScanner(natives, n.bytes, SAMPLES_PER_INTERVAL, this);
    }

    /** Scanner sink: a chunk's events that are not sampled, counted in bulk. */
    counted(
      events: number,
      messages: number,
      bytes: number,
      others: Record<string, number> | null,
    ): void {
      this.count += events;
      this.bytes += bytes;
      this.messageCount += messages;
      if (others === null) return;
      const into = this.otherTypes ?? (this.otherTypes = dict<number>());
      const names = natives.keys(others);
      for (let i = 0; i < names.length; i++) {
        const name = names[i] as string;
        const k = others[name] as number;
        if (k > 0) into[name] = (into[name] ?? 0) + k;
      }
    }

    /** Scanner sink: one of the chunk's last events, counted and sampled. */
    sampled(type: string, data: string, id: string, own: boolean, bytes: number): void {
      // `add` tells an own id from a change of `lastEventId`: the scanner already knows (events
      // between samples were not seen one by one). No id holds NUL, so '\0' always differs.
      this.lastEventId = own ? '\0' : id;
      this.add(natives, type, data, id, this.chunkAt);
      // Bytes are the data's UTF-8 bytes (the sample's characters may be fewer, or cut).
      this.bytes += bytes - data.length;
    }

    /** Parser sink: a valid `retry:` field. */
    retry(ms: number): void {
      this.lastRetry = ms;
    }

    chunk(bytes: Uint8Array): void {
      const before = this.count;
      this.chunkAt = options.now();
      this.scanner.push(bytes);
      if (before === 0 && this.count !== 0) {
        dirty[dirty.length] = this;
        options.wake();
      }
    }

    ended(end: StreamEnd, error: unknown): void {
      if (this.readyState === 2) return;
      this.emitTraffic();
      this.readyState = 2;
      list.markClosed(this);
      this.end = end;
      if (end === 'cancel' || end === 'abort') {
        this.closedBy = 'page';
        const draft: DraftOf<'close'> = {
          k: 'close',
          id: this.id,
          stack: end === 'abort' ? STACK_ABORTED : '',
          readyState: 1,
          end,
          seq: 0,
          t: 0,
        };
        if (end === 'cancel') pending[pending.length] = { record: draft, conn: this, error };
        options.emit(draft, RECORD_OVERHEAD + (error === null ? 64 : STACK_ESTIMATE));
        return;
      }
      this.closedBy = 'browser';
      this.errors++;
      markFailing(this);
      options.emit({ k: 'error', id: this.id, readyState: 2, end, seq: 0, t: 0 }, RECORD_OVERHEAD);
    }

    emitTraffic(): void {
      const retry = this.lastRetry;
      this.emitInterval(natives, this.id, options.dataCap(), (draft, bytes) => {
        if (retry >= 0) (draft as DraftOf<'msgs'>).retry = retry;
        options.emit(draft, bytes);
      });
    }
  }

  function isEventStream(contentType: string): boolean {
    const lower = apply(natives.strToLowerCase, contentType, NO_ARGS) as string;
    let i = 0;
    while (i < lower.length && (lower[i] === ' ' || lower[i] === '\t')) i++;
    const want = 'text/event-stream';
    for (let j = 0; j < want.length; j++) if (lower[i + j] !== want[j]) return false;
    for (let k = i + want.length; k < lower.length; k++) {
      const c = lower[k];
      if (c === ';') return true;
      if (c !== ' ' && c !== '\t') return false;
    }
    return true;
  }

  /** The request method, read without running page code (an accessor `method` is not called). */
  function methodOf(args: unknown[]): string {
    const init = args.length > 1 ? args[1] : undefined;
    if (typeof init === 'object' && init !== null) {
      const d = natives.getOwnPropertyDescriptor(init, 'method');
      if (d !== undefined) {
        if (typeof d.value !== 'string') return '';
        const upper = natives.String(d.value);
        const u = apply(natives.strToLowerCase, upper, NO_ARGS) as string;
        for (let i = 0; i < NORMALIZED_METHODS.length; i++) {
          const m = NORMALIZED_METHODS[i] as string;
          if ((apply(natives.strToLowerCase, m, NO_ARGS) as string) === u) return m;
        }
        return cap(natives, upper, LIMITS.maxLabel);
      }
    }
    const input = args[0];
    if (n.requestMethod !== undefined && typeof input === 'object' && input !== null) {
      try {
        return apply(n.requestMethod, input, NO_ARGS) as string;
      } catch {
        // Not a Request (a URL object or a page object with toString): the default method.
      }
    }
    return 'GET';
  }

  /** Who ended a stream whose native read rejected with `reason`. */
  function failureOf(reason: unknown): StreamEnd {
    if (typeof reason !== 'object' || reason === null) return 'abort';
    if (n.domExceptionName !== undefined) {
      try {
        const name = apply(n.domExceptionName, reason, NO_ARGS) as string;
        return name === 'AbortError' ? 'abort' : 'network';
      } catch {
        // Not a DOMException: a TypeError is the network; anything else is a page abort reason.
      }
    }
    return natives.getPrototypeOf(reason) === n.TypeErrorProto ? 'network' : 'abort';
  }

  function observe(
    res: object,
    body: object,
    args: unknown[],
    error: unknown,
    lineage: Lineage | null,
  ): object {
    const status = apply(n.status, res, NO_ARGS) as number;
    const statusText = apply(n.statusText, res, NO_ARGS) as string;
    const contentType = apply(n.headersGet, apply(n.headers, res, NO_ARGS), [
      'content-type',
    ]) as string;
    const conn = new FetchConn(lineage, methodOf(args));
    conn.rawUrl = apply(n.url, res, NO_ARGS) as string;
    conn.status = status;
    let reader: object | null = null;
    const source = {
      __proto__: null,
      type: 'bytes',
      pull(controller: object): unknown {
        if (reader === null) reader = apply(n.getReader, body, NO_ARGS) as object;
        return apply(n.then, apply(n.read, reader, NO_ARGS), [
          (result: { done: boolean; value: unknown }) => {
            if (conn.readyState === 2 && conn.end === 'cancel') return;
            if (result.done) {
              try {
                conn.ended('server', null);
              } catch {
                // Our record failed: counted; the page's stream closes below regardless.
                internalError();
              }
              apply(n.close, controller, NO_ARGS);
              // A BYOB read waiting at the end is answered "done", as the native stream does.
              const request = apply(n.byobRequest, controller, NO_ARGS) as object | null;
              if (request !== null) apply(n.respond, request, [0]);
              return;
            }
            try {
              conn.chunk(result.value as Uint8Array);
            } catch {
              // A parse/count failure of ours: counted; the bytes still reach the page.
              internalError();
            }
            apply(n.enqueue, controller, [result.value]);
          },
          (reason: unknown) => {
            try {
              if (conn.readyState !== 2) conn.ended(failureOf(reason), null);
            } catch {
              // Our record failed: counted; the page's stream errors below regardless.
              internalError();
            }
            apply(n.error, controller, [reason]);
          },
        ]) as unknown;
      },
      cancel(reason: unknown): unknown {
        try {
          let error: unknown = null;
          if (conn.readyState !== 2 && stacks.take()) {
            const pinned = stacks.pin();
            try {
              error = new NativeError();
            } finally {
              stacks.unpin(pinned);
            }
          }
          conn.ended('cancel', error);
        } catch {
          // Our record failed: counted; the native body is cancelled below regardless.
          internalError();
        }
        return reader === null
          ? apply(n.streamCancel, body, [reason])
          : apply(n.readerCancel, reader, [reason]);
      },
    };
    const stream = construct(n.ReadableStream, [source]) as object;
    // Only Content-Type matters to the body mixin (blob().type, formData()); the page reads the
    // original's Headers object through the `headers` getter.
    const init = { __proto__: null, status, statusText, headers: { 'content-type': contentType } };
    const ours = construct(n.Response, [stream, init]) as object;
    originals.set(ours, res);
    byTarget.set(ours, conn);
    byTarget.set(stream, conn);
    list.add(conn);

    const draft = connDraft(conn.id, lineage);
    draft.kind = 'fetch';
    draft.method = conn.method;
    pending[pending.length] = { record: draft, conn, error };
    options.emit(draft, connDraftBytes(error));
    conn.createdAt = draft.t ?? 0;
    options.emit({ k: 'open', id: conn.id, status, seq: 0, t: 0 }, RECORD_OVERHEAD);
    return ours;
  }

  function respond(
    res: unknown,
    args: unknown[],
    error: unknown,
    lineage: Lineage | null,
  ): unknown {
    try {
      if (typeof res !== 'object' || res === null) return res;
      const contentType = apply(n.headersGet, apply(n.headers, res, NO_ARGS), ['content-type']);
      if (typeof contentType !== 'string' || !isEventStream(contentType)) return res;
      const body = apply(n.body, res, NO_ARGS) as object | null;
      if (body === null) return res;
      const status = apply(n.status, res, NO_ARGS) as number;
      // A Response cannot be constructed with these: leave such a stream unobserved.
      if (status < 200 || status > 599 || status === 204 || status === 205 || status === 304)
        return res;
      // The hook could not build what observing needs: the page keeps its native Response.
      if (options.onStream?.() === false) return res;
      patchResponse();
      return observe(res, body, args, error, lineage);
    } catch {
      // Our observation failed before the page saw anything: it gets the native Response.
      internalError();
      return res;
    }
  }

  const wrappedFetch = new natives.Proxy(nativeFetch as AnyFn, {
    apply(target, thisArg: unknown, args: unknown[]) {
      if (!prepare()) return apply(target, thisArg, args) as unknown;
      let error: unknown = null;
      let lineage: Lineage | null = null;
      try {
        if (stacks.take()) {
          const pinned = stacks.pin();
          try {
            error = new NativeError();
          } finally {
            stacks.unpin(pinned);
          }
        }
        lineage = options.lineage();
      } catch {
        // Counted; the call below is the page's, observed without a stack.
        internalError();
      }
      const promise: unknown = apply(target, thisArg, args);
      try {
        return apply(n.then, promise, [
          (res: unknown) => respond(res, args, error, lineage),
        ]) as unknown;
      } catch {
        // The native returned no promise we can chain: the page gets it untouched.
        internalError();
        return promise;
      }
    },
  });
  mask.mask(wrappedFetch, nativeFetch as AnyFn);

  /**
   * `url`, `type`, `redirected`, `headers` and `clone()` of Response read through the original
   * for our constructed Responses. Patched at the first event stream, just before the page gets
   * the first Response of ours: until then none exists, and pages without SSE keep the natives.
   * The cost: a getter the page saved before that reads our Response as constructed (`url` "").
   */
  let responsePatched = false;
  function patchResponse(): void {
    if (responsePatched) return;
    responsePatched = true;
    const proto = (win as unknown as { Response: { prototype: object } }).Response.prototype;
    const names = ['url', 'type', 'redirected', 'headers'];
    for (let i = 0; i < names.length; i++) {
      const name = names[i] as string;
      const nativeGet = captureGetter(proto, name);
      if (nativeGet === undefined) continue;
      const get = new natives.Proxy(nativeGet, {
        apply(target, thisArg: unknown, args: unknown[]) {
          const original =
            typeof thisArg === 'object' && thisArg !== null ? originals.get(thisArg) : undefined;
          return apply(target, original === undefined ? thisArg : original, args) as unknown;
        },
      });
      mask.mask(get, nativeGet);
      mask.replaceGetter(proto, name, get);
    }
    const nativeClone = (proto as Record<string, unknown>).clone;
    if (typeof nativeClone === 'function') {
      const clone = new natives.Proxy(nativeClone as AnyFn, {
        apply(target, thisArg: unknown, args: unknown[]) {
          const result: unknown = apply(target, thisArg, args);
          try {
            const original =
              typeof thisArg === 'object' && thisArg !== null ? originals.get(thisArg) : undefined;
            if (original !== undefined) originals.set(result as object, original);
          } catch {
            // Counted; the clone is the page's, only its url/type/headers read as a constructed one.
            internalError();
          }
          return result;
        },
      });
      mask.mask(clone, nativeClone as AnyFn);
      mask.replaceValue(proto, 'clone', clone);
    }
  }
  mask.replaceValue(win, 'fetch', wrappedFetch);

  return {
    failed: () => (failing === null ? undefined : (failing as unknown as Connection)),
    flushTraffic() {
      if (dirty.length === 0) return;
      const batch = dirty;
      dirty = [];
      for (let i = 0; i < batch.length; i++) {
        try {
          (batch[i] as FetchConn).emitTraffic();
        } catch {
          // One connection's record failed: count it and flush the others.
          internalError();
        }
      }
    },
    finalize() {
      if (pending.length === 0) return;
      const batch = pending;
      pending = [];
      for (let i = 0; i < batch.length; i++) {
        const item = batch[i] as (typeof batch)[number];
        try {
          finishDraft(options, item.record, item.conn, item.error);
        } catch {
          // One record's stack failed to format: counted; it is posted without one.
          internalError();
        }
      }
    },
    snapshot() {
      const out: ConnectionSnapshot[] = [];
      const items = list.items();
      for (let i = 0; i < items.length; i++) {
        const conn = items[i] as FetchConn;
        const snap = snapshotOf(natives, conn) as ConnectionSnapshot & Record<string, unknown>;
        snap.kind = 'fetch';
        snap.method = conn.method;
        snap.status = conn.status;
        snap.end = conn.end;
        snap.retry = conn.lastRetry < 0 ? null : conn.lastRetry;
        out[i] = snap;
      }
      return out;
    },
    annotate(target, info) {
      const conn = typeof target === 'object' && target !== null ? byTarget.get(target) : undefined;
      if (conn === undefined) return false;
      annotateConnection(natives, conn, info, options.emit);
      return true;
    },
    get size() {
      return list.size;
    },
  };
}

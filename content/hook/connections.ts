/**
 * Per-connection state and the records it produces (conn, open, error, close, listen, annotate,
 * msgs). One `Connection` object per EventSource; it is also OUR listener for the lifecycle
 * events `open` and `error` (`handleEvent`), so construction allocates one object, not closures.
 * A type the page handles with `on<type>` needs no listener of ours: the handler is wrapped in a
 * trampoline (as message listeners are) that reports first, before the page's code runs. That
 * saves an addEventListener and a native→JS dispatch per connection in a reconnect storm. Our own
 * listener for that type is still added as soon as the page adds one with addEventListener
 * (`track()`, so ours run before it), dispatches on the source, or clears `on<type>`; an event
 * seen twice (trampoline and our listener) is recorded once (`lastLifecycle`).
 *
 * Message traffic is NOT observed through a listener of ours: an extra listener costs one more
 * native→JS dispatch per message (≈ 1.3x native throughput, measured). Instead the page's own
 * message listeners are wrapped by counting trampolines (listener-trampolines.ts) that call
 * `counted()` once per event. Limit: events nobody listens to are invisible.
 *
 * Construction is the hot path of a reconnect storm, so `created()` only allocates the Connection
 * and its `conn` record and defers the rest (ordered cheapest-first for the page's call):
 * - reading the native `url`/`withCredentials` and registering OUR `open`/`error` listeners happen
 *   in `settle()`: at the current task's microtask checkpoint (before any event task can fire), or
 *   earlier when the page is about to add a listener to or dispatch on that source (`track()`, so
 *   ours still run before any page listener — reconnect-timers.ts relies on it). A source the page
 *   closed before then gets no listeners at all: a closed EventSource fires no more events;
 * - redacting the URL and formatting stacks happen at flush time (`finalize()`), which also
 *   corrects the byte estimates of those records (the true stack and URL lengths).
 *
 * Memory: the registry (long-lived) holds Connections; a Connection never references its
 * EventSource (only the source's own listener list references the Connection), so a source the
 * page dropped can be collected. The browser keeps an open source alive by itself. The last
 * events seen (`lastEvent`, `lastLifecycle`: once per event) are released at the next flush.
 *
 * Hot path (every SSE message, `handleMessage`): counter increments and one slot write into a
 * fixed ring of samples holding a reference to the data string. Truncation, record building and
 * posting happen at flush time (`flushTraffic`).
 */
import { LIMITS } from '../../src/protocol/limits';
import type { MessageSample, ReadyState } from '../../src/protocol/records';
import { NO_ARGS, dict, type AnyFn, type Natives, type SafeWeakMap } from './natives';
import { RECORD_OVERHEAD, type RecordDraft } from './record-log';
import { HOOK_FRAMES, STACK_NOOP_CLOSE } from './stack-trace';

/** Samples kept per connection per flush interval (newest win). */
export const SAMPLES_PER_INTERVAL = 20;
/** Connections kept for `connections()`; beyond it the oldest closed ones are forgotten. */
export const MAX_CONNECTIONS = 5000;
/** Byte estimates for a stack / URL not formatted yet (corrected at finalize). */
const STACK_ESTIMATE = 600;
const URL_ESTIMATE = 128;
/** Bits of `Conn.own` / `Conn.slots`: our `open` / `error` listener, or the page's handler. */
const OWN_OPEN = 1;
const OWN_ERROR = 2;
const OWN_BOTH = OWN_OPEN | OWN_ERROR;

export interface NativeGetters {
  readonly type: AnyFn;
  readonly data: AnyFn;
  readonly lastEventId: AnyFn;
  readonly currentTarget: AnyFn;
  readonly readyState: AnyFn;
  readonly url: AnyFn;
  readonly withCredentials: AnyFn;
}

export interface RegistryHost {
  readonly natives: Natives;
  readonly getters: NativeGetters;
  /** Native EventTarget.prototype.addEventListener (unwrapped: our listeners are not the page's). */
  readonly addListener: AnyFn;
  emit(draft: RecordDraft, bytes: number): void;
  /** Corrects the byte estimate of a record emitted earlier (no-op once it left the buffer). */
  resize(draft: RecordDraft, bytes: number): void;
  /** Traffic is pending: make sure a flush is scheduled. */
  wake(): void;
  now(): number;
  redact(url: string): string;
  formatStack(error: unknown, skipFrames: number): string;
  dataCap(): number;
  internalError(): void;
}

export interface Lineage {
  readonly parent: number;
  readonly timer: number;
}

export interface Annotation {
  readonly client: string;
  readonly marker: string;
  readonly reason: string;
}

export interface TimerCounts {
  created: number;
  fired: number;
  cleared: number;
}

/** Plain-object copy returned by `__SSE_DEVTOOLS_HOOK__.connections()`. */
export interface ConnectionSnapshot {
  readonly id: number;
  readonly url: string;
  readonly withCredentials: boolean;
  readonly state: 'connecting' | 'open' | 'closed';
  readonly readyState: ReadyState;
  readonly createdAt: number;
  readonly closedBy: 'page' | 'browser' | null;
  readonly counts: {
    readonly messages: number;
    readonly bytes: number;
    readonly opens: number;
    readonly errors: number;
    readonly byType: Record<string, number>;
  };
  readonly lastEventId: string;
  readonly lastAt: number;
  readonly stack: string;
  readonly parent: number | null;
  readonly timer: number | null;
  readonly annotation: Annotation | null;
  readonly listening: string[];
  readonly timers: { created: number; fired: number; cleared: number; pending: number };
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type ConnDraft = Mutable<Extract<RecordDraft, { k: 'conn' }>>;
type CloseDraft = Mutable<Extract<RecordDraft, { k: 'close' }>>;

function copyList(items: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < items.length; i++) out[i] = items[i] as string;
  return out;
}

const cap = (natives: Natives, s: string, max: number): string =>
  s.length > max ? (natives.apply(natives.strSlice, s, [0, max]) as string) : s;

export interface Connection {
  readonly id: number;
  readyState: ReadyState;
  closedBy: 'page' | 'browser' | null;
  readonly timerCounts: TimerCounts;
  handleEvent(event: Event): void;
}

export interface ConnectionRegistry {
  /**
   * A native EventSource was just constructed; `error` holds the construction stack (null: not
   * sampled). `withInit`: the page passed an EventSourceInit (without one, withCredentials is
   * false and its getter is not called).
   */
  created(es: EventSource, error: unknown, lineage: Lineage | null, withInit: boolean): Connection;
  of(es: unknown): Connection | undefined;
  /**
   * The page is about to add a listener to, or dispatch an event on, `target`: if it is a tracked
   * source, our lifecycle listeners are registered now (so they run first). Returns its Connection.
   */
  track(target: unknown): Connection | undefined;
  /**
   * The page set `on<type>` (open/error) of `es`: `handled` when it now holds a page function
   * (wrapped in a trampoline that reports through `counted`), false when cleared. Returns
   * whether `es` is tracked.
   */
  handlerSet(es: unknown, type: 'open' | 'error', handled: boolean): boolean;
  /** Runs the deferred part of every construction so far (see the header). Never throws. */
  settle(): void;
  /** The page listens to `type` on `es` (addEventListener or an on* setter). */
  listened(es: EventSource, type: string): void;
  /**
   * A page listener for `type` is about to receive `event` on `target` (listener trampolines).
   * Counts the event once, however many page listeners it reaches.
   */
  counted(target: unknown, event: Event, type: string): void;
  /**
   * A page `onopen`/`onerror` handler is about to receive `event` on `target` (its trampoline):
   * recorded once, whether our listener or the trampoline sees it first.
   */
  lifecycle(target: unknown, event: Event, type: 'open' | 'error'): void;
  /** The page called close() on the source of `conn`; `prior` is readyState before the call. */
  closed(conn: Connection, prior: ReadyState, error: unknown): void;
  annotate(es: unknown, info: unknown): boolean;
  /** The connection whose `error` event is being dispatched right now, if `event` is one. */
  errorConnectionOf(event: unknown): Connection | undefined;
  /** True once any error event was seen (lets the setTimeout wrapper skip the lookup before). */
  readonly sawErrors: boolean;
  /** Emits `msgs` records for connections with traffic since the previous flush. */
  flushTraffic(): void;
  /** Formats pending stacks and URLs of records not yet posted. */
  finalize(): void;
  snapshot(): ConnectionSnapshot[];
  readonly size: number;
  readonly pendingTimers: number;
}

export function createConnectionRegistry(host: RegistryHost): ConnectionRegistry {
  const { natives, getters, addListener } = host;
  const { apply } = natives;
  const bySource: SafeWeakMap<object, Conn> = natives.weakMap();
  let list: Conn[] = [];
  // Parallel to `list` (ids ascending, 1 = closed): prune() reads these contiguous numbers instead
  // of chasing 5 000 Connection pointers (cache misses measured ≈ 1 ms per prune under a storm).
  let listIds: number[] = [];
  let listClosed: number[] = [];
  let nextId = 1;
  let sawErrors = false;
  let dirty: Conn[] = [];
  /** Connections holding `lastLifecycle` until the next flush. */
  let lifecycleHeld: Conn[] = [];
  /** Records whose stack/url are formatted at flush time (off the page's call path); parallel arrays. */
  let pendingRecords: Array<ConnDraft | CloseDraft> = [];
  let pendingConns: Conn[] = [];
  let pendingErrors: unknown[] = [];
  /** Constructions whose deferred part has not run yet (sources held until the microtask). */
  let unsettledSources: EventSource[] = [];
  let unsettledConns: Conn[] = [];
  let unsettledInits: boolean[] = [];

  class Conn implements Connection {
    readonly id: number;
    rawUrl = '';
    url = '';
    stack = '';
    withCredentials = false;
    /** Our own listeners on the source: OWN_OPEN | OWN_ERROR bits. */
    own = 0;
    /**
     * `onopen`/`onerror` hold a page handler wrapped in our trampoline (bits as `own`): that type
     * is seen through the page's own dispatch, so it needs no listener of ours.
     */
    slots = 0;
    /** The last open/error event handled: the trampoline and our listener may both see it. */
    lastLifecycle: Event | null = null;
    /** The `conn` record's timestamp (set right after it is emitted: one clock read, not two). */
    createdAt = 0;
    readonly parent: number | null;
    readonly timer: number | null;
    readyState: ReadyState = 0;
    closedBy: 'page' | 'browser' | null = null;
    annotation: Annotation | null = null;
    /** Types the page listens to, in order (allocated on the first listen; scanned: few types). */
    listenOrder: string[] | null = null;
    /** The last message event counted (identity: several page listeners, one count). */
    lastEvent: Event | null = null;
    readonly timerCounts: TimerCounts = { created: 0, fired: 0, cleared: 0 };
    opens = 0;
    errors = 0;
    // Totals of flushed intervals.
    totalCount = 0;
    totalBytes = 0;
    totalByType: Record<string, number> | null = null;
    // Current interval (hot path).
    count = 0;
    bytes = 0;
    messageCount = 0;
    otherTypes: Record<string, number> | null = null;
    lastEventId = '';
    lastAt = 0;
    ring: string[] | null = null;
    times: Float64Array | null = null;
    ringNext = 0;
    ringLen = 0;

    constructor(lineage: Lineage | null) {
      this.id = nextId++;
      this.parent = lineage === null ? null : lineage.parent;
      this.timer = lineage === null ? null : lineage.timer;
    }

    handleEvent(event: Event): void {
      try {
        if (this.lastLifecycle === event) return;
        const type = apply(getters.type, event, NO_ARGS) as string;
        if (type === 'open') this.lifecycle(event, 'open', null);
        else if (type === 'error')
          this.lifecycle(event, 'error', apply(getters.currentTarget, event, NO_ARGS));
      } catch {
        // Our bookkeeping must never disturb dispatch; page listeners run regardless.
        host.internalError();
      }
    }

    /** An open/error event, from our listener or a page handler's trampoline; each once. */
    lifecycle(event: Event, type: 'open' | 'error', target: unknown): void {
      if (this.lastLifecycle === event) return;
      if (this.lastLifecycle === null) lifecycleHeld[lifecycleHeld.length] = this;
      this.lastLifecycle = event;
      if (type === 'open') this.handleOpen();
      else this.handleError(event, target);
    }

    handleMessage(event: Event, type: string): void {
      let data = '';
      let id = '';
      try {
        data = apply(getters.data, event, NO_ARGS) as string;
        id = apply(getters.lastEventId, event, NO_ARGS) as string;
      } catch {
        // A synthetic non-MessageEvent dispatched by the page: counted, without data.
      }
      if (typeof data !== 'string') data = '';
      if (this.count++ === 0) {
        dirty[dirty.length] = this;
        host.wake();
      }
      this.bytes += data.length;
      if (type === 'message') this.messageCount++;
      else {
        const other = this.otherTypes ?? (this.otherTypes = dict<number>());
        other[type] = (other[type] ?? 0) + 1;
      }
      const t = host.now();
      this.lastEventId = id;
      this.lastAt = t;
      let ring = this.ring;
      if (ring === null) {
        ring = this.ring = [];
        for (let i = 0; i < SAMPLES_PER_INTERVAL * 3; i++) ring[i] = '';
        this.times = new natives.Float64Array(SAMPLES_PER_INTERVAL);
      }
      const slot = this.ringNext;
      ring[slot * 3] = type;
      ring[slot * 3 + 1] = data;
      ring[slot * 3 + 2] = id;
      (this.times as Float64Array)[slot] = t;
      this.ringNext = slot + 1 === SAMPLES_PER_INTERVAL ? 0 : slot + 1;
      if (this.ringLen < SAMPLES_PER_INTERVAL) this.ringLen++;
    }

    handleOpen(): void {
      this.readyState = 1;
      this.opens++;
      host.emit({ k: 'open', id: this.id, seq: 0, t: 0 }, RECORD_OVERHEAD);
    }

    handleError(event: Event, target: unknown): void {
      let readyState: ReadyState = 0;
      try {
        readyState = apply(getters.readyState, target, NO_ARGS) as ReadyState;
      } catch {
        // A forged error event on a non-EventSource target: fall back to the last known state.
        readyState = this.readyState;
      }
      sawErrors = true;
      this.emitTraffic();
      this.readyState = readyState;
      if (readyState === 2) noteClosed(this);
      this.errors++;
      if (readyState === 2 && this.closedBy === null) this.closedBy = 'browser';
      host.emit({ k: 'error', id: this.id, readyState, seq: 0, t: 0 }, RECORD_OVERHEAD);
    }

    /** Turns the current interval into a `msgs` record (no-op without traffic). */
    emitTraffic(): void {
      const count = this.count;
      if (count === 0) return;
      const dataCap = host.dataCap();
      const byType = dict<number>();
      let types = 0;
      let bytes = RECORD_OVERHEAD + 32;
      if (this.messageCount > 0) {
        byType.message = this.messageCount;
        types++;
      }
      const other = this.otherTypes;
      if (other !== null) {
        const names = natives.keys(other);
        for (let i = 0; i < names.length; i++) {
          const name = names[i] as string;
          const key =
            types < LIMITS.maxTypesPerRecord - 1 ? cap(natives, name, LIMITS.maxLabel) : '(other)';
          if (byType[key] === undefined) types++;
          byType[key] = (byType[key] ?? 0) + (other[name] as number);
          bytes += key.length + 8;
        }
      }
      const recent: MessageSample[] = [];
      const ring = this.ring;
      const times = this.times;
      if (ring !== null && times !== null) {
        let slot = this.ringNext - this.ringLen;
        if (slot < 0) slot += SAMPLES_PER_INTERVAL;
        for (let n = 0; n < this.ringLen; n++) {
          const data = ring[slot * 3 + 1] as string;
          const cut = data.length > dataCap;
          const kept = cut ? cap(natives, data, dataCap) : data;
          const type = ring[slot * 3] as string;
          recent[recent.length] = {
            type: cap(natives, type, LIMITS.maxLabel),
            id: cap(natives, ring[slot * 3 + 2] as string, LIMITS.maxLabel),
            size: data.length,
            t: times[slot] as number,
            data: kept,
            cut,
          };
          bytes += kept.length + 48;
          // Release the page's strings now rather than when the slot is overwritten.
          ring[slot * 3 + 1] = '';
          slot = slot + 1 === SAMPLES_PER_INTERVAL ? 0 : slot + 1;
        }
      }
      const draft: Mutable<Extract<RecordDraft, { k: 'msgs' }>> = {
        k: 'msgs',
        id: this.id,
        count,
        bytes: this.bytes,
        byType,
        lastEventId: cap(natives, this.lastEventId, LIMITS.maxLabel),
        lastAt: this.lastAt,
        recent,
        skipped: count - recent.length,
        seq: 0,
        t: 0,
      };
      this.totalCount += count;
      this.totalBytes += this.bytes;
      const names = natives.keys(byType);
      const totals = this.totalByType ?? (this.totalByType = dict<number>());
      for (let i = 0; i < names.length; i++) {
        const name = names[i] as string;
        totals[name] = (totals[name] ?? 0) + (byType[name] as number);
      }
      this.count = 0;
      this.bytes = 0;
      this.messageCount = 0;
      this.otherTypes = null;
      this.ringLen = 0;
      host.emit(draft, bytes);
    }

    snapshot(): ConnectionSnapshot {
      const byType = dict<number>();
      const totals = this.totalByType;
      const flushedTypes = totals === null ? NO_ARGS : natives.keys(totals);
      for (let i = 0; i < flushedTypes.length; i++) {
        const name = flushedTypes[i] as string;
        byType[name] = (totals as Record<string, number>)[name] as number;
      }
      if (this.messageCount > 0) byType.message = (byType.message ?? 0) + this.messageCount;
      const other = this.otherTypes;
      if (other !== null) {
        const names = natives.keys(other);
        for (let i = 0; i < names.length; i++) {
          const name = names[i] as string;
          byType[name] = (byType[name] ?? 0) + (other[name] as number);
        }
      }
      const plainByType: Record<string, number> = {};
      const typeNames = natives.keys(byType);
      for (let i = 0; i < typeNames.length; i++) {
        const name = typeNames[i] as string;
        if (name !== '__proto__') plainByType[name] = byType[name] as number;
      }
      const tc = this.timerCounts;
      return {
        id: this.id,
        url: this.url,
        withCredentials: this.withCredentials,
        state: this.readyState === 0 ? 'connecting' : this.readyState === 1 ? 'open' : 'closed',
        readyState: this.readyState,
        createdAt: this.createdAt,
        closedBy: this.closedBy,
        counts: {
          messages: this.totalCount + this.count,
          bytes: this.totalBytes + this.bytes,
          opens: this.opens,
          errors: this.errors,
          byType: plainByType,
        },
        lastEventId: this.lastEventId,
        lastAt: this.lastAt,
        stack: this.stack,
        parent: this.parent,
        timer: this.timer,
        annotation: this.annotation === null ? null : { ...this.annotation },
        listening: this.listenOrder === null ? [] : copyList(this.listenOrder),
        timers: {
          created: tc.created,
          fired: tc.fired,
          cleared: tc.cleared,
          pending: tc.created - tc.fired - tc.cleared,
        },
      };
    }
  }

  function prune(): void {
    // Forget the oldest closed connections; live ones always stay visible.
    const keep: Conn[] = [];
    const keepIds: number[] = [];
    const keepClosed: number[] = [];
    let excess = list.length - (MAX_CONNECTIONS >> 1);
    for (let i = 0; i < list.length; i++) {
      const closed = listClosed[i] as number;
      if (excess > 0 && closed === 1) {
        excess--;
        continue;
      }
      keep[keep.length] = list[i] as Conn;
      keepIds[keepIds.length] = listIds[i] as number;
      keepClosed[keepClosed.length] = closed;
    }
    list = keep;
    listIds = keepIds;
    listClosed = keepClosed;
  }

  /** readyState reached CLOSED (terminal): flag it for prune(). */
  function noteClosed(conn: Conn): void {
    const id = conn.id;
    let lo = 0;
    let hi = listIds.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const at = listIds[mid] as number;
      if (at === id) {
        listClosed[mid] = 1;
        return;
      }
      if (at < id) lo = mid + 1;
      else hi = mid - 1;
    }
  }

  function coerce(info: Record<string, unknown>, key: string): string {
    let value: unknown;
    try {
      value = info[key];
      if (value === undefined || value === null) return '';
      return cap(natives, natives.String(value), LIMITS.maxLabel);
    } catch {
      // A throwing getter or toString on the page's info object.
      return '[unreadable]';
    }
  }

  /** Registers our own listener for each type in `types` (OWN_* bits) not registered yet. */
  function attach(es: EventSource, conn: Conn, types: number): void {
    const missing = types & ~conn.own;
    if (missing === 0) return;
    conn.own |= missing;
    // Native (unwrapped) addEventListener: ours are not page listeners. `conn.handleEvent` is the
    // listener, so no closure per source.
    if ((missing & OWN_OPEN) !== 0) apply(addListener, es, ['open', conn]);
    if ((missing & OWN_ERROR) !== 0) apply(addListener, es, ['error', conn]);
  }

  function settle(): void {
    if (unsettledConns.length === 0) return;
    const sources = unsettledSources;
    const conns = unsettledConns;
    const inits = unsettledInits;
    unsettledSources = [];
    unsettledConns = [];
    unsettledInits = [];
    for (let i = 0; i < conns.length; i++) {
      const conn = conns[i] as Conn;
      const es = sources[i] as EventSource;
      try {
        conn.rawUrl = natives.String(apply(getters.url, es, NO_ARGS));
        // Each native call is microseconds in a storm's cold tasks: skip the one we can.
        if (inits[i] === true)
          conn.withCredentials = apply(getters.withCredentials, es, NO_ARGS) === true;
        // A type the page handles through `on<type>` is seen through its trampoline.
        if (conn.readyState !== 2) attach(es, conn, OWN_BOTH & ~conn.slots);
      } catch {
        host.internalError();
      }
    }
  }

  const settleTask = (): void => {
    // Runs as a microtask of the page's task: an exception here would reach window.onerror.
    try {
      settle();
    } catch {
      host.internalError();
    }
  };

  return {
    created(es, error, lineage, withInit) {
      const conn = new Conn(lineage);
      bySource.set(es, conn);
      list[list.length] = conn;
      listIds[listIds.length] = conn.id;
      listClosed[listClosed.length] = 0;
      if (list.length > MAX_CONNECTIONS) prune();
      if (unsettledConns.length === 0) natives.queueMicrotask(settleTask);
      unsettledSources[unsettledSources.length] = es;
      unsettledConns[unsettledConns.length] = conn;
      unsettledInits[unsettledInits.length] = withInit;
      const draft: ConnDraft = {
        k: 'conn',
        id: conn.id,
        url: '',
        withCredentials: false,
        stack: '',
        seq: 0,
        t: 0,
      };
      if (lineage !== null) {
        draft.parent = lineage.parent;
        draft.timer = lineage.timer;
      }
      pendingRecords[pendingRecords.length] = draft;
      pendingConns[pendingConns.length] = conn;
      pendingErrors[pendingErrors.length] = error;
      host.emit(draft, RECORD_OVERHEAD + URL_ESTIMATE + (error === null ? 40 : STACK_ESTIMATE));
      conn.createdAt = draft.t ?? 0;
      return conn;
    },
    of(es) {
      return typeof es === 'object' && es !== null ? bySource.get(es) : undefined;
    },
    track(target) {
      const conn = typeof target === 'object' && target !== null ? bySource.get(target) : undefined;
      if (conn === undefined || conn.own === OWN_BOTH) return conn;
      settle();
      attach(target as EventSource, conn, OWN_BOTH);
      return conn;
    },
    handlerSet(es, type, handled) {
      const conn = typeof es === 'object' && es !== null ? bySource.get(es) : undefined;
      if (conn === undefined) return false;
      const bit = type === 'open' ? OWN_OPEN : OWN_ERROR;
      if (handled) {
        conn.slots |= bit;
      } else {
        conn.slots &= ~bit;
        // Nothing of the page's carries this type any more: listen ourselves (unless final).
        if (conn.readyState !== 2) attach(es as EventSource, conn, bit);
      }
      return true;
    },
    settle,
    listened(es, type) {
      const conn = bySource.get(es);
      if (conn === undefined) return;
      const order = conn.listenOrder ?? (conn.listenOrder = []);
      for (let i = 0; i < order.length; i++) if (order[i] === type) return;
      order[order.length] = type;
      host.emit(
        { k: 'listen', id: conn.id, type: cap(natives, type, LIMITS.maxLabel), seq: 0, t: 0 },
        RECORD_OVERHEAD,
      );
    },
    lifecycle(target, event, type) {
      const conn = typeof target === 'object' && target !== null ? bySource.get(target) : undefined;
      conn?.lifecycle(event, type, target);
    },
    counted(target, event, type) {
      const conn = typeof target === 'object' && target !== null ? bySource.get(target) : undefined;
      if (conn === undefined || conn.lastEvent === event) return;
      conn.lastEvent = event;
      conn.handleMessage(event, type);
    },
    closed(connection, prior, error) {
      const conn = connection as Conn;
      conn.emitTraffic();
      if (conn.readyState !== 2) noteClosed(conn);
      conn.readyState = 2;
      if (conn.closedBy === null) conn.closedBy = 'page';
      if (prior === 2 && error === null) {
        // A no-op close (event-source-patch.ts captures no stack for it): nothing to format.
        const stack = STACK_NOOP_CLOSE;
        host.emit(
          { k: 'close', id: conn.id, stack, readyState: prior, seq: 0, t: 0 },
          RECORD_OVERHEAD + stack.length,
        );
        return;
      }
      const draft: CloseDraft = {
        k: 'close',
        id: conn.id,
        stack: '',
        readyState: prior,
        seq: 0,
        t: 0,
      };
      pendingRecords[pendingRecords.length] = draft;
      pendingConns[pendingConns.length] = conn;
      pendingErrors[pendingErrors.length] = error;
      host.emit(draft, RECORD_OVERHEAD + (error === null ? 40 : STACK_ESTIMATE));
    },
    annotate(es, info) {
      const conn = typeof es === 'object' && es !== null ? bySource.get(es) : undefined;
      if (conn === undefined) return false;
      const src = (typeof info === 'object' && info !== null ? info : {}) as Record<
        string,
        unknown
      >;
      const annotation: Annotation = {
        client: coerce(src, 'client'),
        marker: coerce(src, 'marker'),
        reason: coerce(src, 'reason'),
      };
      conn.annotation = annotation;
      host.emit(
        { k: 'annotate', id: conn.id, ...annotation },
        RECORD_OVERHEAD +
          annotation.client.length +
          annotation.marker.length +
          annotation.reason.length,
      );
      return true;
    },
    errorConnectionOf(event) {
      // No map of error events (a WeakMap entry per error costs a storm more than this lookup,
      // which runs only for a setTimeout called while an event is being dispatched): the event's
      // source, if it is ours and its last lifecycle event — held until the next flush — is this
      // very error event.
      if (typeof event !== 'object' || event === null) return undefined;
      const target: unknown = apply(getters.currentTarget, event, NO_ARGS);
      const conn = typeof target === 'object' && target !== null ? bySource.get(target) : undefined;
      if (conn === undefined || conn.lastLifecycle !== event) return undefined;
      return apply(getters.type, event, NO_ARGS) === 'error' ? conn : undefined;
    },
    get sawErrors() {
      return sawErrors;
    },
    flushTraffic() {
      if (lifecycleHeld.length !== 0) {
        // Dispatch of those events is over: release them (and their sources).
        const held = lifecycleHeld;
        lifecycleHeld = [];
        for (let i = 0; i < held.length; i++) (held[i] as Conn).lastLifecycle = null;
      }
      if (dirty.length === 0) return;
      const batch = dirty;
      dirty = [];
      for (let i = 0; i < batch.length; i++) {
        try {
          const conn = batch[i] as Conn;
          // Dispatch of that event is over: release it (and, through it, its EventSource). Not
          // earlier: a close() inside one listener must not make the next listener count again.
          conn.lastEvent = null;
          conn.emitTraffic();
        } catch {
          host.internalError();
        }
      }
    },
    finalize() {
      settle();
      if (pendingRecords.length === 0) return;
      const records = pendingRecords;
      const conns = pendingConns;
      const errors = pendingErrors;
      pendingRecords = [];
      pendingConns = [];
      pendingErrors = [];
      for (let i = 0; i < records.length; i++) {
        try {
          const record = records[i] as ConnDraft | CloseDraft;
          const conn = conns[i] as Conn;
          const stack = host.formatStack(errors[i], HOOK_FRAMES);
          record.stack = stack;
          if (record.k === 'conn') {
            if (conn.url === '') conn.url = host.redact(conn.rawUrl);
            record.url = conn.url;
            record.withCredentials = conn.withCredentials;
            conn.stack = stack;
            host.resize(record, RECORD_OVERHEAD + conn.url.length + stack.length);
          } else {
            host.resize(record, RECORD_OVERHEAD + stack.length);
          }
        } catch {
          host.internalError();
        }
      }
    },
    snapshot() {
      const out: ConnectionSnapshot[] = [];
      for (let i = 0; i < list.length; i++) out[out.length] = (list[i] as Conn).snapshot();
      return out;
    },
    get size() {
      return list.length;
    },
    get pendingTimers() {
      let n = 0;
      for (let i = 0; i < list.length; i++) {
        const tc = (list[i] as Conn).timerCounts;
        n += tc.created - tc.fired - tc.cleared;
      }
      return n;
    },
  };
}

/**
 * The connection registry: one `Conn` per EventSource and the records it produces (conn, open,
 * error, close, listen, annotate, msgs). A Conn is also OUR listener for `open`/`error`
 * (`handleEvent`), so a construction allocates one object, not closures. Beside this file:
 * traffic-interval.ts (message counts and samples between flushes: the Conn base class),
 * connection-list.ts (the bounded list behind `connections()`), deferred-queue.ts (what a
 * construction or close() leaves for the microtask checkpoint and the flush) and
 * connection-snapshot.ts (the copy `connections()` returns).
 *
 * Lifecycle: a type the page handles with `on<type>` needs no listener of ours; the handler is
 * wrapped in a trampoline that reports first (one addEventListener and one native→JS dispatch less
 * per storm connection). Our listener is added once the page adds one with addEventListener
 * (`track()`, so ours runs first: reconnect-timers.ts relies on it), dispatches on the source, or
 * clears `on<type>`; an event seen twice is recorded once (`lastLifecycle`).
 * Messages: no listener of ours (one more native→JS dispatch per message, ≈ 1.3x native
 * throughput, measured): the page's listeners are wrapped by counting trampolines
 * (listener-trampolines.ts) that call `counted()` once per event. Events nobody listens to are
 * invisible.
 *
 * Memory: a Conn never references its EventSource (only the source references the Conn: its
 * listener list and a private field, private-slot.ts), so a source the page dropped can be
 * collected; the browser keeps an open one alive.
 * The last events seen (`lastEvent`, `lastLifecycle`) and the message events of the interval's
 * samples (at most SAMPLES_PER_INTERVAL + 1, traffic-interval.ts) are released at the next flush,
 * which is at most IDLE_FLUSH_MS away: an event's `target` is its source, so a source the page
 * closed and dropped lives that much longer.
 */
import { LIMITS } from '../../src/protocol/limits';
import type { DraftOf, ReadyState, RecordDraft } from '../../src/protocol/records';
import {
  snapshotOf,
  type Annotation,
  type ConnectionSnapshot,
  type TimerCounts,
} from './connection-snapshot';
import { createConnectionList } from './connection-list';
import { createDeferredQueue } from './deferred-queue';
import { NO_ARGS, type AnyFn, type NativeGetters, type Natives } from './natives';
import { createPrivateSlot } from './private-slot';
import { RECORD_OVERHEAD } from './record-log';
import { finishDraft } from './record-drafts';
import { STACK_NOOP_CLOSE } from './stack-trace';
import {
  cap,
  DATA_READS_PER_INTERVAL,
  TrafficInterval,
  type SampleReader,
} from './traffic-interval';

/** Byte estimates for a stack / URL not formatted yet (corrected at finalize). */
const STACK_ESTIMATE = 600;
const URL_ESTIMATE = 128;
/** Bits of `Conn.own` / `Conn.slots`: our `open` / `error` listener, or the page's handler. */
const OWN_OPEN = 1;
const OWN_ERROR = 2;
const OWN_BOTH = OWN_OPEN | OWN_ERROR;

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
  /** When `event` was created, on the `now()` clock (read at flush, not per message). */
  eventTime(event: object): number;
  redact(url: string): string;
  formatStack(error: unknown, skipFrames: number): string;
  dataCap(): number;
  internalError(): void;
}

export interface Lineage {
  readonly parent: number;
  readonly timer: number;
}

type ConnDraft = DraftOf<'conn'>;
type CloseDraft = DraftOf<'close'>;

export interface Connection {
  readonly id: number;
  readyState: ReadyState;
  /**
   * Constructed in the current task and not settled yet (deferred-queue.ts): no task boundary
   * has passed, so the browser cannot have changed its readyState (only tasks announce, fail or
   * reconnect; a close() through our trap sets `readyState` here). close() reads no getter then.
   */
  readonly unsettled: boolean;
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
  /** The next connection id (fetch streams share the numbering: ids are unique per session). */
  allocateId(): number;
  readonly size: number;
  readonly pendingTimers: number;
}

export function createConnectionRegistry(host: RegistryHost): ConnectionRegistry {
  const { natives, getters, addListener } = host;
  const { apply } = natives;
  // Source → Conn in a private field of the source, not a WeakMap (private-slot.ts says why).
  const bySource = createPrivateSlot<Conn>();
  const list = createConnectionList<Conn>();
  let nextId = 1;
  let sawErrors = false;
  /** Connections with traffic since the previous flush. */
  let dirty: Conn[] = [];
  /** Connections holding `lastLifecycle` until the next flush. */
  let lifecycleHeld: Conn[] = [];
  const emit = (draft: RecordDraft, bytes: number): void => host.emit(draft, bytes);
  const readData = (event: object): string => {
    try {
      const data: unknown = apply(getters.data, event, NO_ARGS);
      return typeof data === 'string' ? data : '';
    } catch {
      // A synthetic non-MessageEvent dispatched by the page: counted, without data.
      return '';
    }
  };
  const reader: SampleReader = {
    id(event) {
      try {
        const id: unknown = apply(getters.lastEventId, event, NO_ARGS);
        return typeof id === 'string' ? id : '';
      } catch {
        // A synthetic non-MessageEvent dispatched by the page: sampled without an id.
        return '';
      }
    },
    data: readData,
    time: (event) => host.eventTime(event),
  };
  const emitTraffic = (conn: Conn): void => {
    // Nothing counted since the last interval (a storm's error and close): nothing to read.
    if (conn.count === 0) return;
    conn.readEvents(reader);
    conn.emitInterval(natives, conn.id, host.dataCap(), emit);
  };

  class Conn extends TrafficInterval implements Connection {
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
    unsettled = true;
    /** `deferred.checkpoints` at construction (see `closed`). */
    born = 0;
    closedBy: 'page' | 'browser' | null = null;
    annotation: Annotation | null = null;
    /** Types the page listens to, in order (allocated on the first listen; scanned: few types). */
    listenOrder: string[] | null = null;
    /** The last message event counted (identity: several page listeners, one count). */
    lastEvent: Event | null = null;
    readonly timerCounts: TimerCounts = { created: 0, fired: 0, cleared: 0 };
    opens = 0;
    errors = 0;
    /** connection-list.ts's position hint. */
    listIndex = 0;

    constructor(lineage: Lineage | null) {
      super();
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
      else this.handleError(target);
    }

    /** Hot path: every SSE message a page listener receives. */
    handleMessage(event: Event, type: string): void {
      // Past the interval's read budget `data` is read at flush if still sampled, its size
      // estimated otherwise (traffic-interval.ts). Id and time are always read at flush.
      const data = this.count < DATA_READS_PER_INTERVAL ? readData(event) : null;
      if (this.addEvent(natives, type, data, event)) {
        dirty[dirty.length] = this;
        host.wake();
      }
    }

    handleOpen(): void {
      this.readyState = 1;
      this.opens++;
      host.emit({ k: 'open', id: this.id, seq: 0, t: 0 }, RECORD_OVERHEAD);
    }

    handleError(target: unknown): void {
      let readyState: ReadyState = 0;
      try {
        readyState = apply(getters.readyState, target, NO_ARGS) as ReadyState;
      } catch {
        // A forged error event on a non-EventSource target: fall back to the last known state.
        readyState = this.readyState;
      }
      sawErrors = true;
      emitTraffic(this);
      this.readyState = readyState;
      if (readyState === 2) list.markClosed(this);
      this.errors++;
      if (readyState === 2 && this.closedBy === null) this.closedBy = 'browser';
      host.emit({ k: 'error', id: this.id, readyState, seq: 0, t: 0 }, RECORD_OVERHEAD);
    }
  }

  function connOf(target: unknown): Conn | undefined {
    return bySource.get(target);
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

  const deferred = createDeferredQueue<Conn, ConnDraft | CloseDraft>(natives, {
    settle(es, conn, withInit) {
      conn.unsettled = false;
      conn.rawUrl = natives.String(apply(getters.url, es, NO_ARGS));
      // Each native call is microseconds in a storm's cold tasks: skip the one we can.
      if (withInit) conn.withCredentials = apply(getters.withCredentials, es, NO_ARGS) === true;
      // A type the page handles through `on<type>` is seen through its trampoline.
      if (conn.readyState !== 2) attach(es, conn, OWN_BOTH & ~conn.slots);
    },
    finish: (record, conn, error) => finishDraft(host, record, conn, error),
    internalError: () => host.internalError(),
  });

  return {
    created(es, error, lineage, withInit) {
      const conn = new Conn(lineage);
      conn.born = deferred.checkpoints;
      bySource.set(es, conn);
      list.add(conn);
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
      deferred.constructed(es, conn, withInit, draft, error);
      host.emit(draft, RECORD_OVERHEAD + URL_ESTIMATE + (error === null ? 40 : STACK_ESTIMATE));
      conn.createdAt = draft.t ?? 0;
      return conn;
    },
    of: connOf,
    track(target) {
      const conn = connOf(target);
      if (conn === undefined || conn.own === OWN_BOTH) return conn;
      deferred.settle();
      attach(target as EventSource, conn, OWN_BOTH);
      return conn;
    },
    handlerSet(es, type, handled) {
      const conn = connOf(es);
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
    settle: deferred.settle,
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
      connOf(target)?.lifecycle(event, type, target);
    },
    counted(target, event, type) {
      const conn = connOf(target);
      if (conn === undefined || conn.lastEvent === event) return;
      conn.lastEvent = event;
      conn.handleMessage(event, type);
    },
    closed(connection, prior, error) {
      const conn = connection as Conn;
      emitTraffic(conn);
      if (conn.readyState !== 2) list.markClosed(conn);
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
      // Closed before the microtask checkpoint of the task that made it: the browser starts an
      // EventSource's request in a task of its own, which now never runs. No request was made.
      if (conn.born === deferred.checkpoints && conn.opens === 0 && conn.errors === 0)
        draft.unsent = true;
      deferred.closed(conn, draft, error);
      host.emit(draft, RECORD_OVERHEAD + (error === null ? 40 : STACK_ESTIMATE));
    },
    annotate(es, info) {
      const conn = connOf(es);
      if (conn === undefined) return false;
      const src = (typeof info === 'object' && info !== null ? info : {}) as Record<
        string,
        unknown
      >;
      const client = coerce(src, 'client');
      const marker = coerce(src, 'marker');
      const reason = coerce(src, 'reason');
      // The record doubles as the connection's annotation (the snapshot copies the three labels).
      const record = { k: 'annotate', id: conn.id, client, marker, reason } as const;
      conn.annotation = record;
      host.emit(record, RECORD_OVERHEAD + client.length + marker.length + reason.length);
      return true;
    },
    errorConnectionOf(event) {
      // No map of error events (a WeakMap entry per error costs a storm more than this lookup,
      // which runs only for a setTimeout called while an event is being dispatched): the event's
      // source, if it is ours and its last lifecycle event — held until the next flush — is this
      // very error event.
      if (typeof event !== 'object' || event === null) return undefined;
      const conn = connOf(apply(getters.currentTarget, event, NO_ARGS));
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
          emitTraffic(conn);
        } catch {
          // One connection's record failed to build: count it and flush the others.
          host.internalError();
        }
      }
    },
    finalize: deferred.finalize,
    snapshot() {
      const items = list.items();
      const out: ConnectionSnapshot[] = [];
      for (let i = 0; i < items.length; i++) {
        const conn = items[i] as Conn;
        conn.readEvents(reader);
        out[i] = snapshotOf(natives, conn);
      }
      return out;
    },
    allocateId: () => nextId++,
    get size() {
      return list.size;
    },
    get pendingTimers() {
      return list.pendingTimers;
    },
  };
}

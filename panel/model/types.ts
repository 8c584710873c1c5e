/**
 * The connection types of the panel model: one row per EventSource the page hook reported, the
 * pieces of state around them, and the small pure helpers every view shares.
 */
import type {
  ConnectionKind,
  HelloRecord,
  MessageSample,
  ReadyState,
  StreamEnd,
} from '../../src/protocol';
import type { CallSite } from '../stack';
import type { NetworkStream } from '../network/cdp-reducer';

/** Newest message samples kept per connection. */
export const RECENT_MESSAGES_PER_CONNECTION = 200;
/** readyState changes kept per connection (a flapping connection must not grow without bound). */
export const TIMELINE_PER_CONNECTION = 100;
/** Construction times kept for the connects-per-minute rate. */
export const CONNECT_TIMES_KEPT = 20_000;
/** Browser reconnects (with the Last-Event-ID each sent) kept per connection. */
export const RECONNECTS_PER_CONNECTION = 50;
/** Event types and listener types kept per connection. */
export const TYPES_PER_CONNECTION = 64;

/**
 * Who ended a connection: the page (`close()`), the browser (a terminal error: it gave up), or
 * the document's unload (no record says so; the panel infers it from a navigation).
 */
export type ClosedBy = 'page' | 'browser' | 'unload';

export type StateCause = 'conn' | 'open' | 'error' | 'close' | 'unload' | 'restore';

export interface StateChange {
  readonly t: number;
  readonly readyState: ReadyState;
  readonly cause: StateCause;
}

/**
 * A transient error: the browser reconnects the same EventSource and sends the `lastEventId` it
 * holds as the `Last-Event-ID` header, when not empty (WHATWG HTML, "reestablish the connection").
 */
export interface Reconnect {
  /** Page clock, the error that started it. */
  readonly t: number;
  /** What the request carried as `Last-Event-ID` ('' = no header). */
  readonly lastEventId: string;
}

export interface Connection {
  /** `${session}#${id}`: the hook numbers connections per hook session (document) only. */
  readonly key: string;
  /**
   * The id the panel shows (`#n`): one counter per panel session, given on first sight, so it
   * names one connection across frames, documents and a preserved log (the hook's `id` repeats).
   */
  readonly displayId: number;
  readonly session: string;
  /** The hook's own number for it, unique within its document only. */
  readonly id: number;
  /**
   * What made it: an EventSource, or a fetch() whose response was an event stream (absent in
   * reports exported before fetch streams: read it as 'eventsource').
   */
  readonly kind: ConnectionKind;
  /** Request method of a fetch stream; null for an EventSource (always GET). */
  readonly method: string | null;
  /** HTTP status of a fetch stream's response (EventSource records carry none). */
  readonly status: number | null;
  /** How a fetch stream ended: page cancel or abort, server end, network error. */
  readonly end: StreamEnd | null;
  /** The last `retry:` value a fetch stream's server sent (ms). */
  readonly retry: number | null;
  readonly url: string;
  readonly endpoint: string;
  readonly withCredentials: boolean;
  readonly stack: string;
  readonly callSite: CallSite | null;
  readonly parentKey: string | null;
  /** The parent's displayed id (see `displayId`). */
  readonly parentId: number | null;
  /** Hook timer inside whose callback this connection was created. */
  readonly timer: number | null;
  /** True when records arrived for a connection whose `conn` record was lost. */
  readonly placeholder: boolean;
  readonly createdAt: number;
  readonly openedAt: number | null;
  readonly readyState: ReadyState;
  readonly closedBy: ClosedBy | null;
  readonly closedAt: number | null;
  readonly closeStack: string | null;
  /**
   * Closed in the task that made it, so its request was never sent (the browser starts an
   * EventSource's request in a task of its own): nothing of it reached the network.
   */
  readonly unsent?: true;
  readonly timeline: readonly StateChange[];
  readonly messages: number;
  /** Characters of message data; an estimate in part when `bytesUnmeasured` > 0. */
  readonly bytes: number;
  /** Messages the hook counted in a flood without reading their data (their size is estimated). */
  readonly bytesUnmeasured: number;
  readonly byType: Readonly<Record<string, number>>;
  readonly lastEventId: string;
  /**
   * Page clock of the first message: the oldest sample of the first `msgs` interval (one flush
   * interval, tens of ms, at most from the true first when the hook kept only the newest).
   */
  readonly firstMessageAt: number | null;
  readonly lastMessageAt: number | null;
  /** The browser's reconnects of this EventSource, newest last (bounded). */
  readonly reconnects: readonly Reconnect[];
  readonly recent: readonly MessageSample[];
  /** Samples the hook or this bound did not keep. */
  readonly samplesSkipped: number;
  readonly transientErrors: number;
  readonly terminalErrors: number;
  readonly lastErrorAt: number | null;
  readonly timersScheduled: number;
  readonly client: string;
  readonly marker: string;
  readonly reason: string;
  readonly listeners: readonly string[];
  readonly frameId: number;
  readonly documentId: string;
  readonly frameUrl: string;
  /**
   * What network capture (chrome.debugger, opt-in) saw of this request: every event including
   * types nobody listens to, status, headers. Absent when capture is off or saw no such request.
   */
  readonly network?: NetworkStream;
  /**
   * The row's earlier requests (an EventSource's reconnects, each a request of its own), oldest
   * first, at most MAX_EARLIER_REQUESTS (panel/model/network.ts); `network` is the latest.
   */
  readonly networkEarlier?: readonly NetworkStream[];
  /** Earlier requests past that bound: counted, no longer kept. */
  readonly networkEarlierDropped?: number;
  /**
   * The protocol of the connection's origin as the page's resource timing saw it (`http/1.1`,
   * `h2`, `h3`), from the socket census (panel/host-budget.ts); absent while unknown. Network
   * capture's `network.protocol` is the stream's own and wins where both exist.
   */
  readonly protocol?: string;
}

export type DocumentOrigin = Pick<Connection, 'frameId' | 'documentId' | 'frameUrl'>;

export interface DebugSnapshot {
  readonly name: string;
  readonly ok: boolean;
  readonly value: unknown;
  readonly error: string | null;
  readonly t: number;
  readonly ms: number;
}

export interface PendingTimer {
  readonly id: number;
  readonly delay: number;
  readonly createdAt: number;
}

export interface SessionInfo {
  readonly documentId: string;
  hello: HelloRecord | null;
  /** Last seq held (the replay cursor). */
  cursor: number;
  /** seq ranges the hook declared lost (`dropped` records) not yet passed by the cursor. */
  covered: Array<[number, number]>;
}

export interface DocumentInfo {
  readonly documentId: string;
  readonly frameId: number;
  readonly frameUrl: string;
  /** Panel clock. */
  readonly firstSeenAt: number;
  /** Unloaded (kept only with Preserve log). */
  retired: boolean;
}

/** What was captured. Mutable containers; the store's `version` says when they changed. */
export interface CaptureData {
  readonly connections: Map<string, Connection>;
  readonly pendingTimers: Map<string, PendingTimer>;
  readonly timerTotals: { created: number; fired: number; cleared: number };
  readonly debug: Map<string, DebugSnapshot>;
  /** Construction times (page clock), ascending as they arrive. */
  readonly connectTimes: number[];
  readonly sessions: ReadonlyMap<string, SessionInfo>;
  readonly documents: ReadonlyMap<string, DocumentInfo>;
}

export const connectionKey = (session: string, id: number): string => `${session}#${id}`;

/** The session part of a connection or timer key. */
export const sessionOfKey = (key: string): string => key.slice(0, key.lastIndexOf('#'));

export function isLive(c: Pick<Connection, 'readyState' | 'closedBy'>): boolean {
  return c.closedBy === null && c.readyState !== 2;
}

/**
 * What the panel shows for a connection: `#n` from its display id, or the hook's `#id` for data
 * that has none (a report saved before display ids existed).
 */
export function connectionLabel(c: { readonly key: string; readonly displayId?: number }): string {
  if (c.displayId !== undefined) return `#${c.displayId}`;
  const i = c.key.lastIndexOf('#');
  return i === -1 ? c.key : c.key.slice(i);
}

/**
 * Types of the fixed SSE client. They live in their own module so that importing a type never
 * loads the client core or the React hook (nothing should import a hook module just for
 * `ConnectionStatus`).
 */
import type { TimerHandle } from '../shared/timers';

/** Where the one connection of a client stands. */
export type ConnectionStatus = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'disconnected';

/**
 * A failure of the stream. `transient`: the EventSource reported `error` while CONNECTING (the
 * network dropped; the browser would retry on its own). `terminal`: it reported `error` while
 * CLOSED (non-200, wrong content type, CORS, constructor failure): the browser gave up.
 */
export type SSEErrorKind = 'transient' | 'terminal';

export interface SSEErrorInfo {
  readonly at: number;
  readonly kind: SSEErrorKind;
  /** What failed, e.g. "error event (readyState 2)" or "heartbeat timeout". Never holds a token. */
  readonly reason: string;
}

/** One event as subscribers see it (see `normalizeEvent`). */
export interface SSEEvent<TData = unknown> {
  /** The payload's string `type` for JSON `message` payloads, else the SSE event name. */
  readonly type: string;
  /** Parsed JSON when the payload is JSON, else the raw string. */
  readonly data: TData;
  /** The SSE `id:` of the event (`lastEventId`), or null when the stream sets none. */
  readonly id: string | null;
  /** The SSE event name the browser dispatched (`message` unless the server sent `event:`). */
  readonly event: string;
  /** Time of arrival from the client's `now()`. */
  readonly receivedAt: number;
}

export type SSESubscriber = (event: SSEEvent) => void;

/** The part of an EventSource the client uses; the real one and test fakes both fit. */
export interface EventSourceLike {
  readonly readyState: number;
  close(): void;
  addEventListener(type: string, listener: (event: Event) => void): void;
}

export type EventSourceConstructor = new (
  url: string,
  init?: { withCredentials?: boolean },
) => EventSourceLike;

/** Source of the access token (e.g. an auth client). */
export interface SSEAuthSource {
  getToken(): string | null;
  /** Called with the new token whenever it changes; returns an unsubscribe function. */
  subscribe(listener: (token: string | null) => void): () => void;
}

/** Network reachability (default: `navigator.onLine` + the window `online` event). */
export interface SSEOnlineSource {
  isOnline(): boolean;
  /** Called when the browser comes back online; returns an unsubscribe function. */
  subscribe(listener: () => void): () => void;
}

/**
 * Page lifecycle (default: the window `pagehide` / `pageshow` events). `persisted` is the event's
 * `persisted` flag: true on a `pagehide` that may put the page into the back/forward cache and on
 * a `pageshow` that restores it from there; false on a plain unload and on a first load.
 */
export interface SSELifecycleSource {
  /** Called once at client creation; returns a function removing both listeners. */
  subscribe(onHide: (persisted: boolean) => void, onShow: (persisted: boolean) => void): () => void;
}

export type SSELogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface SSELoggerObject {
  debug(...args: unknown[]): void;
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
}

export type SSELogFunction = (level: SSELogLevel, message: string, details?: unknown) => void;

export type SSELogger = SSELoggerObject | SSELogFunction;

export type { TimerHandle };

export interface SSEClientOptions {
  /**
   * The stream URL, or a function building it from the current token (called at every connect,
   * so a changed token is used by the next connection). Required.
   */
  url: string | ((token: string | null) => string);
  /**
   * EventSource constructor. Default: `globalThis.EventSource`, looked up at connect time (not at
   * creation) so a devtools hook that wraps it later, or a test stub, is still used.
   */
  EventSource?: EventSourceConstructor;
  /** Passed to the EventSource constructor. Default false (the browser default). */
  withCredentials?: boolean;
  /**
   * Token source. On a token change the client reconnects once with the new URL. Default: none (the URL function receives null).
   */
  auth?: SSEAuthSource;
  /**
   * Reconnect backoff. Default `{ initialMs: 1000, maxMs: 30000 }`: 30 s caps the wait a user sees, and
   * one second is long enough that a dev-server reload does not turn into a request storm.
   */
  backoff?: { initialMs?: number; maxMs?: number };
  /** Randomness for jitter and connection markers. Default `Math.random` (looked up at call time). */
  random?: () => number;
  /**
   * Named SSE events (`event: name`) to listen to in addition to `message`. Default `[]`: an
   * EventSource only delivers named events to listeners registered for that exact name.
   */
  events?: readonly string[];
  /**
   * How long the connection outlives its last subscriber. Default 1000 ms: covers a StrictMode
   * unmount/remount and a route change that unmounts one consumer before mounting the next, so
   * neither causes connection churn. 0 disconnects at once.
   */
  graceMs?: number;
  /**
   * Dev logs and diagnostics (`[SSE] ...` lines, stack snapshots, `window.__zarizSSEDebug`).
   * Default: on outside production builds (`process.env.NODE_ENV` / `import.meta.env.PROD`).
   */
  debug?: boolean;
  /**
   * Where logs go: an object with debug/info/warn/error or a `(level, message, details)`
   * function. Default `console` (looked up at call time). Subscriber exceptions are reported at
   * `error` level even when `debug` is off: they are bugs in the app, not dev chatter.
   */
  logger?: SSELogger;
  /**
   * Query parameter carrying the last seen event id when the client itself reopens the stream
   * (a new EventSource does not send `Last-Event-ID` on its own). Default `'lastEventId'`.
   */
  lastEventIdParam?: string;
  /**
   * An open stream silent for this long is treated as dead and reconnected (a proxy can keep a
   * dead TCP connection "open" forever). Any message or named event resets it. Default 45000 ms
   * (servers usually send a heartbeat every 15-30 s). 0 disables the watchdog.
   */
  heartbeatTimeoutMs?: number;
  /**
   * A connection that stayed open this long resets the backoff attempts, so one drop after hours
   * of uptime reconnects quickly. Default 10000 ms.
   */
  stableAfterMs?: number;
  /** Client label for the devtools annotation and logs. Default `'sse-client'`. */
  name?: string;
  /** Timer functions. Default: the globals, looked up at call time (so fake timers work). */
  setTimeout?: (callback: () => void, ms: number) => TimerHandle;
  clearTimeout?: (handle: TimerHandle) => void;
  /** Clock for `receivedAt`, error times and history. Default `Date.now` (looked up at call time). */
  now?: () => number;
  /**
   * Reachability. Default: `navigator.onLine` and the window `online` event when available, else
   * always online. While offline the client waits for `online` instead of spinning through backoff.
   */
  online?: SSEOnlineSource;
  /**
   * Page hide/show. Default: `window` `pagehide`/`pageshow` listeners where `window` exists (none
   * elsewhere), installed by `createSSEClient` and removed by `dispose()`. Why: the back/forward
   * cache keeps a navigated-away document, and its open EventSource, alive for minutes, so after a
   * full navigation the tab would hold two live streams. On every `pagehide` the client closes the
   * stream and its timers but keeps its subscribers; on a `pageshow` restoring the page from that
   * cache it connects again with the last event id.
   */
  lifecycle?: SSELifecycleSource;
}

/** How one subscriber is named and filtered; both optional. */
export interface SSESubscribeOptions {
  /**
   * Label in `debug().deliveries` (e.g. the component's name). Default `subscriber#N`, numbered
   * by subscription order.
   */
  name?: string;
  /**
   * Event types (`SSEEvent.type`) this subscriber is for; other events are not delivered to it
   * and not expected by it. Default: every event.
   */
  types?: readonly string[];
}

/** Delivery accounting of one subscriber (see `deliveries.ts`). */
export interface SSESubscriberDeliveries {
  readonly name: string;
  /** The types it subscribed for, null for every event. */
  readonly types: readonly string[] | null;
  /** False once unsubscribed (the last few stay visible). */
  readonly active: boolean;
  /** When it subscribed (client clock). */
  readonly since: number;
  /** Events the client received, while it was subscribed, of a type it is for. */
  readonly expected: number;
  /** Calls of its function. */
  readonly delivered: number;
  /** Calls with an event id it had already received. */
  readonly duplicates: number;
  /** Expected events it was never called with. */
  readonly missed: number;
  /** Deliveries without an id of their own, which cannot be checked for duplicates. */
  readonly unchecked: number;
  /** Calls that threw. */
  readonly errors: number;
}

/** `debug().deliveries`: did every event reach every subscriber, once? */
export interface SSEDeliveries {
  /** Events the client received (from its stream and through `publish()`). */
  readonly received: number;
  /** Sums over `subscribers`. */
  readonly duplicates: number;
  readonly missed: number;
  /** Live subscribers first, then the last few unsubscribed ones. */
  readonly subscribers: readonly SSESubscriberDeliveries[];
  /** Live subscribers past the accounting cap: delivered to, not accounted. */
  readonly untracked: number;
  /** Ids each subscriber remembers for duplicate detection. */
  readonly idMemory: number;
}

/** One connection attempt, kept in a bounded history for diagnostics. */
export interface SSEConnectRecord {
  /** 1-based connect counter of this client. */
  readonly n: number;
  readonly at: number;
  readonly reason: string;
  readonly marker: string;
}

/**
 * What `client.debug()` and `window.__zarizSSEDebug()` return: a plain JSON-serialisable object.
 * The first six fields are the minimum an acceptance check reads (`connects` … `lastErrorAt`).
 */
export interface SSEDebugSnapshot {
  /** EventSources constructed by this client so far. */
  readonly connects: number;
  readonly subscribers: number;
  /** Whether a non-closed EventSource exists (connecting or open). */
  readonly hasES: boolean;
  /** readyState of that EventSource (0 connecting, 1 open), null when there is none. */
  readonly readyState: number | null;
  /** Pending reconnect timers: 0 or 1, never more. */
  readonly timers: number;
  readonly lastErrorAt: number | null;
  readonly status: ConnectionStatus;
  readonly name: string;
  /** Random marker of the current (or last) connection, printed in every dev log line. */
  readonly marker: string | null;
  /** Consecutive failed attempts driving the backoff (0 once the connection was stable). */
  readonly attempts: number;
  readonly lastEventId: string | null;
  readonly lastError: SSEErrorInfo | null;
  readonly transientErrors: number;
  readonly terminalErrors: number;
  readonly heartbeatTimeouts: number;
  /** Waiting for the `online` event (counts as the one pending reconnect wait, not a timer). */
  readonly waitingForOnline: boolean;
  /** Whether the silence watchdog is armed (at most one; exists only while an EventSource does). */
  readonly watchdog: boolean;
  /**
   * The page is hidden (after `pagehide`, until a `pageshow` restores it from the back/forward
   * cache): no EventSource and no timer exist, and `connect()` only records that one is wanted.
   */
  readonly suspended: boolean;
  /** Whether the last-subscriber grace timer is pending. */
  readonly graceTimer: boolean;
  /** Events received and handed to the subscribers. */
  readonly events: number;
  readonly subscriberErrors: number;
  /** URL of the current or last connection with tokens redacted. */
  readonly url: string | null;
  /** Delivery accounting per subscriber: counts, duplicates, misses. */
  readonly deliveries: SSEDeliveries;
  /** The last 20 connects, oldest first. */
  readonly history: readonly SSEConnectRecord[];
}

export type SSEStatusListener = (status: ConnectionStatus, lastError: SSEErrorInfo | null) => void;

export interface SSEClient {
  readonly name: string;
  readonly status: ConnectionStatus;
  readonly lastError: SSEErrorInfo | null;
  /**
   * Open the one connection. A no-op (logged with a stack snapshot in dev) while connecting, open
   * or waiting to reconnect. `force` closes the current EventSource first and connects now.
   */
  connect(force?: boolean): void;
  /** Close the connection and clear every timer; nothing reconnects until `connect()`/`subscribe()`. */
  disconnect(reason?: string): void;
  /**
   * Add a subscriber; the first one connects. `options` names it in `debug().deliveries` and may
   * restrict it to some event types. Returns an idempotent unsubscribe.
   */
  subscribe(fn: SSESubscriber, options?: SSESubscribeOptions): () => void;
  /** Deliver an event to every subscriber (one throwing subscriber does not stop the others). */
  publish(event: SSEEvent): void;
  /** Close the current connection and reconnect once, soon (coalesced; never a second timer). */
  reconnect(reason: string): void;
  debug(): SSEDebugSnapshot;
  /** Status changes, for UIs. Returns an unsubscribe. */
  onStatus(listener: SSEStatusListener): () => void;
  /** Any state change (used to keep `globalThis.__zarizSSE` current). Returns an unsubscribe. */
  onChange(listener: () => void): () => void;
  /** Disconnect, stop listening to auth, drop every listener and subscriber. Final. */
  dispose(): void;
}

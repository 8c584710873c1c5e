/**
 * The fixed SSE client core (ticket 29, stage 2): one EventSource at most, one reconnect wait at
 * most, and diagnostics that show both. Pure core with injected edges (EventSource constructor,
 * timers, clock, randomness, reachability, logger); no React, no `chrome.*`, no globals touched,
 * nothing done at import. The global singleton lives in `singleton.ts`.
 *
 * Invariants (each one guards a hypothesis of ticket 29):
 * - At most one non-closed EventSource: every construction goes through `openEventSource`, which
 *   closes the previous instance first (hypotheses 3, 4).
 * - At most one pending reconnect wait (a timer, or waiting for `online`): `scheduleReconnect`
 *   refuses to add a second one (hypothesis 4). It exists only while there is no EventSource.
 * - At most one silence watchdog, and only while an EventSource exists, so it never overlaps the
 *   reconnect wait.
 * - Events from a replaced EventSource are ignored by identity, so a late `error` cannot schedule
 *   a second reconnect (hypothesis 3).
 * - While the page is hidden (`pagehide` until a back/forward-cache restore) there is no
 *   EventSource and no timer: a cached document must not keep a second stream of the tab alive.
 */
import { withQueryParam } from './build-url';
import { computeDelay } from '../shared/backoff';
import {
  createBrowserLifecycleSource,
  createBrowserOnlineSource,
  isDevEnvironment,
  toLogFunction,
} from './environment';
import { normalizeEvent, type RawSSEMessage } from './normalize-event';
import { redactDeep, redactText } from './redact';
import type {
  ConnectionStatus,
  EventSourceConstructor,
  EventSourceLike,
  SSEClient,
  SSEClientOptions,
  SSEConnectRecord,
  SSEDebugSnapshot,
  SSEErrorInfo,
  SSEErrorKind,
  SSEEvent,
  SSELogLevel,
  SSEStatusListener,
  SSESubscriber,
  TimerHandle,
} from './types';

// readyState values spelled out: `EventSource` may not exist where this module is loaded.
const CLOSED = 2;

/** Connect records kept for `debug().history`. */
const HISTORY_LIMIT = 20;
/** Recent tokens kept for redaction (an old token is still a secret after it changes). */
const SECRET_MEMORY = 5;
/** Log/connect reasons of the page lifecycle edge. */
const PAGE_HIDDEN = 'page hidden (bfcache)';
const PAGE_RESTORED = 'page restored from bfcache';

export const DEFAULTS = {
  name: 'sse-client',
  initialMs: 1000,
  maxMs: 30_000,
  graceMs: 1000,
  heartbeatTimeoutMs: 45_000,
  stableAfterMs: 10_000,
  lastEventIdParam: 'lastEventId',
} as const;

interface TimerSlot {
  handle: TimerHandle;
}

type PendingReconnect =
  | { readonly kind: 'timer'; readonly reason: string; handle: TimerHandle }
  | { readonly kind: 'online'; readonly reason: string; unsubscribe: () => void };

interface Subscription {
  readonly fn: SSESubscriber;
}

export function createSSEClient(options: SSEClientOptions): SSEClient {
  const name = options.name ?? DEFAULTS.name;
  const debugOn = options.debug ?? isDevEnvironment();
  const log = toLogFunction(options.logger);
  const graceMs = nonNegative(options.graceMs, DEFAULTS.graceMs);
  const heartbeatTimeoutMs = nonNegative(options.heartbeatTimeoutMs, DEFAULTS.heartbeatTimeoutMs);
  const stableAfterMs = nonNegative(options.stableAfterMs, DEFAULTS.stableAfterMs);
  const backoff = {
    initialMs: nonNegative(options.backoff?.initialMs, DEFAULTS.initialMs),
    maxMs: nonNegative(options.backoff?.maxMs, DEFAULTS.maxMs),
  };
  const lastEventIdParam = options.lastEventIdParam ?? DEFAULTS.lastEventIdParam;
  // `message` is always listened to; listing it again would deliver every event twice.
  const namedEvents = [...new Set(options.events ?? [])].filter((event) => event !== 'message');
  const online = options.online ?? createBrowserOnlineSource();
  const lifecycle = options.lifecycle ?? createBrowserLifecycleSource();

  // Edges are looked up at call time so fake timers and stubs installed after creation apply.
  const now = (): number => (options.now ? options.now() : Date.now());
  const random = (): number => (options.random ? options.random() : Math.random());
  const setTimer = (callback: () => void, ms: number): TimerHandle =>
    options.setTimeout ? options.setTimeout(callback, ms) : globalThis.setTimeout(callback, ms);
  const clearTimer = (handle: TimerHandle): void => {
    if (options.clearTimeout) options.clearTimeout(handle);
    else globalThis.clearTimeout(handle as Parameters<typeof clearTimeout>[0]);
  };

  let es: EventSourceLike | null = null;
  let esOpen = false;
  let status: ConnectionStatus = 'idle';
  /** Someone asked for a connection (connect/subscribe/reconnect) and has not disconnected since. */
  let wanted = false;
  let disposed = false;
  /** Between `pagehide` and a bfcache-restoring `pageshow`: nothing may connect or wait. */
  let suspended = false;
  let pending: PendingReconnect | null = null;
  let watchdog: TimerSlot | null = null;
  let graceTimer: TimerSlot | null = null;
  let attempts = 0;
  let openedAt: number | null = null;
  let lastActivityAt = 0;
  let connects = 0;
  let marker: string | null = null;
  let lastEventId: string | null = null;
  let lastError: SSEErrorInfo | null = null;
  let transientErrors = 0;
  let terminalErrors = 0;
  let heartbeatTimeouts = 0;
  let delivered = 0;
  let subscriberErrors = 0;
  let redactedUrl: string | null = null;
  const history: SSEConnectRecord[] = [];
  const secrets: (string | null)[] = [];
  /** Bumped whenever `secrets` changes, so cached redactions know they are stale. */
  let secretsVersion = 0;
  /**
   * Redacted copies of `history` records for `debug()`, valid while `secretsVersion` holds. A
   * record never changes, while `debug()` runs on every state change (the singleton's lock object):
   * re-redacting all 20 records each time made snapshots the most expensive step of a reconnect.
   */
  const redactedRecords = new WeakMap<
    SSEConnectRecord,
    { readonly secretsVersion: number; readonly record: SSEConnectRecord }
  >();
  const subscribers = new Set<Subscription>();
  const statusListeners = new Set<SSEStatusListener>();
  const changeListeners = new Set<() => void>();

  let token = readToken();
  rememberSecret(token);
  const unsubscribeAuth = options.auth
    ? options.auth.subscribe(handleTokenChange)
    : () => undefined;
  const unsubscribeLifecycle = subscribeLifecycle();

  // ---- logging -------------------------------------------------------------------------------

  function emit(level: SSELogLevel, message: string, details?: unknown): void {
    try {
      log(
        level,
        redactText(message, secrets),
        details === undefined ? undefined : redactDeep(details, secrets),
      );
    } catch {
      // A broken logger must never break connection handling; there is nowhere left to report to.
    }
  }

  /** Dev log line (ticket 29 stage 2: `[SSE] ...` with the connection marker). Silent unless debug. */
  function devLog(level: SSELogLevel, text: string, details?: unknown): void {
    if (!debugOn) return;
    emit(level, `[SSE] ${text} marker=${marker ?? '-'}`, details);
  }

  /** Problems in the app (throwing subscribers, missing EventSource): reported even without debug. */
  function report(level: SSELogLevel, text: string, details?: unknown): void {
    emit(level, `[SSE] ${text} marker=${marker ?? '-'}`, details);
  }

  /** Who called: the stack snapshot ticket 29 stage 1 step 2 asks for on an ignored connect(). */
  function callSite(label: string): string | undefined {
    return new Error(label).stack;
  }

  // ---- state notifications --------------------------------------------------------------------

  function setStatus(next: ConnectionStatus): void {
    if (status === next) return;
    status = next;
    for (const listener of [...statusListeners]) {
      try {
        listener(status, lastError);
      } catch (error) {
        report('error', 'status listener threw', { error });
      }
    }
  }

  function notify(): void {
    for (const listener of [...changeListeners]) {
      try {
        listener();
      } catch (error) {
        report('error', 'change listener threw', { error });
      }
    }
  }

  // ---- token ----------------------------------------------------------------------------------

  function readToken(): string | null {
    if (!options.auth) return null;
    try {
      return options.auth.getToken();
    } catch (error) {
      report('error', 'auth.getToken() threw; connecting without a token', { error });
      return null;
    }
  }

  function rememberSecret(secret: string | null): void {
    if (secret === null || secret === '' || secrets.includes(secret)) return;
    secrets.push(secret);
    if (secrets.length > SECRET_MEMORY) secrets.shift();
    secretsVersion += 1;
  }

  function handleTokenChange(next: string | null): void {
    if (disposed || next === token) return;
    token = next;
    rememberSecret(next);
    if (!wanted) {
      devLog('debug', 'token changed while disconnected: the next connect uses it');
      return;
    }
    reconnect('token changed');
  }

  // ---- page lifecycle (back/forward cache) ----------------------------------------------------

  function subscribeLifecycle(): () => void {
    try {
      return lifecycle.subscribe(handlePageHide, handlePageShow);
    } catch (error) {
      // Without the edge the client still works; only bfcache navigations may leave a stream open.
      report('warn', 'lifecycle.subscribe() threw; page hide/show will not close the stream', {
        error,
      });
      return () => undefined;
    }
  }

  /**
   * Every `pagehide`, persisted or not: a persisted one may freeze this document in the
   * back/forward cache with its stream still open; on a plain unload closing first is harmless
   * and frees the server early. Subscribers and `wanted` stay, so a restore can resume.
   */
  function handlePageHide(persisted: boolean): void {
    if (disposed || suspended) return;
    suspended = true;
    if (graceTimer !== null && subscribers.size === 0) {
      // The page leaves during the last subscriber's grace period: nobody is left to resume for.
      clearGrace();
      wanted = false;
    }
    const hadWork = es !== null || pending !== null || graceTimer !== null;
    clearPending();
    clearGrace();
    closeEventSource();
    openedAt = null;
    if (hadWork) devLog('info', 'disconnect', { reason: PAGE_HIDDEN, persisted });
    if (hadWork || wanted) setStatus('disconnected');
    notify();
  }

  /** Only a restore from the back/forward cache (`persisted`) resumes; a first load does nothing. */
  function handlePageShow(persisted: boolean): void {
    if (disposed || !persisted || !suspended) return;
    suspended = false;
    if (wanted) openEventSource(PAGE_RESTORED);
    else notify();
  }

  // ---- the one EventSource --------------------------------------------------------------------

  function buildUrl(currentToken: string | null): string {
    const base = typeof options.url === 'function' ? options.url(currentToken) : options.url;
    // A new EventSource does not send Last-Event-ID by itself; the query parameter carries it so
    // the server can replay what was missed while we reconnected.
    return lastEventId === null ? base : withQueryParam(base, lastEventIdParam, lastEventId);
  }

  function newMarker(): string {
    return random().toString(36).slice(2, 10) || '0';
  }

  function closeEventSource(): void {
    clearWatchdog();
    const current = es;
    es = null;
    esOpen = false;
    if (current === null) return;
    try {
      current.close();
    } catch (error) {
      // close() on an instance a polyfill or wrapper already tore down can throw. We drop the
      // instance either way and its events are ignored by identity, so only note it.
      devLog('warn', 'close() threw on the previous EventSource; dropped anyway', { error });
    }
  }

  function openEventSource(reason: string): void {
    clearPending();
    // Close before constructing: there is never an instant with two non-closed EventSources.
    closeEventSource();
    connects += 1;
    marker = newMarker();
    token = readToken();
    rememberSecret(token);
    const record: SSEConnectRecord = {
      n: connects,
      at: now(),
      reason: redactText(reason, secrets),
      marker,
    };
    history.push(record);
    if (history.length > HISTORY_LIMIT) history.shift();

    let url: string;
    try {
      url = buildUrl(token);
    } catch (error) {
      failWithoutEventSource('url() threw', error);
      return;
    }
    redactedUrl = redactText(url, secrets);
    devLog('info', `connect#${connects}`, { reason, url: redactedUrl });

    const Ctor =
      options.EventSource ?? (globalThis as { EventSource?: EventSourceConstructor }).EventSource;
    if (typeof Ctor !== 'function') {
      failWithoutEventSource('EventSource is not available in this environment', undefined);
      return;
    }
    let created: EventSourceLike;
    try {
      created = options.withCredentials ? new Ctor(url, { withCredentials: true }) : new Ctor(url);
    } catch (error) {
      failWithoutEventSource('EventSource constructor threw', error);
      return;
    }
    es = created;
    esOpen = false;
    lastActivityAt = now();
    attachListeners(created);
    annotate(created, reason);
    armWatchdog(heartbeatTimeoutMs);
    setStatus(status === 'reconnecting' ? 'reconnecting' : 'connecting');
    notify();
  }

  /** The stream cannot even be constructed: retrying would fail the same way, so stop and say so. */
  function failWithoutEventSource(reason: string, error: unknown): void {
    recordError('terminal', reason);
    report('error', `error: ${reason}`, { kind: 'terminal', error });
    setStatus('disconnected');
    notify();
  }

  function attachListeners(source: EventSourceLike): void {
    source.addEventListener('open', () => handleOpen(source));
    source.addEventListener('error', () => handleError(source));
    source.addEventListener('message', (event) => handleMessage(source, event));
    for (const eventName of namedEvents) {
      source.addEventListener(eventName, (event) => handleMessage(source, event));
    }
  }

  /** Label the connection for the SSE devtools panel, if its page hook is present. */
  function annotate(source: EventSourceLike, reason: string): void {
    try {
      const hook = (globalThis as { __SSE_DEVTOOLS_HOOK__?: unknown }).__SSE_DEVTOOLS_HOOK__;
      if ((typeof hook !== 'object' && typeof hook !== 'function') || hook === null) return;
      const fn = (hook as { annotate?: unknown }).annotate;
      if (typeof fn !== 'function') return;
      fn.call(hook, source, { client: name, marker, reason: redactText(reason, secrets) });
    } catch (error) {
      // The hook is a diagnostic aid from another party: it must never break the client.
      devLog('warn', 'devtools hook annotate() threw; ignored', { error });
    }
  }

  function handleOpen(source: EventSourceLike): void {
    if (source !== es) {
      devLog('debug', 'ignored open from a replaced EventSource');
      return;
    }
    esOpen = true;
    openedAt = now();
    lastActivityAt = openedAt;
    devLog('info', 'open');
    setStatus('open');
    notify();
  }

  function handleMessage(source: EventSourceLike, event: Event): void {
    // A replaced EventSource that still delivers would duplicate events: drop them.
    if (source !== es) return;
    lastActivityAt = now();
    const raw = event as unknown as RawSSEMessage;
    if (typeof raw.lastEventId === 'string' && raw.lastEventId !== '')
      lastEventId = raw.lastEventId;
    publish(normalizeEvent(raw, lastActivityAt));
  }

  function handleError(source: EventSourceLike): void {
    if (source !== es) {
      // A second or late `error` from an instance we already closed or replaced: never a new timer.
      devLog(
        'debug',
        pending !== null
          ? 'reconnect timer already scheduled'
          : 'ignored error from a replaced EventSource',
      );
      return;
    }
    const readyState = source.readyState;
    const kind: SSEErrorKind = readyState === CLOSED ? 'terminal' : 'transient';
    recordError(kind, `error event (readyState ${readyState})`);
    devLog('warn', 'error', { kind, readyState });
    failAndReconnect(`${kind} error`);
  }

  function recordError(kind: SSEErrorKind, reason: string): void {
    lastError = { at: now(), kind, reason };
    if (kind === 'terminal') terminalErrors += 1;
    else transientErrors += 1;
  }

  /** The current stream is dead: close it and schedule the one reconnect, synchronously. */
  function failAndReconnect(reason: string): void {
    if (openedAt !== null && now() - openedAt >= stableAfterMs) attempts = 0;
    openedAt = null;
    // Closing also stops the browser's own fixed-delay retry, which would race with ours.
    closeEventSource();
    // Scheduled inside the error dispatch on purpose: the devtools hook attributes timers created
    // during an `error` dispatch to that connection.
    scheduleReconnect(reason, 'backoff');
    setStatus('reconnecting');
    notify();
  }

  // ---- the one reconnect wait -----------------------------------------------------------------

  function isOnline(): boolean {
    try {
      return online.isOnline();
    } catch (error) {
      report('warn', 'online.isOnline() threw; assuming online', { error });
      return true;
    }
  }

  function scheduleReconnect(reason: string, delay: number | 'backoff'): void {
    if (disposed || !wanted || suspended) return;
    if (pending !== null) {
      devLog('debug', 'reconnect timer already scheduled', { reason });
      return;
    }
    if (!isOnline()) {
      waitForOnline(reason);
      return;
    }
    const ms = delay === 'backoff' ? computeDelay(attempts, backoff, random) : delay;
    if (delay === 'backoff') attempts += 1;
    devLog('info', `reconnect in ${ms}ms`, { reason, attempts });
    const entry: PendingReconnect = { kind: 'timer', reason, handle: undefined };
    pending = entry;
    entry.handle = setTimer(() => {
      if (pending !== entry) return;
      pending = null;
      if (!wanted || disposed) return;
      if (!isOnline()) {
        waitForOnline(reason);
        notify();
        return;
      }
      openEventSource(`reconnect: ${reason}`);
    }, ms);
  }

  /** Offline: spinning through backoff would only burn attempts; wait for the browser instead. */
  function waitForOnline(reason: string): void {
    devLog('info', 'offline: waiting for the online event', { reason });
    const entry: PendingReconnect = { kind: 'online', reason, unsubscribe: () => undefined };
    pending = entry;
    try {
      entry.unsubscribe = online.subscribe(() => {
        if (pending !== entry) return;
        pending = null;
        entry.unsubscribe();
        if (wanted && !disposed) openEventSource(`online: ${reason}`);
      });
    } catch (error) {
      report('warn', 'online.subscribe() threw; retrying on a timer instead', { error });
      pending = null;
      scheduleFallbackTimer(reason);
    }
  }

  function scheduleFallbackTimer(reason: string): void {
    const ms = computeDelay(attempts, backoff, random);
    attempts += 1;
    const entry: PendingReconnect = { kind: 'timer', reason, handle: undefined };
    pending = entry;
    entry.handle = setTimer(() => {
      if (pending !== entry) return;
      pending = null;
      if (wanted && !disposed) openEventSource(`reconnect: ${reason}`);
    }, ms);
  }

  function clearPending(): void {
    const current = pending;
    pending = null;
    if (current === null) return;
    if (current.kind === 'timer') clearTimer(current.handle);
    else current.unsubscribe();
  }

  // ---- silence watchdog -----------------------------------------------------------------------

  /**
   * One timer per EventSource. Messages only stamp `lastActivityAt` (no timer churn on a busy
   * stream); when the timer fires it re-arms for the remaining time or declares the stream dead.
   */
  function armWatchdog(ms: number): void {
    clearWatchdog();
    if (heartbeatTimeoutMs <= 0 || es === null) return;
    const source = es;
    const slot: TimerSlot = { handle: undefined };
    watchdog = slot;
    slot.handle = setTimer(() => {
      if (watchdog !== slot) return;
      watchdog = null;
      if (source !== es) return;
      const silentFor = now() - lastActivityAt;
      if (silentFor < heartbeatTimeoutMs) {
        armWatchdog(heartbeatTimeoutMs - silentFor);
        return;
      }
      heartbeatTimeouts += 1;
      recordError('transient', `heartbeat timeout (silent ${silentFor}ms)`);
      devLog('warn', 'error', { kind: 'transient', reason: 'heartbeat timeout', silentFor });
      failAndReconnect('heartbeat timeout');
    }, ms);
  }

  function clearWatchdog(): void {
    if (watchdog === null) return;
    clearTimer(watchdog.handle);
    watchdog = null;
  }

  // ---- subscribers and grace ------------------------------------------------------------------

  function clearGrace(): void {
    if (graceTimer === null) return;
    clearTimer(graceTimer.handle);
    graceTimer = null;
  }

  function startGrace(): void {
    if (!wanted) return;
    if (graceMs === 0 || suspended) {
      // While hidden a grace timer would only outlive the page; end the connection wish now.
      disconnect('no subscribers');
      return;
    }
    clearGrace();
    const slot: TimerSlot = { handle: undefined };
    graceTimer = slot;
    slot.handle = setTimer(() => {
      if (graceTimer !== slot) return;
      graceTimer = null;
      if (subscribers.size === 0) disconnect(`no subscribers for ${graceMs}ms`);
    }, graceMs);
    devLog('debug', `last subscriber left: disconnecting in ${graceMs}ms unless one arrives`);
  }

  // ---- public API -----------------------------------------------------------------------------

  function connect(force = false): void {
    if (disposed) {
      report('warn', 'connect() ignored: client disposed');
      return;
    }
    wanted = true;
    if (suspended) {
      // A hidden page must not open a stream; the bfcache restore connects (see handlePageShow).
      devLog('debug', 'connect() deferred: page hidden');
      return;
    }
    if (!force) {
      if (es !== null && es.readyState !== CLOSED) {
        if (debugOn) {
          devLog('debug', 'connect() ignored: already active', {
            status,
            readyState: es.readyState,
            stack: callSite('connect() call site'),
          });
        }
        return;
      }
      if (pending !== null) {
        if (debugOn) {
          devLog('debug', 'connect() ignored: reconnect already scheduled', {
            stack: callSite('connect() call site'),
          });
        }
        return;
      }
    }
    openEventSource(force ? 'connect(force)' : 'connect()');
  }

  function disconnect(reason = 'disconnect()'): void {
    const hadWork = wanted || es !== null || pending !== null || graceTimer !== null;
    wanted = false;
    clearPending();
    clearGrace();
    closeEventSource();
    openedAt = null;
    attempts = 0;
    if (hadWork) devLog('info', 'disconnect', { reason });
    setStatus('disconnected');
    notify();
  }

  function reconnect(reason: string): void {
    if (disposed) return;
    wanted = true;
    if (suspended) {
      // The bfcache restore connects anyway, with the URL (and token) of that moment.
      devLog('debug', 'reconnect deferred: page hidden', { reason });
      return;
    }
    if (pending !== null) {
      // The pending wait will connect with the newest token anyway (the URL is built at connect).
      devLog('debug', 'reconnect timer already scheduled', { reason });
      return;
    }
    // An intentional reconnect is not a failure: no backoff step, and a 0 ms timer coalesces
    // several requests in one tick (e.g. a burst of token changes) into one new connection.
    openedAt = null;
    closeEventSource();
    scheduleReconnect(reason, 0);
    setStatus('reconnecting');
    notify();
  }

  function publish(event: SSEEvent): void {
    delivered += 1;
    for (const subscription of [...subscribers]) {
      // Skip subscribers removed by an earlier subscriber during this same delivery.
      if (!subscribers.has(subscription)) continue;
      try {
        subscription.fn(event);
      } catch (error) {
        subscriberErrors += 1;
        report('error', `subscriber threw while handling "${event.type}"`, { error });
      }
    }
  }

  function subscribe(fn: SSESubscriber): () => void {
    if (disposed) {
      report('warn', 'subscribe() ignored: client disposed');
      return () => undefined;
    }
    const subscription: Subscription = { fn };
    subscribers.add(subscription);
    if (graceTimer !== null) {
      clearGrace();
      devLog('debug', 'grace period cancelled: a subscriber arrived');
    }
    if (subscribers.size === 1) connect();
    notify();
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      if (!subscribers.delete(subscription)) return;
      if (subscribers.size === 0 && !disposed) startGrace();
      notify();
    };
  }

  function debug(): SSEDebugSnapshot {
    const stable = esOpen && openedAt !== null && now() - openedAt >= stableAfterMs;
    const snapshot: Omit<SSEDebugSnapshot, 'history'> = {
      connects,
      subscribers: subscribers.size,
      hasES: es !== null,
      readyState: es === null ? null : es.readyState,
      timers: pending !== null && pending.kind === 'timer' ? 1 : 0,
      lastErrorAt: lastError === null ? null : lastError.at,
      status,
      name,
      marker,
      attempts: stable ? 0 : attempts,
      lastEventId,
      lastError: lastError === null ? null : { ...lastError },
      transientErrors,
      terminalErrors,
      heartbeatTimeouts,
      waitingForOnline: pending !== null && pending.kind === 'online',
      watchdog: watchdog !== null,
      suspended,
      graceTimer: graceTimer !== null,
      events: delivered,
      subscriberErrors,
      url: redactedUrl,
    };
    return { ...redactDeep(snapshot, secrets), history: history.map(redactedRecord) };
  }

  function redactedRecord(entry: SSEConnectRecord): SSEConnectRecord {
    const cached = redactedRecords.get(entry);
    if (cached?.secretsVersion === secretsVersion) return cached.record;
    // Frozen: one copy is shared by every snapshot until the secrets change.
    const record = Object.freeze(redactDeep({ ...entry }, secrets));
    redactedRecords.set(entry, { secretsVersion, record });
    return record;
  }

  function dispose(): void {
    if (disposed) return;
    disconnect('dispose()');
    disposed = true;
    try {
      unsubscribeAuth();
    } catch (error) {
      report('warn', 'auth unsubscribe threw during dispose()', { error });
    }
    try {
      unsubscribeLifecycle();
    } catch (error) {
      report('warn', 'lifecycle unsubscribe threw during dispose()', { error });
    }
    subscribers.clear();
    notify();
    statusListeners.clear();
    changeListeners.clear();
  }

  return {
    name,
    get status() {
      return status;
    },
    get lastError() {
      return lastError;
    },
    connect,
    disconnect,
    subscribe,
    publish,
    reconnect,
    debug,
    onStatus(listener) {
      statusListeners.add(listener);
      return () => {
        statusListeners.delete(listener);
      };
    },
    onChange(listener) {
      changeListeners.add(listener);
      return () => {
        changeListeners.delete(listener);
      };
    },
    dispose,
  };
}

function nonNegative(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : fallback;
}

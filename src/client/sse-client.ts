/**
 * The fixed SSE client core: one EventSource at most, one reconnect wait at most, and diagnostics
 * that show both. Pure core with injected edges (EventSource constructor, timers, clock,
 * randomness, reachability, page lifecycle, logger); no React, no `chrome.*`, no globals touched,
 * nothing done at import. The per-tab singleton lives in `singleton.ts`.
 *
 * Invariants:
 * - At most one non-closed EventSource: every construction goes through `openEventSource`, which
 *   closes the previous instance first.
 * - At most one pending reconnect wait (a timer, or waiting for `online`): `reconnect-wait.ts`
 *   refuses to add a second one. It exists only while there is no EventSource.
 * - At most one silence watchdog, and only while an EventSource exists, so it never overlaps the
 *   reconnect wait.
 * - Events from a replaced EventSource are ignored by identity, so a late `error` cannot schedule
 *   a second reconnect.
 * - While the page is hidden (`pagehide` until a back/forward-cache restore) there is no
 *   EventSource and no timer: a cached document must not keep a second stream of the tab alive.
 */
import { computeDelay } from '../shared/backoff';
import type { TimerHandle } from '../shared/timers';
import { createConnection } from './connection';
import { createDiagnostics, createErrorLog } from './diagnostics';
import { createListenerSet } from './listeners';
import { normalizeEvent, type RawSSEMessage } from './normalize-event';
import { resolveOptions } from './options';
import { createReconnectWait, type WaitTrigger } from './reconnect-wait';
import { createSecretMemory } from './redact';
import { createSilenceWatchdog } from './silence-watchdog';
import { createSubscribers } from './subscribers';
import type {
  ConnectionStatus,
  SSEClient,
  SSEClientOptions,
  SSEDebugSnapshot,
  SSEErrorInfo,
  SSEErrorKind,
  SSEEvent,
} from './types';

export { DEFAULTS } from './options';

// readyState values spelled out: `EventSource` may not exist where this module is loaded.
const CLOSED = 2;

/** Log/connect reasons of the page lifecycle edge. */
const PAGE_HIDDEN = 'page hidden (bfcache)';
const PAGE_RESTORED = 'page restored from bfcache';

const noop = (): void => undefined;

export function createSSEClient(options: SSEClientOptions): SSEClient {
  const config = resolveOptions(options);
  const { name, debugOn, timers, now, random } = config;

  let status: ConnectionStatus = 'idle';
  /** Someone asked for a connection (connect/subscribe/reconnect) and has not disconnected since. */
  let wanted = false;
  let disposed = false;
  /** Between `pagehide` and a bfcache-restoring `pageshow`: nothing may connect or wait. */
  let suspended = false;
  let graceTimer: { handle: TimerHandle } | null = null;
  let attempts = 0;
  let openedAt: number | null = null;
  const errors = createErrorLog(now);

  const secrets = createSecretMemory();
  const { devLog, report, callSite, annotate, guarded } = createDiagnostics({
    name,
    debugOn,
    log: config.log,
    secrets,
    marker: () => connection.marker,
  });
  const subscribers = createSubscribers(now, report);
  const statusListeners = createListenerSet<[ConnectionStatus, SSEErrorInfo | null]>((error) =>
    report('error', 'status listener threw', { error }),
  );
  const changeListeners = createListenerSet<[]>((error) =>
    report('error', 'change listener threw', { error }),
  );
  const notify = (): void => changeListeners.emit();
  const wait = createReconnectWait({
    timers,
    online: config.online,
    report,
    devLog,
    onChanged: notify,
  });
  const watchdog = createSilenceWatchdog(timers, now, config.heartbeatTimeoutMs, (silentFor) => {
    errors.recordSilence(silentFor);
    devLog('warn', 'error', { kind: 'transient', reason: 'heartbeat timeout', silentFor });
    failAndReconnect('heartbeat timeout');
  });
  const connection = createConnection({
    ...config,
    secrets,
    diagnostics: { devLog, annotate },
    watchdog,
    on: {
      open: handleOpen,
      message: handleMessage,
      error: handleError,
      staleError: handleStaleError,
    },
  });

  let token = readToken();
  secrets.remember(token);
  const unsubscribeAuth = options.auth ? options.auth.subscribe(handleTokenChange) : noop;
  // Without the edge the client still works; only bfcache navigations may leave a stream open.
  const unsubscribeLifecycle = guarded(
    () => config.lifecycle.subscribe(handlePageHide, handlePageShow),
    noop,
    'lifecycle.subscribe() threw; page hide/show will not close the stream',
  );

  // ---- state notifications --------------------------------------------------------------------

  function setStatus(next: ConnectionStatus): void {
    if (status === next) return;
    status = next;
    statusListeners.emit(status, errors.last);
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

  function handleTokenChange(next: string | null): void {
    if (disposed || next === token) return;
    token = next;
    secrets.remember(next);
    if (!wanted) {
      devLog('debug', 'token changed while disconnected: the next connect uses it');
      return;
    }
    reconnect('token changed');
  }

  // ---- page lifecycle (back/forward cache) ----------------------------------------------------

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
    const hadWork = connection.current !== null || wait.pending() !== null || graceTimer !== null;
    wait.clear();
    clearGrace();
    connection.close();
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

  function baseUrl(): string {
    return typeof options.url === 'function' ? options.url(token) : options.url;
  }

  function openEventSource(reason: string): void {
    wait.clear();
    token = readToken();
    secrets.remember(token);
    const result = connection.open(reason, baseUrl);
    if (!result.ok) {
      // The stream cannot even be constructed: retrying would fail the same way, so stop.
      errors.record('terminal', result.reason);
      report('error', `error: ${result.reason}`, { kind: 'terminal', error: result.error });
      setStatus('disconnected');
    } else {
      setStatus(status === 'reconnecting' ? 'reconnecting' : 'connecting');
    }
    notify();
  }

  function handleOpen(): void {
    openedAt = now();
    devLog('info', 'open');
    setStatus('open');
    notify();
  }

  function handleMessage(event: Event, freshId: string | null): void {
    subscribers.publish(normalizeEvent(event as unknown as RawSSEMessage, now()), freshId);
  }

  function handleError(readyState: number): void {
    const kind: SSEErrorKind = readyState === CLOSED ? 'terminal' : 'transient';
    errors.record(kind, `error event (readyState ${readyState})`);
    devLog('warn', 'error', { kind, readyState });
    failAndReconnect(`${kind} error`);
  }

  function handleStaleError(): void {
    devLog(
      'debug',
      wait.pending() !== null
        ? 'reconnect timer already scheduled'
        : 'ignored error from a replaced EventSource',
    );
  }

  /** The current stream is dead: close it and schedule the one reconnect, synchronously. */
  function failAndReconnect(reason: string): void {
    if (openedAt !== null && now() - openedAt >= config.stableAfterMs) attempts = 0;
    openedAt = null;
    // Closing also stops the browser's own fixed-delay retry, which would race with ours.
    connection.close();
    // Scheduled inside the error dispatch on purpose: the devtools hook attributes timers created
    // during an `error` dispatch to that connection.
    scheduleReconnect(reason, 'backoff');
    setStatus('reconnecting');
    notify();
  }

  // ---- the one reconnect wait -----------------------------------------------------------------

  /** `backoff` takes a step of the exponential backoff; a number is an intentional fixed delay. */
  function scheduleReconnect(reason: string, delay: number | 'backoff'): void {
    if (disposed || !wanted || suspended) return;
    const delayMs = (): number => {
      if (delay !== 'backoff') return delay;
      const ms = computeDelay(attempts, config.backoff, random);
      attempts += 1;
      devLog('info', `reconnect in ${ms}ms`, { reason, attempts });
      return ms;
    };
    wait.schedule(reason, delayMs, (trigger: WaitTrigger) => {
      if (!wanted || disposed) return;
      openEventSource(`${trigger === 'online' ? 'online' : 'reconnect'}: ${reason}`);
    });
  }

  // ---- subscribers and grace ------------------------------------------------------------------

  function clearGrace(): void {
    if (graceTimer === null) return;
    timers.clearTimeout(graceTimer.handle);
    graceTimer = null;
  }

  function startGrace(): void {
    if (!wanted) return;
    if (config.graceMs === 0 || suspended) {
      // While hidden a grace timer would only outlive the page; end the connection wish now.
      disconnect('no subscribers');
      return;
    }
    clearGrace();
    const slot: { handle: TimerHandle } = { handle: undefined };
    graceTimer = slot;
    slot.handle = timers.setTimeout(() => {
      if (graceTimer !== slot) return;
      graceTimer = null;
      if (subscribers.size === 0) disconnect(`no subscribers for ${config.graceMs}ms`);
    }, config.graceMs);
    devLog(
      'debug',
      `last subscriber left: disconnecting in ${config.graceMs}ms unless one arrives`,
    );
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
      const es = connection.current;
      if (es !== null && es.readyState !== CLOSED) {
        devLog('debug', 'connect() ignored: already active', {
          status,
          readyState: es.readyState,
          stack: callSite('connect() call site'),
        });
        return;
      }
      if (wait.pending() !== null) {
        devLog('debug', 'connect() ignored: reconnect already scheduled', {
          stack: callSite('connect() call site'),
        });
        return;
      }
    }
    openEventSource(force ? 'connect(force)' : 'connect()');
  }

  function disconnect(reason = 'disconnect()'): void {
    const hadWork =
      wanted || connection.current !== null || wait.pending() !== null || graceTimer !== null;
    wanted = false;
    wait.clear();
    clearGrace();
    connection.close();
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
    if (wait.pending() !== null) {
      // The pending wait will connect with the newest token anyway (the URL is built at connect).
      devLog('debug', 'reconnect timer already scheduled', { reason });
      return;
    }
    // An intentional reconnect is not a failure: no backoff step, and a 0 ms timer coalesces
    // several requests in one tick (e.g. a burst of token changes) into one new connection.
    openedAt = null;
    connection.close();
    scheduleReconnect(reason, 0);
    setStatus('reconnecting');
    notify();
  }

  function publish(event: SSEEvent): void {
    subscribers.publish(event, event.id);
  }

  const subscribe: SSEClient['subscribe'] = (fn, subscribeOptions) => {
    if (disposed) {
      report('warn', 'subscribe() ignored: client disposed');
      return () => undefined;
    }
    const subscription = subscribers.add(fn, subscribeOptions);
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
      if (!subscribers.remove(subscription)) return;
      if (subscribers.size === 0 && !disposed) startGrace();
      notify();
    };
  };

  function debug(): SSEDebugSnapshot {
    const es = connection.current;
    const stable =
      connection.isOpen && openedAt !== null && now() - openedAt >= config.stableAfterMs;
    const pending = wait.pending();
    const snapshot: Omit<SSEDebugSnapshot, 'history' | 'deliveries'> = {
      connects: connection.connects,
      subscribers: subscribers.size,
      hasES: es !== null,
      readyState: es === null ? null : es.readyState,
      timers: pending === 'timer' ? 1 : 0,
      status,
      name,
      marker: connection.marker,
      attempts: stable ? 0 : attempts,
      lastEventId: connection.lastEventId,
      ...errors.snapshot(),
      waitingForOnline: pending === 'online',
      watchdog: watchdog.armed(),
      suspended,
      graceTimer: graceTimer !== null,
      events: subscribers.events,
      subscriberErrors: subscribers.errors,
      url: connection.url,
    };
    // The deliveries and history objects change rarely: their redacted copies are cached.
    return {
      ...secrets.deep(snapshot),
      deliveries: secrets.record(subscribers.deliveries()),
      history: connection.history(),
    };
  }

  function dispose(): void {
    if (disposed) return;
    disconnect('dispose()');
    disposed = true;
    guarded(unsubscribeAuth, undefined, 'auth unsubscribe threw during dispose()');
    guarded(unsubscribeLifecycle, undefined, 'lifecycle unsubscribe threw during dispose()');
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
      return errors.last;
    },
    connect,
    disconnect,
    subscribe,
    publish,
    reconnect,
    debug,
    onStatus: statusListeners.add,
    onChange: changeListeners.add,
    dispose,
  };
}

/**
 * A runtime port that survives the other end going away. MV3 service workers are stopped when
 * idle (and by DevTools/CDP), which disconnects every port; this reconnects with capped,
 * jittered backoff, queues a bounded number of messages while down (counting what overflows),
 * tells the owner on every (re)connect so it can resend state (the panel's attach + cursors), and
 * stops for good once the extension context is gone (extension reloaded or updated under a
 * still-open page), when every further call would throw "Extension context invalidated".
 *
 * Model: Redux DevTools extension/src/utils/reconnectingPort.ts. Transport-free: the real
 * `runtime.connect` comes in through `connect`, tests pass an in-memory connector.
 */
import { computeDelay } from '../shared/backoff';
import { isContextInvalidatedError, type PortLike, type Unsubscribe } from './port';
import {
  defaultClock,
  defaultRandom,
  defaultTimers,
  type Clock,
  type Random,
  type TimerHandle,
  type Timers,
} from '../shared/timers';

export type LinkStatus = 'connected' | 'reconnecting' | 'suspended' | 'closed';

export interface ReconnectingPortOptions {
  readonly name: string;
  /** Opens a port (`runtime.connect`); may throw. */
  connect(name: string): PortLike;
  /** False once the extension context is gone (`runtime.id` undefined). Default: always valid. */
  isContextValid?(): boolean;
  onMessage(message: unknown): void;
  /**
   * After every successful (re)connect, before queued messages are flushed: resend whatever the
   * other end must know (it may be a fresh service worker that knows nothing).
   */
  onConnect?(send: (message: unknown) => void): void;
  /** After every change of status. */
  onStatus?(status: LinkStatus): void;
  /** Once, when the port stops for good because the extension context was invalidated. */
  onContextInvalidated?(): void;
  /** First reconnect delay, ms (default 100: a stopped worker restarts in tens of ms). */
  readonly initialDelayMs?: number;
  /** Cap of the backoff, ms (default 5000: a panel should not look dead for long). */
  readonly maxDelayMs?: number;
  /** A connection that lived this long resets the backoff (default 2000 ms). */
  readonly stableMs?: number;
  /** Messages kept while disconnected; the oldest overflow first (default 100). */
  readonly maxQueue?: number;
  readonly timers?: Timers;
  readonly random?: Random;
  readonly now?: Clock;
}

export interface ReconnectingPortStats {
  /** Messages waiting for the next connection. */
  readonly queued: number;
  /** Messages dropped because the queue was full. */
  readonly overflowed: number;
  /** Successful connections after the first one. */
  readonly reconnects: number;
}

export interface ReconnectingPort {
  /** Sends now, or queues while disconnected. Returns true when it was sent now. */
  postMessage(message: unknown): boolean;
  readonly status: LinkStatus;
  stats(): ReconnectingPortStats;
  /** Disconnects and stays down until `resume()` (a page entering the back/forward cache). */
  suspend(): void;
  /** Connects now if suspended. */
  resume(): void;
  /** Disconnects for good. */
  close(): void;
}

export function createReconnectingPort(options: ReconnectingPortOptions): ReconnectingPort {
  const {
    name,
    initialDelayMs = 100,
    maxDelayMs = 5000,
    stableMs = 2000,
    maxQueue = 100,
    timers = defaultTimers,
    random = defaultRandom,
    now = defaultClock,
  } = options;
  const isContextValid = options.isContextValid ?? (() => true);

  let status: LinkStatus = 'reconnecting';
  let port: PortLike | null = null;
  let unsubscribe: Unsubscribe[] = [];
  let timer: TimerHandle | null = null;
  let attempt = 0;
  let connectedAt = 0;
  let everConnected = false;
  let reconnects = 0;
  let overflowed = 0;
  const queue: unknown[] = [];

  const setStatus = (next: LinkStatus): void => {
    if (status === next) return;
    status = next;
    options.onStatus?.(next);
  };

  const release = (): void => {
    for (const off of unsubscribe) off();
    unsubscribe = [];
    const old = port;
    port = null;
    if (old) {
      try {
        old.disconnect();
      } catch {
        // Disconnecting a port whose context is gone throws; it is gone either way.
      }
    }
  };

  const cancelTimer = (): void => {
    if (timer !== null) timers.clearTimeout(timer);
    timer = null;
  };

  const stopForever = (invalidated: boolean): void => {
    if (status === 'closed') return;
    cancelTimer();
    release();
    queue.length = 0;
    setStatus('closed');
    if (invalidated) options.onContextInvalidated?.();
  };

  const enqueue = (message: unknown): void => {
    if (maxQueue <= 0) {
      overflowed++;
      return;
    }
    if (queue.length >= maxQueue) {
      queue.shift();
      overflowed++;
    }
    queue.push(message);
  };

  const scheduleReconnect = (): void => {
    if (status === 'closed' || status === 'suspended' || timer !== null) return;
    setStatus('reconnecting');
    const delay = computeDelay(attempt, { initialMs: initialDelayMs, maxMs: maxDelayMs }, random);
    attempt++;
    timer = timers.setTimeout(() => {
      timer = null;
      connect();
    }, delay);
  };

  const handleLost = (): void => {
    release();
    if (!isContextValid()) return stopForever(true);
    if (now() - connectedAt >= stableMs) attempt = 0;
    scheduleReconnect();
  };

  /** Posts on the live port; on failure the message goes back to the queue (in order). */
  const send = (message: unknown, fromQueue = false): boolean => {
    if (!port) {
      if (fromQueue) queue.unshift(message);
      else enqueue(message);
      return false;
    }
    try {
      port.postMessage(message);
      return true;
    } catch (error) {
      // "Attempting to use a disconnected port object": onDisconnect is on its way or was missed.
      if (isContextInvalidatedError(error) || !isContextValid()) {
        stopForever(true);
        return false;
      }
      if (fromQueue) queue.unshift(message);
      else enqueue(message);
      handleLost();
      return false;
    }
  };

  function connect(): void {
    if (status === 'closed' || status === 'suspended') return;
    if (!isContextValid()) return stopForever(true);
    let next: PortLike;
    try {
      next = options.connect(name);
    } catch (error) {
      // "Extension context invalidated." ends the port; anything else is worth another try.
      if (isContextInvalidatedError(error) || !isContextValid()) return stopForever(true);
      return scheduleReconnect();
    }
    port = next;
    connectedAt = now();
    unsubscribe = [
      next.onMessage((message) => {
        if (port !== next) return;
        attempt = 0; // The other end answered: the link works.
        options.onMessage(message);
      }),
      next.onDisconnect(() => {
        if (port === next) handleLost();
      }),
    ];
    if (everConnected) reconnects++;
    everConnected = true;
    setStatus('connected');
    options.onConnect?.((message) => void send(message));
    while (port === next && queue.length > 0) {
      if (!send(queue.shift(), true)) break;
    }
  }

  connect();

  return {
    postMessage(message) {
      if (status === 'closed') return false;
      return send(message);
    },
    get status() {
      return status;
    },
    stats: () => ({ queued: queue.length, overflowed, reconnects }),
    suspend() {
      if (status === 'closed') return;
      cancelTimer();
      release();
      setStatus('suspended');
    },
    resume() {
      if (status !== 'suspended') return;
      attempt = 0;
      setStatus('reconnecting');
      connect();
    },
    close: () => stopForever(false),
  };
}

/**
 * The relay's logic (ISOLATED world): page hook ⇄ service worker.
 *
 *   page ──window `page:records`──▶ [envelope → kind → rate → size → shape] ──`relay:records`──▶ port "relay"
 *   page ◀──`relay:attach|detach|settings`── ◀──`bg:attach|detach|settings`── port "relay"
 *
 * Everything from the window may be forged by page script, so every refusal is counted by reason
 * and the totals go to the background as `relay:stats` (at most once per `statsIntervalMs`, only
 * when they changed). Traffic that is not ours (no `sse-devtools` tag) is ignored, not counted.
 *
 * "No viewer, no traffic": the relay forwards only while the background has attached it; when the
 * port drops (service worker stopped, page entering the back/forward cache) it tells the hook to
 * detach, and the next `bg:attach` carries the panel's cursors, so the hook replays what the panel
 * missed — records are never lost in between, and never queued here.
 */
import { createRateLimiter, type RateLimiter } from '../../src/messaging/rate-limiter';
import { createReconnectingPort, type LinkStatus } from '../../src/messaging/reconnecting-port';
import type { PortLike } from '../../src/messaging/port';
import {
  defaultClock,
  defaultRandom,
  defaultTimers,
  type Clock,
  type Random,
  type TimerHandle,
  type Timers,
} from '../../src/messaging/timers';
import { createWindowChannel, type WindowLike } from '../../src/messaging/window-channel';
import {
  envelope,
  envelopeProblem,
  isBackgroundToRelay,
  isPageToRelay,
  LIMITS,
  RELAY_PORT,
  type BackgroundToRelay,
} from '../../src/protocol';
import { estimateSize } from './estimate-size';

/**
 * Why the relay refused a message from the page (keys of `relay:stats.rejected`):
 * - `version`: our tag, another protocol version (a page still running an old hook);
 * - `shape`: our tag and version, but not a valid `page:records` (forged or broken);
 * - `size`: over LIMITS.maxBatchBytes;
 * - `rate`: over LIMITS.maxBatchesPerSecond;
 * - `bg-shape`: a message from the background that failed `isBackgroundToRelay` (a version skew
 *   between an updated worker and an old content script).
 */
export type RelayRejectReason = 'version' | 'shape' | 'size' | 'rate' | 'bg-shape';

export interface RelayOptions {
  readonly win: WindowLike;
  /** `runtime.connect` behind the port adapter. */
  connect(name: string): PortLike;
  /** False once the extension was reloaded under this page. */
  isContextValid(): boolean;
  /** Minimum interval between two `relay:stats` (default 1000 ms). */
  readonly statsIntervalMs?: number;
  readonly timers?: Timers;
  readonly now?: Clock;
  readonly random?: Random;
}

export interface Relay {
  readonly attached: boolean;
  readonly status: LinkStatus;
  /** Totals of refused messages by reason. */
  rejected(): Readonly<Record<string, number>>;
  /**
   * Valid batches that arrived while detached (in flight when the panel or the worker went away).
   * Not a refusal and not a loss: the next attach carries the panel's cursors and the hook replays
   * them. Kept out of `relay:stats` so the panel does not show them as rejected.
   */
  skippedWhileDetached(): number;
  /** `pagehide`: entering the back/forward cache closes the port (Chrome would anyway). */
  handlePageHide(persisted: boolean): void;
  /** `pageshow`: restored from the back/forward cache, connect again. */
  handlePageShow(persisted: boolean): void;
  /** Stops for good (tells the hook to detach). */
  stop(): void;
}

export function createRelay(options: RelayOptions): Relay {
  const timers = options.timers ?? defaultTimers;
  const now = options.now ?? defaultClock;
  const statsIntervalMs = options.statsIntervalMs ?? 1000;
  const limiter: RateLimiter = createRateLimiter({ perSecond: LIMITS.maxBatchesPerSecond, now });
  const rejected: Record<string, number> = {};
  let statsDirty = false;
  let statsTimer: TimerHandle | null = null;
  let attached = false;
  let stopped = false;
  let skipped = 0;

  const channel = createWindowChannel({ win: options.win, onMessage: handlePageMessage });

  const port = createReconnectingPort({
    name: RELAY_PORT,
    connect: options.connect,
    isContextValid: options.isContextValid,
    onMessage: handleBackgroundMessage,
    // A (re)started worker knows nothing: give it our totals; it attaches us if a panel is open.
    onConnect: () => {
      if (hasCounters()) sendStats();
    },
    onStatus: (status) => {
      if (status !== 'connected') detachHook();
    },
    onContextInvalidated: () => stopForever(),
    // Only stats ever wait for a connection (records are replayed, not queued), and only the
    // newest totals matter.
    maxQueue: 1,
    timers,
    now,
    random: options.random ?? defaultRandom,
  });

  function hasCounters(): boolean {
    return Object.keys(rejected).length > 0;
  }

  function count(reason: RelayRejectReason): void {
    rejected[reason] = (rejected[reason] ?? 0) + 1;
    statsDirty = true;
    if (statsTimer === null && !stopped) {
      statsTimer = timers.setTimeout(() => {
        statsTimer = null;
        if (statsDirty) sendStats();
      }, statsIntervalMs);
    }
  }

  function sendStats(): void {
    statsDirty = false;
    port.postMessage(envelope('relay:stats', { rejected: { ...rejected } }));
  }

  function detachHook(): void {
    if (!attached) return;
    attached = false;
    channel.post(envelope('relay:detach', {}));
  }

  function handlePageMessage(data: unknown): void {
    if (stopped) return;
    const problem = envelopeProblem(data);
    if (problem === 'version') return count('version');
    if (problem !== null) return count('shape');
    const kind = (data as { kind: string }).kind;
    // Our own relay → hook posts come back to this listener (both worlds share the window).
    if (kind.startsWith('relay:')) return;
    if (kind !== 'page:records') return count('shape');
    // Rate before the costly checks: a flood must stay cheap to refuse.
    if (!limiter.tryTake()) return count('rate');
    const size = estimateSize(data, LIMITS.maxBatchBytes);
    if (size === null) return count('shape');
    if (size > LIMITS.maxBatchBytes) return count('size');
    if (!isPageToRelay(data)) return count('shape');
    if (!attached) {
      skipped++;
      return;
    }
    // A fresh envelope: nothing the page added outside the validated fields travels on.
    port.postMessage(envelope('relay:records', { session: data.session, records: data.records }));
  }

  function handleBackgroundMessage(message: unknown): void {
    if (stopped) return;
    if (!isBackgroundToRelay(message)) return count('bg-shape');
    handleBackground(message);
  }

  function handleBackground(message: BackgroundToRelay): void {
    switch (message.kind) {
      case 'bg:attach':
        attached = true;
        channel.post(
          envelope('relay:attach', { cursors: message.cursors, settings: message.settings }),
        );
        // A panel just (re)connected: let it see what was refused before it came.
        if (hasCounters()) sendStats();
        return;
      case 'bg:detach':
        detachHook();
        return;
      case 'bg:settings':
        channel.post(envelope('relay:settings', { settings: message.settings }));
        return;
    }
  }

  function stopForever(): void {
    if (stopped) return;
    // Whatever the hook believed, nobody listens any more: it should only buffer from now on.
    attached = true;
    detachHook();
    stopped = true;
    channel.close();
    if (statsTimer !== null) timers.clearTimeout(statsTimer);
    statsTimer = null;
    port.close();
  }

  return {
    get attached() {
      return attached;
    },
    get status() {
      return port.status;
    },
    rejected: () => ({ ...rejected }),
    skippedWhileDetached: () => skipped,
    handlePageHide(persisted) {
      if (persisted && !stopped) port.suspend();
    },
    handlePageShow(persisted) {
      if (persisted && !stopped) port.resume();
    },
    stop: stopForever,
  };
}

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
 * "No viewer, no traffic": a relay is dormant — no port — until a panel watches its tab.
 * Chrome stops an idle MV3 worker after ~30 s even with ports open; a relay holding a
 * port would reconnect and restart it, in every frame of every tab, forever. So:
 *
 *   start / bfcache restore ──`relay:hello` (runtime.sendMessage)──▶ `{ watched }` ── watched ─▶ connect
 *   `bg:wake` (tabs.sendMessage, a panel attached to the tab) ── dormant ─▶ connect (connected: ignored)
 *   `bg:detach` (the last panel left) ─▶ detach the hook, close the port, dormant (no reconnect)
 *
 * While watched, a dropped port (worker stopped) reconnects with backoff, and the hook is detached
 * meanwhile; the next `bg:attach` carries the panel's cursors, so the hook replays what the panel
 * missed — records are never lost in between, and never queued here.
 */
import { createRateLimiter, type RateLimiter } from '../../src/messaging/rate-limiter';
import type { MessageEvents, RuntimeMessenger } from '../../src/messaging/one-shot';
import {
  isContextInvalidatedError,
  type PortLike,
  type Unsubscribe,
} from '../../src/messaging/port';
import {
  createReconnectingPort,
  type LinkStatus,
  type ReconnectingPort,
} from '../../src/messaging/reconnecting-port';
import {
  defaultClock,
  defaultRandom,
  defaultTimers,
  type Clock,
  type Random,
  type TimerHandle,
  type Timers,
} from '../../src/shared/timers';
import { createWindowChannel, type WindowLike } from '../../src/messaging/window-channel';
import {
  envelope,
  envelopeProblem,
  isBackgroundCensusRequest,
  isBackgroundToRelay,
  isBackgroundWake,
  isPageCensus,
  isPageProbeResult,
  isPageToRelay,
  isRelayHelloAnswer,
  LIMITS,
  RELAY_PORT,
  type BackgroundToRelay,
  type CensusHostReport,
  type ProbeAnswer,
} from '../../src/protocol';
import type { CensusChannel } from './census-channel';
import { estimateSize } from './estimate-size';

/**
 * Why the relay refused a message from the page (keys of `relay:stats.rejected`):
 * - `version`: our tag, another protocol version (a page still running an old hook);
 * - `shape`: our tag and version, but not a valid `page:records` (forged or broken);
 * - `size`: over LIMITS.maxBatchBytes;
 * - `rate`: over LIMITS.maxBatchesPerSecond;
 * - `bg-shape`: a message from the background that failed `isBackgroundToRelay` / `isBackgroundWake`,
 *   or a `relay:hello` answer that is not `{ watched: boolean }` (a version skew between an updated
 *   worker and an old content script);
 * - `census`: a census answer nobody asked for (no request pending, another round) or malformed.
 */
export type RelayRejectReason =
  'version' | 'shape' | 'size' | 'rate' | 'bg-shape' | 'census' | 'probe';

/**
 * How long the relay waits for its hook's probe answer (the hook's own fetch gives up at 5 s),
 * and how many probes may wait at once: an answer for any other id is the page's, refused.
 */
export const PROBE_ANSWER_MS = 8_000;
export const PROBES_PENDING = 4;

/** A fresh copy of a validated answer: nothing the page added outside its fields travels on. */
function copyAnswer(a: ProbeAnswer): ProbeAnswer {
  if (a.kind === 'response') {
    const { status, statusText, contentType, redirected, body, bodyCut } = a;
    return { kind: a.kind, status, statusText, contentType, redirected, body, bodyCut };
  }
  return a.kind === 'network-error' ? { kind: a.kind, message: a.message } : { kind: a.kind };
}

/**
 * How long the relay waits for its hook's census answer (default 1000 ms). A frame without a
 * hook (it failed to install) never answers: the frame is then left out of the census.
 */
export const CENSUS_ANSWER_MS = 1000;

export interface RelayOptions {
  readonly win: WindowLike;
  /** `runtime.connect` behind the port adapter. */
  connect(name: string): PortLike;
  /** `runtime.sendMessage` behind the adapter: asks whether a panel watches this tab. */
  readonly messenger: RuntimeMessenger;
  /** `runtime.onMessage` behind the adapter: where `bg:wake` arrives. */
  readonly messages: MessageEvents;
  /** False once the extension was reloaded under this page. */
  isContextValid(): boolean;
  /** The census hop to the hook (./census-channel.ts); without it the relay never reports. */
  readonly census?: CensusChannel;
  /**
   * The protocol the page's resource timing saw for an origin, '' unknown (./next-hop-protocol.ts;
   * default: always unknown).
   */
  protocolOf?(origin: string): string;
  /** Minimum interval between two `relay:stats` (default 1000 ms). */
  readonly statsIntervalMs?: number;
  readonly timers?: Timers;
  readonly now?: Clock;
  readonly random?: Random;
}

/** `dormant`: no port, nobody watches the tab; otherwise the port's own status. */
export type RelayStatus = LinkStatus | 'dormant';

export interface Relay {
  readonly attached: boolean;
  readonly status: RelayStatus;
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
  /**
   * `pageshow`: restored from the back/forward cache. Connects again if it was watched; a dormant
   * relay asks again (a `bg:wake` sent while the page was cached never reached it).
   */
  handlePageShow(persisted: boolean): void;
  /**
   * `prerenderingchange`: a prerendered document became the tab's page. Its hello, sent while
   * prerendering, was not answered for a watched tab, so a dormant relay asks again.
   */
  handleActivated(): void;
  /**
   * `document.open()` replaced the document in place and erased our window listener (see
   * src/messaging/document-replaced.ts): listen again. Nothing posted meanwhile is lost.
   */
  handleDocumentReplaced(): void;
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
  /** Null while dormant: no port at all, so a stopped worker stays stopped. */
  let port: ReconnectingPort | null = null;
  /** In the back/forward cache: stay as we are until `pageshow`. */
  let hidden = false;
  /**
   * Bumped by every hello and every word from the background (`bg:wake`, `bg:detach`): an answer
   * to an older hello is stale and must not undo what the background said since.
   */
  let generation = 0;
  /** The census round asked of the hook and not yet answered. */
  let census: { round: number; timer: TimerHandle } | null = null;
  /** Probes forwarded to the hook and not yet answered, by id. */
  const probes = new Map<string, TimerHandle>();

  const channel = createWindowChannel({ win: options.win, onMessage: handlePageMessage });
  const stopListening: Unsubscribe = options.messages.onMessage(handleOneShot);
  let stopCensusAnswers: Unsubscribe | null = options.census?.onAnswer(handleCensusAnswer) ?? null;

  function connect(): void {
    if (stopped || hidden || port !== null) return;
    const created = createReconnectingPort({
      name: RELAY_PORT,
      connect: options.connect,
      isContextValid: options.isContextValid,
      onMessage: handleBackgroundMessage,
      // A (re)started worker knows nothing: give it our totals (counted while dormant too); it
      // attaches us if a panel is open.
      onConnect: (send) => {
        if (!hasCounters()) return;
        statsDirty = false;
        send(envelope('relay:stats', { rejected: { ...rejected } }));
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
    // The first connect may already have found the context gone (and stopped us).
    if (!stopped) port = created;
  }

  /** Nobody watches: detach the hook and drop the port for good (until hello/wake). */
  function goDormant(): void {
    detachHook();
    const old = port;
    port = null;
    old?.close();
  }

  function sayHello(): void {
    if (stopped) return;
    if (!options.isContextValid()) return stopForever();
    const asked = ++generation;
    options.messenger.sendMessage(envelope('relay:hello', {})).then(
      (answer) => {
        if (stopped || asked !== generation) return;
        if (!isRelayHelloAnswer(answer)) return count('bg-shape');
        if (answer.watched) connect();
      },
      (error: unknown) => {
        if (isContextInvalidatedError(error) || !options.isContextValid()) return stopForever();
        // Otherwise nobody answered (the worker failed to start, or is being updated): stay
        // dormant, quietly. A panel that attaches later still wakes us with `bg:wake`.
      },
    );
  }

  /** `runtime.onMessage`: `bg:wake` and `bg:census-request` (from `tabs.sendMessage`). */
  function handleOneShot(message: unknown): undefined {
    if (stopped) return undefined;
    if (isBackgroundCensusRequest(message)) {
      askCensus(message.round);
      return undefined;
    }
    if (!isBackgroundWake(message)) {
      count('bg-shape');
      return undefined;
    }
    generation++;
    connect(); // Already connected (or reconnecting): nothing to do.
    return undefined;
  }

  /** Asks the hook (dormant or not: every tab counts) for its live connections per origin. */
  function askCensus(round: number): void {
    if (!options.census) return;
    if (census !== null) timers.clearTimeout(census.timer);
    const timer = timers.setTimeout(() => {
      census = null;
    }, CENSUS_ANSWER_MS);
    census = { round, timer };
    options.census.ask(round);
  }

  /** The hook's answer: add each origin's protocol and report this frame to the worker. */
  function handleCensusAnswer(data: unknown): void {
    if (stopped) return;
    if (!limiter.tryTake()) return count('rate');
    if (census === null || !isPageCensus(data) || data.round !== census.round) {
      return count('census');
    }
    timers.clearTimeout(census.timer);
    census = null;
    const protocolOf = options.protocolOf ?? (() => '');
    const hosts: CensusHostReport[] = data.hosts.map((host) => ({
      origin: host.origin,
      live: host.live,
      protocol: host.live > 0 ? protocolOf(host.origin) : '',
    }));
    options.messenger
      .sendMessage(envelope('relay:census', { round: data.round, hosts }))
      .catch((error: unknown) => {
        if (isContextInvalidatedError(error) || !options.isContextValid()) stopForever();
        // Otherwise the worker went away meanwhile: this round is lost, the next one asks again.
      });
  }

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
    if (port === null) return; // Dormant: the totals go out with the next connect.
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
    // Rate before the costly checks: a flood must stay cheap to refuse.
    if (kind === 'page:probe-result')
      return limiter.tryTake() ? handleProbeAnswer(data) : count('rate');
    if (kind !== 'page:records') return count('shape');
    if (!limiter.tryTake()) return count('rate');
    const size = estimateSize(data, LIMITS.maxBatchBytes);
    if (size === null) return count('shape');
    if (size > LIMITS.maxBatchBytes) return count('size');
    if (!isPageToRelay(data)) return count('shape');
    if (!attached || port === null) {
      skipped++;
      return;
    }
    // A fresh envelope: nothing the page added outside the validated fields travels on.
    port.postMessage(envelope('relay:records', { session: data.session, records: data.records }));
  }

  /** The panel's probe (through the worker): the hook holds the real URL, it asks. */
  function askProbe(message: { probeId: string; url: string; withCredentials: boolean }): void {
    if (probes.has(message.probeId) || probes.size >= PROBES_PENDING) return;
    const { probeId, url, withCredentials } = message;
    probes.set(
      probeId,
      timers.setTimeout(() => probes.delete(probeId), PROBE_ANSWER_MS),
    );
    channel.post(envelope('relay:probe', { probeId, url, withCredentials }));
  }

  /** The hook's answer to a probe this relay forwarded; anything else is the page's, refused. */
  function handleProbeAnswer(data: unknown): void {
    if (!isPageProbeResult(data) || port === null) return count('probe');
    const timer = probes.get(data.probeId);
    if (timer === undefined) return count('probe');
    timers.clearTimeout(timer);
    probes.delete(data.probeId);
    port.postMessage(
      envelope('relay:probe-result', { probeId: data.probeId, answer: copyAnswer(data.answer) }),
    );
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
        // The last panel of the tab left: no reconnect, so an idle worker can stay stopped.
        generation++;
        goDormant();
        return;
      case 'bg:settings':
        channel.post(envelope('relay:settings', { settings: message.settings }));
        return;
      case 'bg:probe':
        askProbe(message);
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
    stopListening();
    if (statsTimer !== null) timers.clearTimeout(statsTimer);
    statsTimer = null;
    if (census !== null) timers.clearTimeout(census.timer);
    census = null;
    stopCensusAnswers?.();
    stopCensusAnswers = null;
    probes.forEach((timer) => timers.clearTimeout(timer));
    probes.clear();
    const old = port;
    port = null;
    old?.close();
  }

  sayHello();

  return {
    get attached() {
      return attached;
    },
    get status(): RelayStatus {
      if (stopped) return 'closed';
      return port?.status ?? 'dormant';
    },
    rejected: () => ({ ...rejected }),
    skippedWhileDetached: () => skipped,
    handlePageHide(persisted) {
      if (!persisted || stopped) return;
      hidden = true;
      port?.suspend();
    },
    handleActivated() {
      if (stopped || hidden || port !== null) return;
      sayHello();
    },
    handleDocumentReplaced() {
      if (stopped) return;
      channel.relisten();
    },
    handlePageShow(persisted) {
      if (!persisted || stopped) return;
      hidden = false;
      if (port !== null) port.resume();
      else sayHello();
    },
    stop: stopForever,
  };
}

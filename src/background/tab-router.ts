/**
 * The service worker's only logic: route messages between the relays (one per frame document) and
 * the SSE panels of each tab.
 *
 *   relay port "relay" ──relay:records/stats──▶ [validate, rate, add FrameOrigin] ──bg:records/relay-stats──▶ panels of that tab
 *   panel port "panel:<tabId>" ──panel:attach/settings──▶ [remember latest] ──bg:attach/settings──▶ relays of that tab
 *
 * "No viewer, no traffic": relays are dormant (no port) until a panel watches their tab. A relay
 * asks once with `relay:hello` (runtime.sendMessage), answered `{ watched }` for `sender.tab.id`,
 * when its frame's first stream wakes it (content/relay.ts: a frame without SSE never asks, and
 * no `bg:wake` or census request reaches it).
 * Every `panel:attach` attaches the connected relays of the tab and sends `bg:wake` to every frame
 * of the tab (tabs.sendMessage: after a worker restart, or for a tab nobody watched, its relays are
 * dormant); a relay that connects later gets the latest attach. When the last panel goes away every
 * relay gets `bg:detach` and closes its port; a relay left connected to a tab nobody watches (the
 * panel closed while the worker was down, a late hello answer) gets `bg:detach` after a grace
 * period, so an idle worker is not woken again and again. The worker may be stopped at any moment,
 * so it keeps nothing that cannot be rebuilt: relays and panels reconnect, and the panel's attach
 * carries its cursors (what it already holds), from which the page hook replays.
 *
 * While any panel is open, the socket census (./census.ts) counts live streams per host across
 * every tab; its `relay:census` reports arrive here through runtime.onMessage.
 *
 * Where a batch came from (frame id, document id, frame URL) is taken from `port.sender`, which
 * the browser sets: never from the message, which the page may have shaped.
 */
import type { MessageSender, TabMessenger } from '../messaging/one-shot';
import type { PortLike } from '../messaging/port';
import { createRateLimiter, type RateLimiter } from '../messaging/rate-limiter';
import { createHostCensus, type HostCensus, type TabLister } from './census';
import {
  defaultClock,
  defaultTimers,
  type Clock,
  type TimerHandle,
  type Timers,
} from '../shared/timers';
import {
  envelope,
  envelopeProblem,
  isPanelToBackground,
  isRelayHello,
  isRelayToBackground,
  LIMITS,
  parsePortName,
  type BackgroundToPanel,
  type BackgroundToRelay,
  type Cursors,
  type FrameOrigin,
  type HookSettings,
  type PanelToBackground,
  type RelayHelloAnswer,
  type RelayToBackground,
} from '../protocol';

export interface TabRouterOptions {
  /** `tabs.sendMessage` behind the adapter: how `bg:wake` reaches the dormant relays of a tab. */
  readonly tabs: TabMessenger;
  /**
   * `tabs.query` behind the adapter: with it, the socket census runs while a panel is open
   * (./census.ts); without it (unit tests of routing alone) there is no census.
   */
  readonly tabList?: TabLister;
  /** Census round interval and collect window (./census.ts defaults: 2000 and 400 ms). */
  readonly census?: { readonly intervalMs?: number; readonly collectMs?: number };
  /**
   * How long a relay may stay connected to a tab no panel watches before it is told `bg:detach`
   * (default 10 000 ms: longer than a panel takes to reconnect after a worker restart, much
   * shorter than the ~30 s after which Chrome stops an idle worker).
   */
  readonly unwatchedRelayGraceMs?: number;
  /** Interval of `bg:rejected` updates to panels (default 1000 ms). */
  readonly rejectedIntervalMs?: number;
  /**
   * Messages per second accepted from one relay (default 2 × LIMITS.maxBatchesPerSecond: the
   * relay already caps page batches at that rate, plus its stats and some slack).
   */
  readonly relayMessagesPerSecond?: number;
  readonly timers?: Timers;
  readonly now?: Clock;
}

export interface TabRouterSnapshot {
  readonly tabs: ReadonlyArray<{
    readonly tabId: number;
    readonly panels: number;
    readonly relays: readonly string[];
    readonly attached: boolean;
    readonly rejected: Readonly<Record<string, number>>;
  }>;
}

export interface TabRouter {
  /** Feed every `runtime.onConnect` port here. */
  handleConnect(port: PortLike): void;
  /**
   * Feed every `runtime.onMessage` here. Returns the answer to `relay:hello`, or `undefined` for
   * anything else (left unanswered).
   */
  handleMessage(message: unknown, sender: MessageSender): RelayHelloAnswer | undefined;
  /** For tests and debugging. */
  snapshot(): TabRouterSnapshot;
}

interface RelayEntry {
  readonly port: PortLike;
  readonly key: string;
  readonly origin: FrameOrigin;
  readonly limiter: RateLimiter;
  lastStats: Readonly<Record<string, number>> | null;
}

interface TabState {
  readonly tabId: number;
  readonly panels: Set<PortLike>;
  readonly relays: Map<string, RelayEntry>;
  /** Latest attach of a panel of this tab; null while no panel is attached. */
  attach: { cursors: Cursors; settings: HookSettings } | null;
  /** Documents id of the top frame's latest relay, to notice navigations. */
  topDocumentId: string | null;
  /** Totals of what this worker refused for this tab, by reason (`relay:rate`, `panel:shape`...). */
  readonly rejected: Record<string, number>;
  /** The part of `rejected` not yet reported to the panels (`bg:rejected` carries increments). */
  readonly unreported: Map<string, number>;
  rejectedTimer: TimerHandle | null;
  /** Pending check for relays connected while no panel watches (see `unwatchedRelayGraceMs`). */
  unwatchedTimer: TimerHandle | null;
}

/** Our envelope with kind `relay:census`, whatever the rest (the census validates it). */
const isCensusKind = (message: unknown): boolean =>
  envelopeProblem(message) === null && (message as { kind: unknown }).kind === 'relay:census';

const clip = (text: string, max: number): string =>
  text.length <= max ? text : `${text.slice(0, max - 1)}…`;

/**
 * Posts, or returns false if the port is already gone: a port can die between two events and its
 * onDisconnect (which cleans up) is on its way, so the failure itself needs no handling.
 */
function post(port: PortLike, message: BackgroundToPanel | BackgroundToRelay): boolean {
  try {
    port.postMessage(message);
    return true;
  } catch {
    // "Attempting to use a disconnected port object": its onDisconnect, which cleans up, follows.
    return false;
  }
}

export function createTabRouter(options: TabRouterOptions): TabRouter {
  const timers = options.timers ?? defaultTimers;
  const unwatchedRelayGraceMs = options.unwatchedRelayGraceMs ?? 10_000;
  const now = options.now ?? defaultClock;
  const rejectedIntervalMs = options.rejectedIntervalMs ?? 1000;
  const relayRate = options.relayMessagesPerSecond ?? 2 * LIMITS.maxBatchesPerSecond;
  const tabs = new Map<number, TabState>();
  const census: HostCensus | null = options.tabList
    ? createHostCensus({
        tabs: options.tabs,
        tabList: options.tabList,
        watchedTabs: () => [...tabs.values()].filter((t) => t.panels.size > 0).map((t) => t.tabId),
        publish: (tabId, message) => {
          const tab = tabs.get(tabId);
          if (tab) toPanels(tab, message);
        },
        intervalMs: options.census?.intervalMs,
        collectMs: options.census?.collectMs,
        timers,
      })
    : null;

  function tabState(tabId: number): TabState {
    let tab = tabs.get(tabId);
    if (!tab) {
      tab = {
        tabId,
        panels: new Set(),
        relays: new Map(),
        attach: null,
        topDocumentId: null,
        rejected: {},
        unreported: new Map(),
        rejectedTimer: null,
        unwatchedTimer: null,
      };
      tabs.set(tabId, tab);
    }
    return tab;
  }

  function forgetIfIdle(tab: TabState): void {
    if (tab.panels.size > 0 || tab.relays.size > 0) return;
    if (tab.rejectedTimer !== null) timers.clearTimeout(tab.rejectedTimer);
    if (tab.unwatchedTimer !== null) timers.clearTimeout(tab.unwatchedTimer);
    tabs.delete(tab.tabId);
  }

  /** Wakes the dormant relays of every frame of the tab (a connected relay ignores it). */
  function wakeRelays(tab: TabState): void {
    options.tabs.sendMessage(tab.tabId, envelope('bg:wake', {})).catch(() => {
      // Expected and harmless: a tab whose frames run no relay (chrome:// pages, the Web Store)
      // has no receiver, and a tab may close meanwhile. A relay that missed it still asks with its
      // hello. (Relays never answer; that resolves, see src/messaging/browser-apis.ts.)
    });
  }

  /** A relay connected while nobody watches: after the grace period, send it back to sleep. */
  function scheduleUnwatchedCheck(tab: TabState): void {
    if (tab.unwatchedTimer !== null) return;
    tab.unwatchedTimer = timers.setTimeout(() => {
      tab.unwatchedTimer = null;
      if (tab.panels.size === 0) toRelays(tab, envelope('bg:detach', {}));
    }, unwatchedRelayGraceMs);
  }

  function toPanels(tab: TabState, message: BackgroundToPanel): void {
    for (const panel of tab.panels) post(panel, message);
  }

  function toRelays(tab: TabState, message: BackgroundToRelay): void {
    for (const relay of tab.relays.values()) post(relay.port, message);
  }

  /** Counts a refusal; the panels hear about it at most once per interval, as an increment. */
  function reject(tab: TabState, reason: string): void {
    tab.rejected[reason] = (tab.rejected[reason] ?? 0) + 1;
    tab.unreported.set(reason, (tab.unreported.get(reason) ?? 0) + 1);
    if (tab.rejectedTimer !== null) return;
    tab.rejectedTimer = timers.setTimeout(() => {
      tab.rejectedTimer = null;
      for (const [unreportedReason, count] of tab.unreported) {
        toPanels(tab, envelope('bg:rejected', { reason: unreportedReason, count }));
      }
      tab.unreported.clear();
    }, rejectedIntervalMs);
  }

  // ── relays ────────────────────────────────────────────────────────────────────────────────

  function connectRelay(port: PortLike): void {
    const sender = port.sender;
    const tabId = sender?.tab?.id;
    // Only content scripts in a tab can be relays (never an extension page).
    if (typeof tabId !== 'number' || tabId < 0) return port.disconnect();
    const tab = tabState(tabId);
    const origin: FrameOrigin = {
      frameId: typeof sender?.frameId === 'number' && sender.frameId >= 0 ? sender.frameId : 0,
      documentId: clip(sender?.documentId ?? '', LIMITS.maxLabel),
      frameUrl: clip(sender?.url ?? '', LIMITS.maxUrl),
    };
    const key = `${origin.frameId}:${origin.documentId}`;
    const entry: RelayEntry = {
      port,
      key,
      origin,
      limiter: createRateLimiter({ perSecond: relayRate, now }),
      lastStats: null,
    };
    const previous = tab.relays.get(key);
    if (previous && previous.port !== port) previous.port.disconnect();
    tab.relays.set(key, entry);

    if (origin.frameId === 0) {
      if (tab.topDocumentId !== null && tab.topDocumentId !== origin.documentId) {
        toPanels(tab, envelope('bg:navigated', { url: origin.frameUrl }));
      }
      tab.topDocumentId = origin.documentId;
    }

    port.onMessage((message) => handleRelayMessage(tab, entry, message));
    port.onDisconnect(() => {
      if (tab.relays.get(key) === entry) tab.relays.delete(key);
      forgetIfIdle(tab);
    });

    // A late relay (new frame, navigation, reconnect after a worker restart) of a watched tab.
    if (tab.panels.size > 0 && tab.attach) post(port, envelope('bg:attach', tab.attach));
    // Nobody watches yet: fine right after a worker restart (the panel is reconnecting too), but
    // a relay must not keep a port to a tab nobody watches.
    if (tab.panels.size === 0) scheduleUnwatchedCheck(tab);
  }

  function handleRelayMessage(tab: TabState, entry: RelayEntry, message: unknown): void {
    if (!entry.limiter.tryTake()) return reject(tab, 'relay:rate');
    if (!isRelayToBackground(message)) {
      return reject(tab, `relay:${envelopeProblem(message) ?? 'shape'}`);
    }
    handleRelay(tab, entry, message);
  }

  function handleRelay(tab: TabState, entry: RelayEntry, message: RelayToBackground): void {
    switch (message.kind) {
      case 'relay:records':
        if (tab.panels.size === 0) return; // No viewer: the hook replays after the next attach.
        toPanels(
          tab,
          envelope('bg:records', {
            session: message.session,
            records: message.records,
            ...entry.origin,
          }),
        );
        return;
      case 'relay:stats':
        entry.lastStats = message.rejected;
        toPanels(tab, envelope('bg:relay-stats', { rejected: message.rejected, ...entry.origin }));
        return;
      case 'relay:probe-result':
        toPanels(
          tab,
          envelope('bg:probe-result', { probeId: message.probeId, answer: message.answer }),
        );
        return;
    }
  }

  // ── panels ────────────────────────────────────────────────────────────────────────────────

  function connectPanel(port: PortLike, tabId: number): void {
    // Panels are extension pages (the DevTools panel), never a content script in a tab.
    if (port.sender?.tab?.id !== undefined) return port.disconnect();
    const tab = tabState(tabId);
    tab.panels.add(port);
    port.onMessage((message) => handlePanelMessage(tab, message));
    port.onDisconnect(() => {
      tab.panels.delete(port);
      if (tab.panels.size === 0) {
        tab.attach = null;
        toRelays(tab, envelope('bg:detach', {}));
      }
      forgetIfIdle(tab);
      census?.panelsChanged();
    });
    census?.panelsChanged();
    // What the panel could not have seen yet: refusals already reported to the others (the
    // unreported rest reaches it with the next flush) and each relay's latest stats.
    for (const [reason, total] of Object.entries(tab.rejected)) {
      const count = total - (tab.unreported.get(reason) ?? 0);
      if (count > 0) post(port, envelope('bg:rejected', { reason, count }));
    }
    for (const relay of tab.relays.values()) {
      if (relay.lastStats) {
        post(port, envelope('bg:relay-stats', { rejected: relay.lastStats, ...relay.origin }));
      }
    }
  }

  function handlePanelMessage(tab: TabState, message: unknown): void {
    if (!isPanelToBackground(message)) {
      return reject(tab, `panel:${envelopeProblem(message) ?? 'shape'}`);
    }
    handlePanel(tab, message);
  }

  function handlePanel(tab: TabState, message: PanelToBackground): void {
    switch (message.kind) {
      case 'panel:attach':
        tab.attach = { cursors: message.cursors, settings: message.settings };
        toRelays(tab, envelope('bg:attach', tab.attach));
        // Every attach, not only the first panel's: after a worker restart the relays that were
        // not connected at that moment (or went dormant) must hear that a panel watches.
        wakeRelays(tab);
        census?.requestNow();
        return;
      case 'panel:settings':
        if (tab.attach) tab.attach = { ...tab.attach, settings: message.settings };
        toRelays(tab, envelope('bg:settings', { settings: message.settings }));
        return;
      case 'panel:census-request':
        census?.requestNow();
        return;
      case 'panel:probe': {
        // Only the document that made the connection holds its real URL.
        const { probeId, url, withCredentials } = message;
        for (const relay of tab.relays.values())
          if (relay.origin.documentId === message.documentId)
            post(relay.port, envelope('bg:probe', { probeId, url, withCredentials }));
        return;
      }
    }
  }

  return {
    handleConnect(port) {
      const parsed = parsePortName(port.name);
      if (parsed === null) return port.disconnect(); // Not a port this extension opens.
      if (parsed.role === 'relay') return connectRelay(port);
      return connectPanel(port, parsed.tabId);
    },
    handleMessage(message, sender) {
      const tabId = sender.tab?.id;
      // Only content scripts in a tab say hello (never an extension page).
      if (typeof tabId !== 'number' || tabId < 0) return undefined;
      if (isRelayHello(message)) return { watched: (tabs.get(tabId)?.panels.size ?? 0) > 0 };
      if (census && isCensusKind(message)) {
        // Any tab reports, watched or not; a bad report is counted by the census itself.
        census.handleReport(message, sender);
        return undefined;
      }
      // Nothing else travels this way; only our own content scripts can reach runtime.onMessage.
      // Count it where a panel can see it (a version skew), otherwise leave it unanswered.
      const tab = tabs.get(tabId);
      if (tab) reject(tab, `relay:${envelopeProblem(message) ?? 'shape'}`);
      return undefined;
    },
    snapshot: () => ({
      tabs: [...tabs.values()].map((tab) => ({
        tabId: tab.tabId,
        panels: tab.panels.size,
        relays: [...tab.relays.keys()],
        attached: tab.attach !== null,
        rejected: { ...tab.rejected },
      })),
    }),
  };
}

/**
 * The socket census: live SSE connections per origin across every tab of the profile.
 *
 * Chrome gives a profile 6 HTTP/1.1 sockets per host, shared by all its tabs; an EventSource
 * beyond them waits in CONNECTING with no error, and the page's other requests to that host
 * stall. No single tab's hook can see that, so while a panel is open the worker counts them all:
 *
 *   every `intervalMs` (and when a panel asks): tabs.query → `bg:census-request {round}` to every
 *   tab (tabs.sendMessage reaches each awake relay, dormant or not; a frame that never opened a
 *   stream has a sleeping relay and nothing to count) → each relay asks its hook
 *   and reports `relay:census` on its own (runtime.sendMessage) → after `collectMs` the reports
 *   are summed per origin and each watched tab's panels get `bg:census` with their page's origin.
 *
 * No permission beyond the manifest's: `tabs.query` without the `tabs` permission still lists tab
 * ids (only url/title are withheld), and messages to our own content scripts need none. A tab
 * whose frames run no relay (chrome:// pages) just never reports. A frame's report stays in the
 * sum until it misses two rounds (a closed tab drops out within ~2 intervals). Every report is
 * page-derived data: shape and caps are checked (`isRelayCensus`), refusals counted in `invalid`.
 */
import type { MessageSender, TabMessenger } from '../messaging/one-shot';
import { defaultTimers, type TimerHandle, type Timers } from '../shared/timers';
import {
  envelope,
  isRelayCensus,
  LIMITS,
  type BackgroundCensusMessage,
  type CensusHostReport,
  type CensusHostTotal,
} from '../protocol';

/** `tabs.query({})` behind the adapter: the ids of every tab of the profile. */
export interface TabLister {
  listTabIds(): Promise<readonly number[]>;
}

/** What one frame's relay reported, with where it came from (set by the browser). */
export interface FrameReport {
  readonly tabId: number;
  readonly frameId: number;
  /** The frame document's URL (`sender.url`): the top frame's gives the page's origin. */
  readonly url: string;
  readonly round: number;
  readonly hosts: readonly CensusHostReport[];
}

/** Frames' reports kept per round (far above any real profile; the rest are refused). */
export const MAX_REPORTS = 2000;

export interface HostCensusOptions {
  readonly tabs: TabMessenger;
  readonly tabList: TabLister;
  /** Tabs with at least one panel: the census runs while there are any. */
  watchedTabs(): readonly number[];
  /** Sends to the panels of one tab. */
  publish(tabId: number, message: BackgroundCensusMessage): void;
  /** Between two rounds (default 2000 ms). */
  readonly intervalMs?: number;
  /** How long a round waits for reports before publishing (default 400 ms). */
  readonly collectMs?: number;
  readonly timers?: Timers;
}

export interface HostCensus {
  /** A panel connected or left: starts a round, or stops when no panel is left. */
  panelsChanged(): void;
  /** A panel asked for a census now (at most one round per collect window). */
  requestNow(): void;
  /** A `relay:census` from `runtime.onMessage`. */
  handleReport(message: unknown, sender: MessageSender): void;
  /** Reports refused since the worker started. */
  readonly invalid: number;
}

/** `host[:port]` of an origin (`scheme://host[:port]`). */
export function hostOf(origin: string): string {
  const at = origin.indexOf('://');
  return at < 0 ? origin : origin.slice(at + 3);
}

/** `scheme://host[:port]` of a URL, '' when it has none (about:blank, data:). */
export function originOfUrl(url: string): string {
  try {
    const origin = new URL(url).origin;
    return origin === 'null' ? '' : origin;
  } catch {
    // Not a URL at all (an empty sender.url): no origin.
    return '';
  }
}

/** The protocol most reports named ('' when none did); ties go to the first seen. */
function mostNamed(votes: ReadonlyMap<string, number>): string {
  let best = '';
  let bestVotes = 0;
  for (const [protocol, n] of votes) {
    if (protocol !== '' && n > bestVotes) {
      best = protocol;
      bestVotes = n;
    }
  }
  return best;
}

/**
 * Sums frames' reports per origin: live connections, tabs holding any, the protocol most reports
 * named. Origins with no live connection are left out; at most `LIMITS.maxCensusHosts`, busiest
 * first. Pure: the worker's own state stays in `createHostCensus`.
 */
export function aggregateCensus(reports: Iterable<FrameReport>): CensusHostTotal[] {
  const byOrigin = new Map<
    string,
    { live: number; tabs: Set<number>; protocols: Map<string, number> }
  >();
  for (const report of reports) {
    for (const host of report.hosts) {
      if (host.live <= 0) continue;
      let total = byOrigin.get(host.origin);
      if (!total) {
        total = { live: 0, tabs: new Set(), protocols: new Map() };
        byOrigin.set(host.origin, total);
      }
      total.live += host.live;
      total.tabs.add(report.tabId);
      total.protocols.set(host.protocol, (total.protocols.get(host.protocol) ?? 0) + 1);
    }
  }
  return [...byOrigin]
    .map(([origin, total]) => ({
      origin,
      host: hostOf(origin),
      live: total.live,
      tabs: total.tabs.size,
      protocol: mostNamed(total.protocols),
    }))
    .sort((a, b) => b.live - a.live)
    .slice(0, LIMITS.maxCensusHosts);
}

export function createHostCensus(options: HostCensusOptions): HostCensus {
  const timers = options.timers ?? defaultTimers;
  const intervalMs = options.intervalMs ?? 2000;
  const collectMs = options.collectMs ?? 400;
  /** Latest report per frame document (`tabId:frameId:documentId`). */
  const reports = new Map<string, FrameReport>();
  let round = 0;
  let invalid = 0;
  /** The pending publish (collecting) or next round (waiting); null while stopped. */
  let timer: TimerHandle | null = null;
  let collecting = false;

  const watched = (): boolean => options.watchedTabs().length > 0;

  function stop(): void {
    if (timer !== null) timers.clearTimeout(timer);
    timer = null;
    collecting = false;
    reports.clear();
  }

  function startRound(): void {
    if (timer !== null) timers.clearTimeout(timer);
    round++;
    collecting = true;
    const asked = round;
    timer = timers.setTimeout(finishRound, collectMs);
    options.tabList.listTabIds().then(
      (tabIds) => {
        if (asked !== round) return;
        for (const tabId of tabIds) {
          options.tabs.sendMessage(tabId, envelope('bg:census-request', { round })).catch(() => {
            // Expected: tabs without a relay (chrome:// pages, the Web Store, a tab closing now)
            // have no receiver. They simply do not report.
          });
        }
      },
      () => {
        // tabs.query failed (the worker is shutting down): this round reports what it has.
      },
    );
  }

  function finishRound(): void {
    timer = null;
    collecting = false;
    if (!watched()) return stop();
    // A frame that missed this round and the previous one is gone (tab closed, navigated).
    for (const [key, report] of reports) if (report.round < round - 1) reports.delete(key);
    publish();
    timer = timers.setTimeout(startRound, Math.max(0, intervalMs - collectMs));
  }

  function publish(): void {
    const hosts = aggregateCensus(reports.values());
    const pageOrigins = new Map<number, string>();
    for (const report of reports.values()) {
      if (report.frameId === 0) pageOrigins.set(report.tabId, originOfUrl(report.url));
    }
    for (const tabId of options.watchedTabs()) {
      options.publish(
        tabId,
        envelope('bg:census', {
          pageOrigin: pageOrigins.get(tabId) ?? '',
          hosts,
          invalid,
        }),
      );
    }
  }

  return {
    panelsChanged() {
      if (!watched()) return stop();
      if (timer === null) startRound();
    },
    requestNow() {
      if (!watched() || collecting) return;
      startRound();
    },
    handleReport(message, sender) {
      const tabId = sender.tab?.id;
      if (typeof tabId !== 'number' || tabId < 0 || !isRelayCensus(message)) {
        invalid++;
        return;
      }
      // A report of another round (late, or from before a worker restart) describes the past.
      if (message.round !== round || timer === null) return;
      const frameId = typeof sender.frameId === 'number' ? sender.frameId : 0;
      const key = `${tabId}:${frameId}:${sender.documentId ?? ''}`;
      if (!reports.has(key) && reports.size >= MAX_REPORTS) {
        invalid++;
        return;
      }
      reports.set(key, {
        tabId,
        frameId,
        url: sender.url ?? '',
        round: message.round,
        hosts: message.hosts,
      });
    },
    get invalid() {
      return invalid;
    },
  };
}

/**
 * The panel's state: everything the hook reported for the inspected tab, the replay cursors, the
 * pipeline counters and the user's view choices.
 *
 * Performance shape (10 000 connections, 200 000 messages): the connection map is mutated in
 * place and a batch bumps `version` once, so a record never copies the table. Rows themselves are
 * copy-on-write (a changed row is a new object), which keeps `React.memo` rows cheap and makes a
 * pause snapshot a shallow map copy that later records cannot change.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { useStore } from 'zustand';
import { createContext, createElement, useContext, type ReactNode } from 'react';
import {
  envelopeProblem,
  isBackgroundToPanel,
  type BackgroundRecordsMessage,
  type BackgroundToPanel,
  type Cursors,
  type DebugRecord,
  type HelloRecord,
  type HookRecord,
  type HookSettings,
  DEFAULT_HOOK_SETTINGS,
  type MessageSample,
  type ReadyState,
} from '../src/protocol';
import { endpointOf } from './endpoint';
import { callSiteOf, type CallSite } from './stack';

/** Newest message samples kept per connection. */
export const RECENT_MESSAGES_PER_CONNECTION = 200;
/** readyState changes kept per connection (a flapping connection must not grow without bound). */
export const TIMELINE_PER_CONNECTION = 100;
/** Construction times kept for the connects-per-minute rate. */
export const CONNECT_TIMES_KEPT = 20_000;
/** Event types and listener types kept per connection. */
const TYPES_PER_CONNECTION = 64;
/**
 * A document first seen this shortly before a navigation event belongs to the new page: the new
 * document's hook can report before DevTools tells us the old one is gone.
 */

export type ClosedBy = 'page' | 'browser' | 'unload';

/** Evaluated in the inspected page after a navigation: the hook session it holds now, or null. */
export const HOOK_SESSION_EXPRESSION = `(() => {
  try {
    const hook = window.__SSE_DEVTOOLS_HOOK__;
    return hook && typeof hook.session === 'string' ? hook.session : null;
  } catch (error) {
    return null; // a page that broke our global has no usable hook
  }
})()`;
export type StateCause = 'conn' | 'open' | 'error' | 'close' | 'unload' | 'restore';

export interface StateChange {
  readonly t: number;
  readonly readyState: ReadyState;
  readonly cause: StateCause;
}

export interface Connection {
  /** `${session}#${id}`: ids are unique per hook session only. */
  readonly key: string;
  readonly session: string;
  readonly id: number;
  readonly url: string;
  readonly endpoint: string;
  readonly withCredentials: boolean;
  readonly stack: string;
  readonly callSite: CallSite | null;
  readonly parentKey: string | null;
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
  readonly timeline: readonly StateChange[];
  readonly messages: number;
  readonly bytes: number;
  readonly byType: Readonly<Record<string, number>>;
  readonly lastEventId: string;
  readonly lastMessageAt: number | null;
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
}

export interface DebugSnapshot {
  readonly name: string;
  readonly ok: boolean;
  readonly value: unknown;
  readonly error: string | null;
  readonly t: number;
  readonly ms: number;
}

interface PendingTimer {
  readonly id: number;
  readonly delay: number;
  readonly createdAt: number;
}

interface SessionInfo {
  readonly documentId: string;
  hello: HelloRecord | null;
  /** seq ranges the hook declared lost (`dropped` records) not yet passed by the cursor. */
  covered: Array<[number, number]>;
}

interface DocumentInfo {
  readonly documentId: string;
  readonly frameId: number;
  readonly frameUrl: string;
  /** Panel clock. */
  readonly firstSeenAt: number;
  /** Unloaded (kept only with Preserve log). */
  retired: boolean;
}

/** What was captured. Mutable containers; `version` says when they changed. */
export interface CaptureData {
  readonly connections: Map<string, Connection>;
  readonly pendingTimers: Map<string, PendingTimer>;
  readonly timerTotals: { created: number; fired: number; cleared: number };
  readonly debug: Map<string, DebugSnapshot>;
  /** Construction times (page clock), ascending as they arrive. */
  readonly connectTimes: number[];
  readonly sessions: Map<string, SessionInfo>;
  readonly documents: Map<string, DocumentInfo>;
}

/** An immutable handle on the data the view shows; a new object whenever the view must update. */
export interface View {
  readonly data: CaptureData;
  readonly version: number;
}

export interface Counters {
  /** Records ignored because the panel already held them (replay after a cursor). */
  readonly duplicates: number;
  /** Records missing from the seq sequence with no `dropped` record to explain them. */
  readonly lost: number;
  /** Records the page hook declared dropped (ring buffer overflow). */
  readonly droppedByHook: number;
  /** Messages refused by the background (its own count, summed). */
  readonly rejected: number;
  /** Messages refused by the relays (latest counts per frame, summed). */
  readonly relayRejected: number;
  /** Messages from the background that failed validation here. */
  readonly invalid: number;
  /** Messages of another protocol version. */
  readonly protocolMismatch: number;
}

/** `connecting` until the link reports; then the link's own states. */
export type LinkStatus = 'connecting' | 'connected' | 'reconnecting' | 'closed';
export type StateFilter = 'all' | 'connecting' | 'open' | 'reconnecting' | 'closed';
export type SortKey =
  | 'id'
  | 'endpoint'
  | 'state'
  | 'age'
  | 'messages'
  | 'errors'
  | 'label'
  | 'initiator'
  | 'parent'
  | 'closedBy';
export type PanelTab = 'connections' | 'callSites' | 'timeline' | 'acceptance';

export interface Filter {
  readonly text: string;
  readonly state: StateFilter;
  /** '' = every endpoint. */
  readonly endpoint: string;
  readonly liveOnly: boolean;
}

export interface Sort {
  readonly key: SortKey;
  readonly dir: 'asc' | 'desc';
}

export interface PanelState {
  /** The live map (same object as `view.data.connections` while not paused). */
  readonly connections: ReadonlyMap<string, Connection>;
  readonly cursors: Cursors;
  readonly counters: Counters;
  readonly relayRejectedByFrame: Readonly<Record<string, number>>;
  /** Refusals reported through `bg:rejected`, by reason. */
  readonly rejectedByReason: Readonly<Record<string, number>>;
  /** Settings pushed to the hooks (part 2 adds the UI and per-origin persistence). */
  readonly settings: HookSettings;
  readonly version: number;
  readonly view: View;
  readonly link: LinkStatus;
  readonly paused: boolean;
  readonly preserveLog: boolean;
  readonly expectedPerEndpoint: number;
  readonly selectedKey: string | null;
  readonly filter: Filter;
  readonly sort: Sort;
  readonly tab: PanelTab;

  // ── things that arrived from outside ──
  /** Entry point for everything the link delivers; validates, then dispatches. */
  messageReceived(message: unknown): void;
  recordsReceived(message: BackgroundRecordsMessage): void;
  relayStatsReceived(key: string, rejected: Readonly<Record<string, number>>): void;
  rejectionReported(reason: string, count: number): void;
  /**
   * The inspected page navigated. `currentSession`: the hook session the page holds now (from
   * `__SSE_DEVTOOLS_HOOK__.session`), null when the page has no hook, undefined when unknown
   * (then nothing is retired: the new document's own records will do it).
   */
  navigated(url: string, currentSession: string | null | undefined): void;
  linkStatusChanged(status: LinkStatus): void;

  // ── user intents ──
  clearRecords(): void;
  setPaused(paused: boolean): void;
  togglePreserveLog(): void;
  selectConnection(key: string | null): void;
  setFilter(patch: Partial<Filter>): void;
  setSort(key: SortKey): void;
  setExpectedPerEndpoint(n: number): void;
  setTab(tab: PanelTab): void;
  updateSettings(patch: Partial<HookSettings>): void;
  /** The replay cursors for the link's attach message. */
  getCursors(): Cursors;
  /** The captured data even while the view is paused (tests, export). */
  getLiveView(): View;
}

export interface PanelStoreOptions {
  /** Panel clock (navigation grace). Injected so tests are deterministic. */
  readonly now?: () => number;
  readonly expectedPerEndpoint?: number;
}

export type PanelStore = StoreApi<PanelState>;

const ZERO_COUNTERS: Counters = {
  duplicates: 0,
  lost: 0,
  droppedByHook: 0,
  rejected: 0,
  relayRejected: 0,
  invalid: 0,
  protocolMismatch: 0,
};

/** Whether `after` lacks a session `before` had: the store forgot a page (see retire). */
export function forgotSession(before: Cursors, after: Cursors): boolean {
  return Object.keys(before).some((session) => !Object.hasOwn(after, session));
}

export const DEFAULT_FILTER: Filter = { text: '', state: 'all', endpoint: '', liveOnly: false };

function emptyData(): CaptureData {
  return {
    connections: new Map(),
    pendingTimers: new Map(),
    timerTotals: { created: 0, fired: 0, cleared: 0 },
    debug: new Map(),
    connectTimes: [],
    sessions: new Map(),
    documents: new Map(),
  };
}

/** A copy later records cannot change (rows are copy-on-write, so shallow copies suffice). */
function snapshotData(data: CaptureData): CaptureData {
  return {
    connections: new Map(data.connections),
    pendingTimers: new Map(data.pendingTimers),
    timerTotals: { ...data.timerTotals },
    debug: new Map(data.debug),
    connectTimes: data.connectTimes.slice(),
    sessions: data.sessions,
    documents: data.documents,
  };
}

export const connectionKey = (session: string, id: number): string => `${session}#${id}`;

export function isLive(c: Pick<Connection, 'readyState' | 'closedBy'>): boolean {
  return c.closedBy === null && c.readyState !== 2;
}

function pushBounded<T>(list: readonly T[], items: readonly T[], max: number): readonly T[] {
  const next =
    list.length + items.length <= max ? list.concat(items) : list.concat(items).slice(-max);
  return next;
}

function placeholder(
  session: string,
  id: number,
  t: number,
  origin: Pick<Connection, 'frameId' | 'documentId' | 'frameUrl'>,
): Connection {
  return {
    key: connectionKey(session, id),
    session,
    id,
    url: '',
    endpoint: '',
    withCredentials: false,
    stack: '',
    callSite: null,
    parentKey: null,
    parentId: null,
    timer: null,
    placeholder: true,
    createdAt: t,
    openedAt: null,
    readyState: 0,
    closedBy: null,
    closedAt: null,
    closeStack: null,
    timeline: [],
    messages: 0,
    bytes: 0,
    byType: {},
    lastEventId: '',
    lastMessageAt: null,
    recent: [],
    samplesSkipped: 0,
    transientErrors: 0,
    terminalErrors: 0,
    lastErrorAt: null,
    timersScheduled: 0,
    client: '',
    marker: '',
    reason: '',
    listeners: [],
    ...origin,
  };
}

/** How many seqs in [from, to] are not inside a declared-dropped range. */
function uncovered(from: number, to: number, covered: ReadonlyArray<[number, number]>): number {
  let missing = to - from + 1;
  for (const [a, b] of covered) {
    const lo = Math.max(a, from);
    const hi = Math.min(b, to);
    if (hi >= lo) missing -= hi - lo + 1;
  }
  return Math.max(0, missing);
}

function mergeCounts(
  into: Readonly<Record<string, number>>,
  add: Readonly<Record<string, number>>,
): Record<string, number> {
  const out: Record<string, number> = { ...into };
  for (const [type, n] of Object.entries(add)) {
    // Own keys only, defined not assigned: an event type may be named like an Object.prototype
    // member ("constructor", "__proto__"), which `in` finds and `=` would send to the prototype.
    const key =
      Object.hasOwn(out, type) || Object.keys(out).length < TYPES_PER_CONNECTION ? type : '(other)';
    const value = (Object.hasOwn(out, key) ? (out[key] ?? 0) : 0) + n;
    Object.defineProperty(out, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

export function createPanelStore(options: PanelStoreOptions = {}): PanelStore {
  const now = options.now ?? Date.now;
  let data = emptyData();

  return createStore<PanelState>()((set, get) => {
    /** Publishes a change of `data`: the view follows unless paused. */
    const publish = (extra: Partial<PanelState> = {}): void => {
      const s = get();
      const version = s.version + 1;
      set({
        ...extra,
        version,
        connections: data.connections,
        view: s.paused ? s.view : { data, version },
      });
    };

    const update = (key: string, change: (c: Connection) => Partial<Connection>): void => {
      const current = data.connections.get(key);
      if (!current) return;
      data.connections.set(key, { ...current, ...change(current) });
    };

    const transition = (
      c: Connection,
      t: number,
      readyState: ReadyState,
      cause: StateCause,
    ): readonly StateChange[] =>
      pushBounded(c.timeline, [{ t, readyState, cause }], TIMELINE_PER_CONNECTION);

    function apply(
      r: HookRecord,
      session: string,
      info: SessionInfo,
      origin: DocumentOrigin,
    ): void {
      if (r.k === 'hello') {
        info.hello = r;
        return;
      }
      if (r.k === 'dropped') return; // accounted for by the seq bookkeeping
      if (r.k === 'debug') {
        applyDebug(r);
        return;
      }
      const key = connectionKey(session, r.id);
      if (r.k === 'conn') {
        const existing = data.connections.get(key);
        const base = existing ?? placeholder(session, r.id, r.t, origin);
        const parentKey = r.parent === undefined ? null : connectionKey(session, r.parent);
        data.connections.set(key, {
          ...base,
          url: r.url,
          endpoint: endpointOf(r.url),
          withCredentials: r.withCredentials,
          stack: r.stack,
          callSite: callSiteOf(r.stack),
          parentKey,
          parentId: r.parent ?? null,
          timer: r.timer ?? null,
          placeholder: false,
          createdAt: r.t,
          timeline: existing ? base.timeline : [{ t: r.t, readyState: 0, cause: 'conn' }],
        });
        data.connectTimes.push(r.t);
        if (data.connectTimes.length > CONNECT_TIMES_KEPT) {
          data.connectTimes.splice(0, data.connectTimes.length - CONNECT_TIMES_KEPT);
        }
        return;
      }
      if (!data.connections.has(key)) {
        // The construction record was lost (gap) or cleared: keep the facts under a placeholder
        // rather than dropping them silently.
        data.connections.set(key, placeholder(session, r.id, r.t, origin));
      }
      switch (r.k) {
        case 'open':
          update(key, (c) => ({
            readyState: c.closedBy ? c.readyState : 1,
            openedAt: c.openedAt ?? r.t,
            timeline: transition(c, r.t, 1, 'open'),
          }));
          return;
        case 'error': {
          const terminal = r.readyState === 2;
          update(key, (c) => ({
            readyState: r.readyState,
            transientErrors: c.transientErrors + (terminal ? 0 : 1),
            terminalErrors: c.terminalErrors + (terminal ? 1 : 0),
            lastErrorAt: r.t,
            closedBy: c.closedBy ?? (terminal ? 'browser' : null),
            closedAt: c.closedAt ?? (terminal ? r.t : null),
            timeline: transition(c, r.t, r.readyState, 'error'),
          }));
          return;
        }
        case 'close':
          update(key, (c) => ({
            readyState: 2,
            // Closing a source the browser already gave up on does not change who closed it.
            closedBy: c.closedBy ?? 'page',
            closedAt: c.closedAt ?? r.t,
            closeStack: r.stack,
            timeline: transition(c, r.t, 2, 'close'),
          }));
          return;
        case 'msgs':
          update(key, (c) => {
            const recent = c.recent.concat(r.recent);
            const overflow = Math.max(0, recent.length - RECENT_MESSAGES_PER_CONNECTION);
            return {
              messages: c.messages + r.count,
              bytes: c.bytes + r.bytes,
              byType: mergeCounts(c.byType, r.byType),
              lastEventId: r.lastEventId,
              lastMessageAt: r.lastAt,
              recent: overflow ? recent.slice(overflow) : recent,
              samplesSkipped: c.samplesSkipped + r.skipped + overflow,
            };
          });
          return;
        case 'listen':
          update(key, (c) =>
            c.listeners.includes(r.type) || c.listeners.length >= TYPES_PER_CONNECTION
              ? {}
              : { listeners: [...c.listeners, r.type] },
          );
          return;
        case 'annotate':
          update(key, () => ({ client: r.client, marker: r.marker, reason: r.reason }));
          return;
        case 'timer': {
          const timerKey = connectionKey(session, r.timer);
          data.timerTotals[r.phase] += 1;
          if (r.phase === 'created') {
            data.pendingTimers.set(timerKey, { id: r.id, delay: r.delay, createdAt: r.t });
            update(key, (c) => ({ timersScheduled: c.timersScheduled + 1 }));
          } else {
            data.pendingTimers.delete(timerKey);
          }
          return;
        }
      }
    }

    function applyDebug(r: DebugRecord): void {
      data.debug.set(r.name, {
        name: r.name,
        ok: r.ok,
        value: r.value,
        error: r.error ?? null,
        t: r.t,
        ms: r.ms,
      });
    }

    /** Removes connections (and their timers) of the given sessions. */
    function forgetSessions(sessions: ReadonlySet<string>): void {
      for (const [key, c] of data.connections)
        if (sessions.has(c.session)) data.connections.delete(key);
      for (const key of data.pendingTimers.keys()) {
        const session = key.slice(0, key.lastIndexOf('#'));
        if (sessions.has(session)) data.pendingTimers.delete(key);
      }
    }

    /**
     * The documents are gone and so are their EventSources, but no `close` record will ever say
     * so. With Preserve log their connections stay, marked closed by the unload (else a reload
     * would show phantom duplicates); without it they are forgotten.
     */
    function retire(documentIds: ReadonlySet<string>, at: number): void {
      if (documentIds.size === 0) return;
      const sessions = new Set<string>();
      for (const [session, info] of data.sessions)
        if (documentIds.has(info.documentId)) sessions.add(session);
      if (get().preserveLog) {
        for (const [key, c] of data.connections) {
          if (!sessions.has(c.session) || !isLive(c)) continue;
          data.connections.set(key, {
            ...c,
            readyState: 2,
            closedBy: 'unload',
            closedAt: at,
            timeline: transition(c, at, 2, 'unload'),
          });
        }
        for (const key of data.pendingTimers.keys()) {
          if (sessions.has(key.slice(0, key.lastIndexOf('#')))) data.pendingTimers.delete(key);
        }
        for (const id of documentIds) {
          const doc = data.documents.get(id);
          if (doc) doc.retired = true;
        }
      } else {
        forgetSessions(sessions);
        for (const session of sessions) data.sessions.delete(session);
        for (const id of documentIds) data.documents.delete(id);
        // Their cursors go too: a document restored from the back/forward cache is the same hook
        // session, and its replay must be applied again, not dropped as duplicates.
        const cursors = { ...get().cursors };
        for (const session of sessions) delete cursors[session];
        set({ cursors });
        data.debug.clear();
        data.connectTimes.length = 0;
      }
    }

    /** Undoes `retire` for a document restored from the back/forward cache (Preserve log on). */
    function restore(documentId: string, at: number): void {
      const doc = data.documents.get(documentId);
      if (doc) doc.retired = false;
      const sessions = new Set<string>();
      for (const [session, info] of data.sessions)
        if (info.documentId === documentId) sessions.add(session);
      for (const [key, c] of data.connections) {
        if (!sessions.has(c.session) || c.closedBy !== 'unload') continue;
        // The state it had when the document was put away; the page's EventSource kept it.
        const before = [...c.timeline].reverse().find((change) => change.cause !== 'unload');
        const readyState = before?.readyState ?? 0;
        data.connections.set(key, {
          ...c,
          readyState,
          closedBy: null,
          closedAt: null,
          timeline: transition(c, at, readyState, 'restore'),
        });
      }
    }

    return {
      connections: data.connections,
      cursors: {},
      counters: ZERO_COUNTERS,
      relayRejectedByFrame: {},
      rejectedByReason: {},
      settings: DEFAULT_HOOK_SETTINGS,
      version: 0,
      view: { data, version: 0 },
      link: 'connecting',
      paused: false,
      preserveLog: false,
      expectedPerEndpoint: options.expectedPerEndpoint ?? 1,
      selectedKey: null,
      filter: DEFAULT_FILTER,
      sort: { key: 'id', dir: 'asc' },
      tab: 'connections',

      messageReceived(message) {
        if (!isBackgroundToPanel(message)) {
          const problem = envelopeProblem(message);
          const c = get().counters;
          set({
            counters:
              problem === 'version'
                ? { ...c, protocolMismatch: c.protocolMismatch + 1 }
                : { ...c, invalid: c.invalid + 1 },
          });
          return;
        }
        const m: BackgroundToPanel = message;
        switch (m.kind) {
          case 'bg:records':
            get().recordsReceived(m);
            return;
          case 'bg:relay-stats':
            get().relayStatsReceived(`${m.frameId}:${m.documentId}`, m.rejected);
            return;
          case 'bg:rejected':
            get().rejectionReported(m.reason, m.count);
            return;
          case 'bg:navigated':
            // The background sees a new top document only once its relay connects, and its
            // records retire the previous page in order (recordsReceived); the URL alone cannot
            // tell a new document from a route change, so it retires nothing by itself.
            get().navigated(m.url, undefined);
            return;
        }
      },

      recordsReceived(m) {
        const s = get();
        const origin: DocumentOrigin = {
          frameId: m.frameId,
          documentId: m.documentId,
          frameUrl: m.frameUrl,
        };
        let retired = false;
        if (!data.documents.has(m.documentId)) {
          // A new top-level document means the previous page is gone: that is the navigation,
          // in order with the records (a navigation event may come earlier, later or twice).
          if (
            m.frameId === 0 &&
            [...data.documents.values()].some((d) => d.frameId === 0 && !d.retired)
          ) {
            retire(
              new Set(
                [...data.documents.values()].filter((d) => !d.retired).map((d) => d.documentId),
              ),
              now(),
            );
            retired = true;
          }
          data.documents.set(m.documentId, { ...origin, firstSeenAt: now(), retired: false });
        } else if (m.frameId === 0 && data.documents.get(m.documentId)!.retired) {
          // A retired top-level document speaks again: it was restored from the back/forward
          // cache (Preserve log kept it, its connections marked closed by the unload). It is the
          // page now: retire the page shown since, and bring back what the unload closed.
          const at = now();
          retire(
            new Set(
              [...data.documents.values()].filter((d) => !d.retired).map((d) => d.documentId),
            ),
            at,
          );
          restore(m.documentId, at);
          retired = true;
        }
        let info = data.sessions.get(m.session);
        if (!info) {
          info = { documentId: m.documentId, hello: null, covered: [] };
          data.sessions.set(m.session, info);
        }
        let last = s.cursors[m.session] ?? 0;
        let { duplicates, lost, droppedByHook } = s.counters;
        let applied = 0;
        for (const r of m.records) {
          if (r.seq <= last) {
            duplicates += 1;
            continue;
          }
          if (r.k === 'dropped') {
            info.covered.push([r.from, r.to]);
            // Only what the panel did not hold already: the hook's ring also evicts records it
            // delivered long ago, and those are not a loss.
            droppedByHook += Math.max(0, r.to - Math.max(r.from, last + 1) + 1);
          }
          if (r.seq > last + 1) lost += uncovered(last + 1, r.seq - 1, info.covered);
          last = r.seq;
          if (info.covered.length > 0) info.covered = info.covered.filter(([, to]) => to > last);
          apply(r, m.session, info, origin);
          applied += 1;
        }
        const counters = { ...s.counters, duplicates, lost, droppedByHook };
        // From the current cursors: retire() above may have dropped the forgotten sessions' ones.
        const held = get().cursors;
        const cursors = last === (held[m.session] ?? 0) ? held : { ...held, [m.session]: last };
        if (applied === 0 && !retired) {
          set({ counters, cursors });
          return;
        }
        const selectedKey =
          s.selectedKey && data.connections.has(s.selectedKey) ? s.selectedKey : null;
        publish({ counters, cursors, selectedKey });
      },

      relayStatsReceived(key, rejected) {
        const total = Object.values(rejected).reduce((a, b) => a + b, 0);
        const byFrame = { ...get().relayRejectedByFrame, [key]: total };
        const sum = Object.values(byFrame).reduce((a, b) => a + b, 0);
        set({ relayRejectedByFrame: byFrame, counters: { ...get().counters, relayRejected: sum } });
      },

      rejectionReported(reason, count) {
        // The background reports increments since its previous report; the panel link reports a
        // running total for its own reasons ("panel-link:*"). Add the former, replace the latter.
        const previous = get().rejectedByReason;
        const next = {
          ...previous,
          [reason]: reason.startsWith('panel-link:') ? count : (previous[reason] ?? 0) + count,
        };
        const rejected = Object.values(next).reduce((a, b) => a + b, 0);
        set({ rejectedByReason: next, counters: { ...get().counters, rejected } });
      },

      navigated(_url, currentSession) {
        // DevTools' onNavigated also fires for same-document navigations (pushState: every SPA
        // route change), so a navigation event alone proves nothing. The caller says which hook
        // session the page holds now: if it is a document we know and have not retired, nothing
        // was unloaded (a route change, or a new document whose records already retired the old
        // ones). Otherwise a new document is there whose records have not arrived yet (or that
        // has no hook, e.g. a chrome:// or PDF page): everything we hold was unloaded.
        if (currentSession === undefined) return;
        const info = currentSession === null ? undefined : data.sessions.get(currentSession);
        const doc = info ? data.documents.get(info.documentId) : undefined;
        if (doc && !doc.retired) return;
        const at = now();
        const old = new Set<string>();
        for (const d of data.documents.values()) if (!d.retired) old.add(d.documentId);
        retire(old, at);
        const s = get();
        const selected =
          s.selectedKey && data.connections.has(s.selectedKey) ? s.selectedKey : null;
        publish({ selectedKey: selected });
      },

      linkStatusChanged(link) {
        set({ link });
      },

      clearRecords() {
        // Live connections stay (with their history reset): the panel must keep answering "how many
        // are live right now", and no new `conn` record would ever bring them back.
        const next = emptyData();
        for (const [key, c] of data.connections) {
          if (!isLive(c)) continue;
          next.connections.set(key, {
            ...c,
            timeline: [
              { t: c.timeline.at(-1)?.t ?? c.createdAt, readyState: c.readyState, cause: 'conn' },
            ],
            messages: 0,
            bytes: 0,
            byType: {},
            recent: [],
            samplesSkipped: 0,
            transientErrors: 0,
            terminalErrors: 0,
          });
        }
        for (const [key, timer] of data.pendingTimers) next.pendingTimers.set(key, timer);
        for (const [key, info] of data.sessions) next.sessions.set(key, info);
        for (const [key, doc] of data.documents) next.documents.set(key, doc);
        data = next;
        const s = get();
        const selected =
          s.selectedKey && data.connections.has(s.selectedKey) ? s.selectedKey : null;
        // Cursors are kept on purpose: a replay must not bring cleared records back.
        set({
          counters: { ...ZERO_COUNTERS, protocolMismatch: s.counters.protocolMismatch },
          relayRejectedByFrame: {},
          rejectedByReason: {},
          selectedKey: selected,
        });
        publish();
        if (s.paused) set({ view: { data: snapshotData(data), version: get().version } });
      },

      setPaused(paused) {
        const s = get();
        if (paused === s.paused) return;
        set({
          paused,
          view: paused
            ? { data: snapshotData(data), version: s.version }
            : { data, version: s.version },
        });
      },

      togglePreserveLog() {
        set({ preserveLog: !get().preserveLog });
      },

      selectConnection(selectedKey) {
        set({ selectedKey });
      },

      setFilter(patch) {
        set({ filter: { ...get().filter, ...patch } });
      },

      setSort(key) {
        const { sort } = get();
        set({
          sort:
            sort.key === key
              ? { key, dir: sort.dir === 'asc' ? 'desc' : 'asc' }
              : { key, dir: 'asc' },
        });
      },

      setExpectedPerEndpoint(n) {
        if (Number.isInteger(n) && n >= 1) set({ expectedPerEndpoint: n });
      },

      setTab(tab) {
        set({ tab });
      },

      updateSettings(patch) {
        set({ settings: { ...get().settings, ...patch } });
      },

      getCursors() {
        return get().cursors;
      },

      getLiveView() {
        return { data, version: get().version };
      },
    };
  });
}

type DocumentOrigin = Pick<Connection, 'frameId' | 'documentId' | 'frameUrl'>;

// ── React binding ───────────────────────────────────────────────────────────────────────────

const StoreContext = createContext<PanelStore | null>(null);

export function PanelStoreProvider(props: { store: PanelStore; children: ReactNode }) {
  return createElement(StoreContext.Provider, { value: props.store }, props.children);
}

export function usePanelStoreApi(): PanelStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('usePanelStore outside <PanelStoreProvider>');
  return store;
}

export function usePanelStore<T>(selector: (s: PanelState) => T): T {
  return useStore(usePanelStoreApi(), selector);
}

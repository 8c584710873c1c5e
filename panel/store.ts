/**
 * The panel's zustand store: the model's table published to the views (`view`, a new handle per
 * change), the replay cursors, the pipeline counters and the user's view choices. The records
 * themselves are folded by the model (./model); this file holds state and actions only, and the
 * React binding lives beside it (./use-panel-store.ts).
 *
 * Performance shape (10 000 connections, 200 000 messages): the model mutates its maps in place
 * and a batch bumps `version` once, so a record never copies the table. Rows are copy-on-write,
 * which keeps `React.memo` rows cheap and makes a pause snapshot a shallow map copy that later
 * records cannot change.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import {
  DEFAULT_HOOK_SETTINGS,
  type BackgroundRecordsMessage,
  type BackgroundToPanel,
  type ConnectionKind,
  type Cursors,
  type HookSettings,
  type RejectReason,
} from '../src/protocol';
import {
  createPanelModel,
  type CaptureData,
  type Connection,
  isLive,
  type GoneReason,
  type PanelModel,
} from './model';
import { matchesFilter } from './selectors';
import { DEFAULT_HIDDEN_COLUMNS } from './columns';
import type { ViewPreferences } from './settings/view-preferences';
import type { NetworkCapture } from './network/cdp-reducer';
import type { CaptureStatus } from './network/debugger-capture';

export {
  CONNECT_TIMES_KEPT,
  RECENT_MESSAGES_PER_CONNECTION,
  TIMELINE_PER_CONNECTION,
  connectionKey,
  connectionLabel,
  isLive,
} from './model';
export type {
  CaptureData,
  ClosedBy,
  Connection,
  DebugSnapshot,
  GoneReason,
  StateCause,
  StateChange,
} from './model';

/** Evaluated in the inspected page after a navigation: the hook session it holds now, or null. */
export const HOOK_SESSION_EXPRESSION = `(() => {
  try {
    const hook = window.__SSE_DEVTOOLS_HOOK__;
    return hook && typeof hook.session === 'string' ? hook.session : null;
  } catch (error) {
    return null; // a page that broke our global has no usable hook
  }
})()`;

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
  /** Records the page hook declared dropped (ring buffer overflow) that the panel never held. */
  readonly droppedByHook: number;
  /** Messages refused by the background and the panel link (increments, summed). */
  readonly rejected: number;
  /** Messages refused by the relays (latest counts per frame, summed). */
  readonly relayRejected: number;
  /** Messages from the background that failed validation at the panel link. */
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
  | 'closedBy'
  | 'kind'
  | 'start'
  | 'toOpen'
  | 'toFirst'
  | 'lastMessage'
  | 'rate';
export type PanelTab = 'connections' | 'callSites' | 'timeline' | 'acceptance';

export interface Filter {
  readonly text: string;
  readonly state: StateFilter;
  /** null = every endpoint; '' is the endpoint of connections without a URL (placeholders). */
  readonly endpoint: string | null;
  readonly liveOnly: boolean;
  /** A construction call site's exact key (url:line:col), from Call sites' "Show"; null = any. */
  readonly callSite?: string | null;
  /** Only connections of this kind (EventSource, fetch stream); null or absent = every kind. */
  readonly kind?: ConnectionKind | null;
}

export interface Sort {
  readonly key: SortKey;
  readonly dir: 'asc' | 'desc';
}

export interface PanelState {
  /** The model both the table and the acceptance recorder read. */
  readonly model: PanelModel;
  /** The live map (same object as `view.data.connections` while not paused). */
  readonly connections: ReadonlyMap<string, Connection>;
  readonly cursors: Cursors;
  readonly counters: Counters;
  readonly relayRejectedByFrame: Readonly<Record<string, number>>;
  /** Refusals reported through `bg:rejected`, by reason (increments, summed). */
  readonly rejectedByReason: Readonly<Record<string, number>>;
  /** Settings pushed to the hooks. */
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
  /** Table columns the user hid (columns.ts; kept per origin by settings/view-preferences.ts). */
  readonly hiddenColumns: readonly SortKey[];
  /** The message search's text (panel/search): data and event types of the kept samples. */
  readonly search: string;
  /** Opt-in network capture (chrome.debugger): the user's switch and what became of it. */
  readonly networkCapture: NetworkCaptureState;

  // ── things that arrived from outside ──
  /** Entry point for every message the panel link validated. */
  messageReceived(message: BackgroundToPanel): void;
  /** The panel link refused a message from the background (one call per message). */
  invalidReceived(reason: RejectReason): void;
  recordsReceived(message: BackgroundRecordsMessage): void;
  relayStatsReceived(key: string, rejected: Readonly<Record<string, number>>): void;
  /** `count` is an increment since the previous report of `reason`. */
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
  /**
   * Shows a connection's row: selects it, switches to the Connections tab and drops a filter that
   * hides it. Returns null when shown, else why the row is gone.
   */
  revealConnection(key: string): GoneReason | null;
  setFilter(patch: Partial<Filter>): void;
  setSort(key: SortKey): void;
  setExpectedPerEndpoint(n: number): void;
  setTab(tab: PanelTab): void;
  setColumnHidden(key: SortKey, hidden: boolean): void;
  setSearch(text: string): void;
  /** Stored view preferences of the inspected origin (only the fields given change). */
  preferencesLoaded(prefs: Partial<ViewPreferences>): void;
  updateSettings(patch: Partial<HookSettings>): void;
  /** The replay cursors for the link's attach message. */
  getCursors(): Cursors;
  /** The captured data even while the view is paused (tests, export). */
  getLiveView(): View;

  // ── network capture ──
  /**
   * The switch. Runs the bound control synchronously, so a click's user activation reaches
   * `permissions.request`. `fromClick` false restores a remembered choice without prompting.
   */
  setNetworkCapture(on: boolean, fromClick?: boolean): void;
  networkCaptureStatusChanged(status: CaptureStatus, detail: string): void;
  /** The capture's streams changed: merged into the table (model/network.ts). */
  networkCaptured(capture: NetworkCapture): void;
  /** main.tsx binds the chrome.debugger controller (absent in tests: the switch only records). */
  bindNetworkCapture(control: NetworkCaptureControl | null): void;
  /** Closes the "streams were already open" notice. */
  dismissNetworkNotice(): void;
}

export interface NetworkCaptureState {
  readonly on: boolean;
  readonly status: CaptureStatus;
  readonly detail: string;
  /**
   * Live connections when capture started: the network saw none of their requests (CDP reports
   * only what starts after Network.enable), so the panel offers a reload. 0 = no notice.
   */
  readonly openBefore: number;
}

export interface NetworkCaptureControl {
  turnOnFromClick(): void;
  restore(): void;
  turnOff(): void;
}

export interface PanelStoreOptions {
  /** Panel clock (retire times). Injected so tests are deterministic. Ignored with `model`. */
  readonly now?: () => number;
  /** The model to publish (main.tsx shares it with the acceptance recorder). */
  readonly model?: PanelModel;
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

/** Whether `after` lacks a session `before` had: the store forgot a page (see the model's retire). */
export function forgotSession(before: Cursors, after: Cursors): boolean {
  return Object.keys(before).some((session) => !Object.hasOwn(after, session));
}

export const DEFAULT_FILTER: Filter = {
  text: '',
  state: 'all',
  endpoint: null,
  liveOnly: false,
  callSite: null,
};

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

export function createPanelStore(options: PanelStoreOptions = {}): PanelStore {
  const model = options.model ?? createPanelModel({ now: options.now });

  return createStore<PanelState>()((set, get) => {
    let networkControl: NetworkCaptureControl | null = null;
    /** Publishes a change of the model's table: the view follows unless paused. */
    const publish = (extra: Partial<PanelState> = {}): void => {
      const s = get();
      const version = s.version + 1;
      const data = model.data;
      const selectedKey =
        s.selectedKey && data.connections.has(s.selectedKey) ? s.selectedKey : null;
      set({
        selectedKey,
        ...extra,
        version,
        cursors: model.cursors,
        connections: data.connections,
        view: s.paused ? s.view : { data, version },
      });
    };

    const withCounts = (): Counters => ({
      ...get().counters,
      duplicates: model.counts.duplicates,
      lost: model.counts.lost,
      droppedByHook: model.counts.dropped,
    });

    return {
      model,
      connections: model.data.connections,
      cursors: model.cursors,
      counters: ZERO_COUNTERS,
      relayRejectedByFrame: {},
      rejectedByReason: {},
      settings: DEFAULT_HOOK_SETTINGS,
      version: 0,
      view: { data: model.data, version: 0 },
      link: 'connecting',
      paused: false,
      preserveLog: model.preserveLog,
      expectedPerEndpoint: options.expectedPerEndpoint ?? 1,
      selectedKey: null,
      filter: DEFAULT_FILTER,
      sort: { key: 'id', dir: 'asc' },
      tab: 'connections',
      hiddenColumns: DEFAULT_HIDDEN_COLUMNS,
      search: '',
      networkCapture: { on: false, status: 'off', detail: '', openBefore: 0 },

      messageReceived(m) {
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

      invalidReceived(reason) {
        const c = get().counters;
        set({
          counters:
            reason === 'version'
              ? { ...c, protocolMismatch: c.protocolMismatch + 1 }
              : { ...c, invalid: c.invalid + 1 },
        });
      },

      recordsReceived(m) {
        const changed = model.recordsReceived(m);
        if (changed) publish({ counters: withCounts() });
        else set({ counters: withCounts(), cursors: model.cursors });
      },

      relayStatsReceived(key, rejected) {
        const total = Object.values(rejected).reduce((a, b) => a + b, 0);
        const byFrame = { ...get().relayRejectedByFrame, [key]: total };
        const sum = Object.values(byFrame).reduce((a, b) => a + b, 0);
        set({ relayRejectedByFrame: byFrame, counters: { ...get().counters, relayRejected: sum } });
      },

      rejectionReported(reason, count) {
        // Every reporter (the background, the panel link) sends increments: add them up.
        const previous = get().rejectedByReason;
        const next = { ...previous, [reason]: (previous[reason] ?? 0) + count };
        const rejected = Object.values(next).reduce((a, b) => a + b, 0);
        set({ rejectedByReason: next, counters: { ...get().counters, rejected } });
      },

      navigated(_url, currentSession) {
        // DevTools' onNavigated also fires for same-document navigations (pushState: every SPA
        // route change), so a navigation event alone proves nothing: the model decides from the
        // hook session the page holds now (see DocumentRegistry.unloaded).
        if (model.navigated(currentSession)) publish();
      },

      linkStatusChanged(link) {
        set({ link });
      },

      clearRecords() {
        model.clear();
        const s = get();
        set({
          counters: { ...ZERO_COUNTERS, protocolMismatch: s.counters.protocolMismatch },
          relayRejectedByFrame: {},
          rejectedByReason: {},
        });
        publish();
        if (s.paused) set({ view: { data: snapshotData(model.data), version: get().version } });
      },

      setPaused(paused) {
        const s = get();
        if (paused === s.paused) return;
        set({
          paused,
          view: paused
            ? { data: snapshotData(model.data), version: s.version }
            : { data: model.data, version: s.version },
        });
      },

      togglePreserveLog() {
        model.preserveLog = !get().preserveLog;
        set({ preserveLog: model.preserveLog });
      },

      selectConnection(selectedKey) {
        set({ selectedKey });
      },

      revealConnection(key) {
        const s = get();
        const c = s.view.data.connections.get(key) ?? model.data.connections.get(key);
        if (!c) return model.goneReason(key);
        // A paused view that predates the row cannot show it: resume.
        if (s.paused && !s.view.data.connections.has(key)) s.setPaused(false);
        set({
          selectedKey: key,
          tab: 'connections',
          filter: matchesFilter(c, s.filter) ? s.filter : DEFAULT_FILTER,
        });
        return null;
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

      setColumnHidden(key, hidden) {
        const current = get().hiddenColumns;
        if (current.includes(key) === hidden) return;
        set({
          hiddenColumns: hidden ? [...current, key] : current.filter((k) => k !== key),
        });
      },

      setSearch(search) {
        set({ search });
      },

      preferencesLoaded(prefs) {
        if (prefs.preserveLog !== undefined) model.preserveLog = prefs.preserveLog;
        set({
          ...(prefs.preserveLog !== undefined ? { preserveLog: prefs.preserveLog } : {}),
          ...(prefs.sort ? { sort: prefs.sort } : {}),
          ...(prefs.tab ? { tab: prefs.tab } : {}),
          ...(prefs.hiddenColumns ? { hiddenColumns: prefs.hiddenColumns } : {}),
        });
        // Restoring never prompts: it attaches only if the permission is already granted.
        if (prefs.networkCapture !== undefined && prefs.networkCapture !== get().networkCapture.on)
          get().setNetworkCapture(prefs.networkCapture, false);
      },

      updateSettings(patch) {
        set({ settings: { ...get().settings, ...patch } });
      },

      getCursors() {
        return model.cursors;
      },

      setNetworkCapture(on, fromClick = true) {
        const current = get().networkCapture;
        if (on) {
          let openBefore = 0;
          for (const c of model.data.connections.values())
            if (isLive(c) && !c.network) openBefore += 1;
          set({ networkCapture: { ...current, on, openBefore } });
          if (fromClick) networkControl?.turnOnFromClick();
          else networkControl?.restore();
        } else {
          set({ networkCapture: { ...current, on, openBefore: 0 } });
          networkControl?.turnOff();
        }
      },

      networkCaptureStatusChanged(status, detail) {
        const current = get().networkCapture;
        // Chrome ended the session (Cancel on its bar) or the prompt was refused: the switch follows.
        const on =
          status === 'off' || status === 'denied' || status === 'canceled' ? false : current.on;
        set({
          networkCapture: {
            ...current,
            on,
            status,
            detail,
            openBefore: on ? current.openBefore : 0,
          },
        });
      },

      networkCaptured(capture) {
        if (model.networkUpdated(capture)) publish();
      },

      bindNetworkCapture(control) {
        networkControl = control;
      },

      dismissNetworkNotice() {
        set({ networkCapture: { ...get().networkCapture, openBefore: 0 } });
      },

      getLiveView() {
        return { data: model.data, version: get().version };
      },
    };
  });
}

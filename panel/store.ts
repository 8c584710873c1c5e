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
import { createStore } from 'zustand/vanilla';
import { DEFAULT_HOOK_SETTINGS, type Cursors } from '../src/protocol';
import { createPanelModel, type CaptureData, isLive } from './model';
import { matchesFilter } from './selectors';
import { DEFAULT_HIDDEN_COLUMNS } from './columns';
import { applyHostProtocols, hostBudgetOf } from './host-budget';
import type {
  Counters,
  Filter,
  PanelState,
  NetworkCaptureControl,
  PanelStoreOptions,
  PanelStore,
} from './store-types';

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

export type {
  View,
  Counters,
  LinkStatus,
  StateFilter,
  SortKey,
  PanelTab,
  Filter,
  Sort,
  PanelState,
  NetworkCaptureState,
  NetworkCaptureControl,
  PanelStoreOptions,
  PanelStore,
} from './store-types';

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
      hostBudget: null,
      censusInvalid: 0,

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
          case 'bg:census':
            get().censusReceived(m);
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

      censusReceived(m) {
        const next = hostBudgetOf(m);
        const previous = get().hostBudget;
        const same =
          previous !== null &&
          next !== null &&
          previous.host === next.host &&
          previous.live === next.live &&
          previous.tabs === next.tabs &&
          previous.protocol === next.protocol;
        set({ hostBudget: same ? previous : next, censusInvalid: m.invalid });
        if (applyHostProtocols(model.data.connections, m.hosts)) publish();
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

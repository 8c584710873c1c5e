/**
 * The panel store's types: the state and actions the views read (./store.ts implements them), the
 * view choices and the counters. Kept apart so the store file holds the state machine only.
 */
import type { StoreApi } from 'zustand/vanilla';
import type {
  BackgroundCensusMessage,
  BackgroundRecordsMessage,
  BackgroundToPanel,
  ConnectionKind,
  Cursors,
  HookSettings,
  RejectReason,
} from '../src/protocol';
import type { CaptureData, Connection, GoneReason, PanelModel } from './model';
import type { ViewPreferences } from './settings/view-preferences';
import type { NetworkCapture } from './network/cdp-reducer';
import type { CaptureStatus } from './network/debugger-capture';

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
  /**
   * Live SSE connections to the inspected page's host across every tab of the profile, from the
   * worker's socket census (panel/host-budget.ts); null until the first census names the page.
   */
  readonly hostBudget: {
    readonly host: string;
    readonly live: number;
    readonly tabs: number;
    readonly protocol: string;
  } | null;
  /** Census reports the worker refused (malformed or over the caps), since it started. */
  readonly censusInvalid: number;

  // ── things that arrived from outside ──
  /** Entry point for every message the panel link validated. */
  messageReceived(message: BackgroundToPanel): void;
  /** The panel link refused a message from the background (one call per message). */
  invalidReceived(reason: RejectReason): void;
  recordsReceived(message: BackgroundRecordsMessage): void;
  relayStatsReceived(key: string, rejected: Readonly<Record<string, number>>): void;
  /** A socket census (`bg:census`): the host budget and each row's protocol. */
  censusReceived(message: BackgroundCensusMessage): void;
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

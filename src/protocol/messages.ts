/**
 * Every message on every hop is one envelope: `{ source, version, kind, ...payload }`.
 * Types are named by direction so a handler's signature says which hop it sits on:
 *
 *   page hook ──PageToRelay──▶ relay ──RelayToBackground──▶ service worker ──BackgroundToPanel──▶ panel
 *   page hook ◀─RelayToPage─── relay ◀─BackgroundToRelay─── service worker ◀─PanelToBackground─── panel
 *
 * Page hook ↔ relay travel over `window.postMessage` (so anything here can be forged by page
 * script and is validated by `isPageToRelay`); the other hops travel over `runtime` ports, except
 * the two one-shot messages that let a relay stay without a port while nobody watches its tab
 * ("no viewer, no traffic"): `relay:hello` (runtime.sendMessage) and `bg:wake` (tabs.sendMessage).
 */
import type { HookRecord, HookSettings } from './records';
import type { PROTOCOL_VERSION, SOURCE } from './version';

interface Envelope<K extends string> {
  readonly source: typeof SOURCE;
  readonly version: typeof PROTOCOL_VERSION;
  readonly kind: K;
}

/** Replay cursors: for each hook session, the last seq the panel already holds. */
export type Cursors = Readonly<Record<string, number>>;

// ── page hook → relay (window.postMessage) ──────────────────────────────────────────────────

/** A batch of records from one hook session. */
export interface PageRecordsMessage extends Envelope<'page:records'> {
  readonly session: string;
  readonly records: readonly HookRecord[];
}
export type PageToRelay = PageRecordsMessage;

// ── relay → page hook (window.postMessage) ──────────────────────────────────────────────────

/** A panel is watching: replay everything after the cursor, then stream. */
export interface RelayAttachMessage extends Envelope<'relay:attach'> {
  readonly cursors: Cursors;
  readonly settings: HookSettings;
}
/** No panel is watching any more: stop posting (keep buffering). */
export type RelayDetachMessage = Envelope<'relay:detach'>;
export interface RelaySettingsMessage extends Envelope<'relay:settings'> {
  readonly settings: HookSettings;
}
export type RelayToPage =
  RelayAttachMessage | RelayDetachMessage | RelaySettingsMessage | RelayProbeMessage;

// ── relay → service worker (runtime port named "relay") ─────────────────────────────────────

export interface RelayRecordsMessage extends Envelope<'relay:records'> {
  readonly session: string;
  readonly records: readonly HookRecord[];
}
/**
 * Counters of what the relay refused from the page (forged, oversized, wrong version...): totals
 * since the relay started, so the latest replaces the previous one.
 */
export interface RelayStatsMessage extends Envelope<'relay:stats'> {
  readonly rejected: Readonly<Record<string, number>>;
}
export type RelayToBackground = RelayRecordsMessage | RelayStatsMessage | RelayProbeResultMessage;

// ── relay → service worker (runtime.sendMessage, once at startup and after a bfcache restore) ──
//
// Added without a PROTOCOL_VERSION bump (rule in version.ts): new kinds on new channels, no
// existing message changed shape, so no peer can misread anything it already knew. The relay and
// the worker ship in one package, and an extension update invalidates the old content scripts.

/**
 * "Is a panel watching my tab?" A relay starts dormant (an open port would wake a stopped worker
 * again and again) and asks once; the background answers with a `RelayHelloAnswer` for
 * `sender.tab.id` (set by the browser, never by the page).
 */
export type RelayHelloMessage = Envelope<'relay:hello'>;
/** The background's answer to `relay:hello` (a plain object: it is a response, not a message). */
export interface RelayHelloAnswer {
  /** A panel is attached to the sender's tab: connect the "relay" port now. */
  readonly watched: boolean;
}

// ── service worker → relay ──────────────────────────────────────────────────────────────────

export interface BackgroundAttachMessage extends Envelope<'bg:attach'> {
  readonly cursors: Cursors;
  readonly settings: HookSettings;
}
export type BackgroundDetachMessage = Envelope<'bg:detach'>;
export interface BackgroundSettingsMessage extends Envelope<'bg:settings'> {
  readonly settings: HookSettings;
}
export type BackgroundToRelay =
  | BackgroundAttachMessage
  | BackgroundDetachMessage
  | BackgroundSettingsMessage
  | BackgroundProbeMessage;

/**
 * Sent with `tabs.sendMessage` to every frame of a tab when a panel attaches to it (no port
 * exists yet: the relay is dormant). A dormant relay connects; a connected one ignores it.
 * Additive, like `relay:hello` (see above).
 */
export type BackgroundWakeMessage = Envelope<'bg:wake'>;

// ── the socket census: live streams per host across every tab (one-shot messages) ────────────
//
// Chrome gives one browser profile 6 HTTP/1.1 sockets per host, shared by all its tabs; an
// EventSource beyond them waits in CONNECTING with no error. While a panel is open the worker asks
// the relay of every frame of every tab (`bg:census-request`, tabs.sendMessage), each relay asks
// its hook (a CustomEvent each way, see CENSUS_REQUEST_EVENT in version.ts: the page's `message`
// listeners must not see the census) and reports on its own
// (`relay:census`, runtime.sendMessage: one answer per frame, where a tabs.sendMessage reply
// would keep only the first frame's). Additive like `relay:hello`: new kinds only, no bump.

/** Live connections of one origin (`scheme://host[:port]`) in one document. */
export interface CensusHost {
  readonly origin: string;
  /** EventSources and fetch streams not CLOSED. */
  readonly live: number;
}
/** A host as the relay reports it: plus the protocol the page's resource timing saw. */
export interface CensusHostReport extends CensusHost {
  /** `nextHopProtocol` of the document or another finished request to that origin; '' unknown. */
  readonly protocol: string;
}
export interface BackgroundCensusRequestMessage extends Envelope<'bg:census-request'> {
  /** Round number: a report of an older round is ignored. */
  readonly round: number;
}
export interface PageCensusMessage extends Envelope<'page:census'> {
  readonly round: number;
  readonly hosts: readonly CensusHost[];
}
export interface RelayCensusMessage extends Envelope<'relay:census'> {
  readonly round: number;
  readonly hosts: readonly CensusHostReport[];
}
/** One host of the profile-wide census, summed over tabs and frames. */
export interface CensusHostTotal {
  /** `scheme://host[:port]`: Chrome's socket groups are per scheme, host and port. */
  readonly origin: string;
  /** `host[:port]` of the origin, for display. */
  readonly host: string;
  readonly live: number;
  /** Tabs holding at least one live stream to the host. */
  readonly tabs: number;
  /** '' when no tab could tell; otherwise the protocol most reports gave. */
  readonly protocol: string;
}
/** The census for the panels of one tab (every host, busiest first, at most maxCensusHosts). */
export interface BackgroundCensusMessage extends Envelope<'bg:census'> {
  /** The origin of that tab's top document ('' when its relay did not report). */
  readonly pageOrigin: string;
  readonly hosts: readonly CensusHostTotal[];
  /** Reports refused since the worker started (bad shape or over the caps). */
  readonly invalid: number;
}
/** The panel wants a census now (on top of the periodic ones). */
export type PanelCensusRequestMessage = Envelope<'panel:census-request'>;

// ── the "Why CLOSED?" probe: the page re-requests a stream's URL (network capture off) ────────
//
// The hook redacts secrets from URLs before they leave the page, so only the page can request
// the real URL. The panel asks by the connection's (redacted) URL and its document; the hook maps
// it back to the real URL it redacted, fetches it, and answers with status, type and a capped,
// redacted body only: secrets never leave the page. Over the existing ports (panel → worker →
// the relay of that document → hook, and back); additive kinds, no version bump (version.ts).

/** What the probe found; every string capped, the body redacted by the hook. */
export type ProbeAnswer =
  | {
      readonly kind: 'response';
      readonly status: number;
      readonly statusText: string;
      readonly contentType: string;
      readonly redirected: boolean;
      /** Read only when the response refused the stream (not 2xx, or not text/event-stream). */
      readonly body: string;
      readonly bodyCut: boolean;
    }
  | { readonly kind: 'network-error'; readonly message: string }
  /** The hook does not know the real URL behind this redacted one (too old, or another page). */
  | { readonly kind: 'unknown-url' };

interface ProbeRequest {
  /** Chosen by the panel; the answer carries it back. */
  readonly probeId: string;
  /** The connection's URL as the panel holds it (redacted). */
  readonly url: string;
  readonly withCredentials: boolean;
}
export interface PanelProbeMessage extends Envelope<'panel:probe'>, ProbeRequest {
  /** The document that made the connection: only its relay is asked. */
  readonly documentId: string;
}
export interface BackgroundProbeMessage extends Envelope<'bg:probe'>, ProbeRequest {}
export interface RelayProbeMessage extends Envelope<'relay:probe'>, ProbeRequest {}
export interface PageProbeResultMessage extends Envelope<'page:probe-result'> {
  readonly probeId: string;
  readonly answer: ProbeAnswer;
}
export interface RelayProbeResultMessage extends Envelope<'relay:probe-result'> {
  readonly probeId: string;
  readonly answer: ProbeAnswer;
}
export interface BackgroundProbeResultMessage extends Envelope<'bg:probe-result'> {
  readonly probeId: string;
  readonly answer: ProbeAnswer;
}

// ── service worker → panel (runtime port named "panel:<tabId>") ─────────────────────────────

/** Where a batch came from: the background adds this from the port's sender, never the page. */
export interface FrameOrigin {
  readonly frameId: number;
  readonly documentId: string;
  readonly frameUrl: string;
}

export interface BackgroundRecordsMessage extends Envelope<'bg:records'>, FrameOrigin {
  readonly session: string;
  readonly records: readonly HookRecord[];
}
export interface BackgroundRelayStatsMessage extends Envelope<'bg:relay-stats'>, FrameOrigin {
  readonly rejected: Readonly<Record<string, number>>;
}
/** The inspected tab's top document is navigating (new sessions will follow). */
export interface BackgroundNavigatedMessage extends Envelope<'bg:navigated'> {
  readonly url: string;
}
/** Messages the background itself refused (bad shape, wrong version, over size or rate). */
export interface BackgroundRejectedMessage extends Envelope<'bg:rejected'> {
  /** `<hop>:<RejectReason>`, e.g. `relay:shape`, `relay:rate`, `panel:version`. */
  readonly reason: string;
  /** Refused since the previous `bg:rejected` of this reason: an increment, add them up. */
  readonly count: number;
}
export type BackgroundToPanel =
  | BackgroundRecordsMessage
  | BackgroundRelayStatsMessage
  | BackgroundNavigatedMessage
  | BackgroundRejectedMessage
  | BackgroundCensusMessage
  | BackgroundProbeResultMessage;

// ── panel → service worker ──────────────────────────────────────────────────────────────────

export interface PanelAttachMessage extends Envelope<'panel:attach'> {
  readonly cursors: Cursors;
  readonly settings: HookSettings;
}
export interface PanelSettingsMessage extends Envelope<'panel:settings'> {
  readonly settings: HookSettings;
}
export type PanelToBackground =
  PanelAttachMessage | PanelSettingsMessage | PanelCensusRequestMessage | PanelProbeMessage;

export type AnyMessage =
  | PageToRelay
  | RelayToPage
  | RelayToBackground
  | RelayHelloMessage
  | BackgroundToRelay
  | BackgroundWakeMessage
  | BackgroundCensusRequestMessage
  | PageCensusMessage
  | RelayCensusMessage
  | PageProbeResultMessage
  | BackgroundToPanel
  | PanelToBackground;

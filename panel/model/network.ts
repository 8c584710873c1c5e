/**
 * Network capture merged into the table: what `chrome.debugger` saw of a request (see
 * panel/network) joins the row of the hook's record of the same request, so one request is one
 * row that says which source saw what. A stream only the network saw (an EventSource in a worker,
 * a request made before the hook ran) gets a row of its own under the `network` session.
 *
 * Matching: same endpoint (the hook redacts query values, the network does not, so origin + path
 * is what both can compare), same kind, each side matched once; never a stream of a worker
 * (dedicated, shared or service), where the hook does not run, nor a row made before the capture
 * attached (its request may have gone unseen). A row of the request's own document is preferred.
 *
 * EventSource: a document sends its requests in the order it made them, each in a task of its
 * own after the constructor returned (on a busy page tens of milliseconds later, past the next
 * construction). So streams are taken in request order and each joins the earliest row made
 * before it (at most MATCH_WINDOW_MS before) that had not been closed by then: a closed
 * EventSource sends nothing, and one closed in the task that made it never sent anything.
 * Nearness of stamps decides nothing: the hook's are whole milliseconds from the constructor's
 * return, the network's fractions at the request, and a late request is nearer the next
 * construction than its own.
 * fetch: the hook makes the row when the response headers arrive; the nearest row wins.
 * EventSource reconnects: each is a new request to the same URL, joined to the row whose request
 * ended first before it (when no new row can have made it); the row shows its latest request and
 * keeps the earlier ones (bounded) for the detail pane and the HAR.
 * A request once joined stays with its row.
 */
import { endpointOf } from '../endpoint';
import type { NetworkCapture, NetworkStream } from '../network/cdp-reducer';
import { placeholder } from './apply-record';
import type { CaptureData, ClosedBy, Connection } from './types';

/** Earlier requests a row keeps (its reconnects); older ones are counted, not kept. */
export const MAX_EARLIER_REQUESTS = 20;

/** The session of rows only the network saw. */
export const NETWORK_SESSION = 'network';
/** How far apart the hook's construction and the network's request may be. */
export const MATCH_WINDOW_MS = 3_000;
/**
 * How far a construction's stamp may lie after its request's: the hook floors to whole
 * milliseconds, the network's wall clock is another process's reading of the same clock.
 */
export const CLOCK_SLACK_MS = 2;

/** Which stream each hook row holds, and the reverse (kept by the model across merges). */
export interface NetworkLinks {
  readonly byStream: Map<string, string>;
  readonly byRow: Map<string, string>;
  /**
   * Network-only streams as they were at the last Clear: still open, the counts they had then
   * (their row counts from there, like a hook row that Clear kept); ended, null (gone for good:
   * the capture still holds them, and would otherwise bring them back at its next update).
   */
  readonly cleared: Map<string, NetworkBaseline | null>;
}

export interface NetworkBaseline {
  /** Epoch ms of the Clear. */
  readonly at: number;
  readonly events: number;
  readonly byType: Readonly<Record<string, number>>;
}

export const createNetworkLinks = (): NetworkLinks => ({
  byStream: new Map(),
  byRow: new Map(),
  cleared: new Map(),
});

const networkKey = (streamKey: string): string => `${NETWORK_SESSION}#${streamKey}`;

const kindOfRow = (c: Connection): string =>
  (c as { readonly kind?: string }).kind ?? 'eventsource';

/** The hook runs in documents only: a stream a worker made can never be one of its rows. */
const madeByWorker = (s: NetworkStream): boolean =>
  s.target !== null && s.target.type.endsWith('worker');

/** Whether the hook row was made in the document the request was made for (unknown: yes). */
function sameDocument(c: Connection, s: NetworkStream): boolean {
  return s.documentUrl === '' || endpointOf(c.frameUrl) === endpointOf(s.documentUrl);
}

/** Whether the source was not closed before request `s` (its close stamp is floored to the ms). */
const openAt = (c: Connection, s: NetworkStream): boolean =>
  c.closedAt === null || c.closedAt + 1 > s.startedAt;

/** Whether `c` may have made the request `s` (before the order between candidates is weighed). */
function mayHaveSent(c: Connection, s: NetworkStream, since: number): boolean {
  if (c.unsent || c.createdAt < since) return false;
  if (kindOfRow(c) !== 'eventsource')
    // The hook makes a fetch row when the response headers arrive, after the request.
    return Math.abs(c.createdAt - s.startedAt) <= MATCH_WINDOW_MS;
  return (
    c.createdAt <= s.startedAt + CLOCK_SLACK_MS &&
    s.startedAt - c.createdAt <= MATCH_WINDOW_MS &&
    // A closed EventSource sends nothing.
    openAt(c, s)
  );
}

function findHookRow(
  data: CaptureData,
  links: NetworkLinks,
  s: NetworkStream,
  since: number,
): Connection | undefined {
  if (madeByWorker(s)) return undefined;
  const endpoint = endpointOf(s.url);
  const ordered = s.kind === 'eventsource';
  let mine: Connection | undefined;
  let other: Connection | undefined;
  // EventSource: the earliest (rows arrive in construction order, so of equal stamps the first).
  // Fetch: the nearest.
  const better = (c: Connection, best: Connection | undefined): boolean =>
    !best || (ordered ? c.createdAt < best.createdAt : gap(c, s) < gap(best, s));
  for (const c of data.connections.values()) {
    if (c.session === NETWORK_SESSION || links.byRow.has(c.key)) continue;
    if (c.endpoint !== endpoint || kindOfRow(c) !== s.kind || !mayHaveSent(c, s, since)) continue;
    if (sameDocument(c, s)) {
      if (better(c, mine)) mine = c;
    } else if (better(c, other)) other = c;
  }
  return mine ?? other;
}

const gap = (c: Connection, s: NetworkStream): number => Math.abs(c.createdAt - s.startedAt);

/**
 * An EventSource reconnects with a new request to the same URL once its request ended and the
 * retry delay passed. A request no new row can have made joins the row of its document whose
 * request ended first before it, if that source was not closed by then: the row then shows its
 * latest request (status, headers, events of this connection attempt).
 */
function findReconnecting(
  data: CaptureData,
  capture: NetworkCapture,
  links: NetworkLinks,
  s: NetworkStream,
): Connection | undefined {
  if (s.kind !== 'eventsource' || madeByWorker(s)) return undefined;
  const endpoint = endpointOf(s.url);
  let own: Connection | undefined;
  let ownEnded = Infinity;
  let other: Connection | undefined;
  let otherEnded = Infinity;
  for (const [rowKey, streamKey] of links.byRow) {
    const c = data.connections.get(rowKey);
    const last = capture.streams.get(streamKey);
    if (!c || !last || last.endedAt === null || last.endedAt > s.startedAt + CLOCK_SLACK_MS)
      continue;
    if (c.endpoint !== endpoint || kindOfRow(c) !== 'eventsource' || !openAt(c, s)) continue;
    if (sameDocument(c, s)) {
      if (last.endedAt < ownEnded) [own, ownEnded] = [c, last.endedAt];
    } else if (last.endedAt < otherEnded) [other, otherEnded] = [c, last.endedAt];
  }
  return own ?? other;
}

/** Unmatched streams in request order, matched ones after (their order does not matter). */
function inRequestOrder(capture: NetworkCapture, links: NetworkLinks): NetworkStream[] {
  const streams = [...capture.streams.values()];
  const unmatched = streams.filter((s) => !links.byStream.has(s.key));
  if (unmatched.length < 2) return streams;
  unmatched.sort((a, b) => a.startedAt - b.startedAt);
  return [...streams.filter((s) => links.byStream.has(s.key)), ...unmatched];
}

function countsSince(s: NetworkStream, base: NetworkBaseline | undefined) {
  if (!base) return { messages: s.events, byType: s.byType, recent: s.recent, from: s.startedAt };
  const byType: Record<string, number> = {};
  for (const [type, n] of Object.entries(s.byType)) {
    const since = n - (base.byType[type] ?? 0);
    if (since > 0) byType[type] = since;
  }
  return {
    messages: Math.max(0, s.events - base.events),
    byType,
    recent: s.recent.filter((e) => e.t >= base.at),
    from: Math.max(s.startedAt, base.at),
  };
}

function networkRow(s: NetworkStream, displayId: number, baseline?: NetworkBaseline): Connection {
  const key = networkKey(s.key);
  const base = placeholder(key, displayId, NETWORK_SESSION, displayId, s.startedAt, {
    frameId: -1,
    documentId: NETWORK_SESSION,
    frameUrl: s.target?.url ?? '',
  });
  const closedBy: ClosedBy | null = s.endedAt === null ? null : 'browser';
  const since = countsSince(s, baseline);
  const readyState = s.endedAt !== null ? 2 : s.status !== null ? 1 : 0;
  return {
    ...base,
    kind: s.kind,
    url: s.url,
    endpoint: endpointOf(s.url),
    placeholder: false,
    method: s.method,
    status: s.status,
    openedAt: s.status !== null ? s.startedAt : null,
    readyState,
    closedBy,
    closedAt: s.endedAt,
    timeline: [{ t: since.from, readyState, cause: s.endedAt === null ? 'conn' : 'close' }],
    messages: since.messages,
    bytes: since.recent.reduce((n, e) => n + e.size, 0),
    bytesUnmeasured: 0,
    byType: since.byType,
    lastEventId: s.recent.at(-1)?.id ?? '',
    firstMessageAt: since.recent[0]?.t ?? null,
    lastMessageAt: since.recent.at(-1)?.t ?? null,
    recent: since.recent,
    samplesSkipped: s.skipped,
    retry: s.retry,
    network: s,
  };
}

/** `c` showing `s` as its latest request; the request it showed before becomes an earlier one. */
function withLatest(c: Connection, s: NetworkStream): Connection {
  const prev = c.network;
  if (prev === s) return c;
  if (!prev || prev.key === s.key) return { ...c, network: s };
  const earlier = [...(c.networkEarlier ?? []), prev];
  const over = Math.max(0, earlier.length - MAX_EARLIER_REQUESTS);
  return {
    ...c,
    network: s,
    networkEarlier: earlier.slice(over),
    networkEarlierDropped: (c.networkEarlierDropped ?? 0) + over,
  };
}

/** `c` with its earlier request `s` brought up to date (a late event or end of it). */
function withEarlier(c: Connection, s: NetworkStream): Connection {
  const earlier = c.networkEarlier ?? [];
  const i = earlier.findIndex((e) => e.key === s.key);
  if (i < 0 || earlier[i] === s) return c;
  return { ...c, networkEarlier: earlier.map((e, j) => (j === i ? s : e)) };
}

/** Every request of a row, oldest first (the latest is `network`), and how many were dropped. */
export function requestsOf(c: Connection): {
  readonly requests: readonly NetworkStream[];
  readonly dropped: number;
} {
  if (!c.network) return { requests: [], dropped: 0 };
  return {
    requests: [...(c.networkEarlier ?? []), c.network],
    dropped: c.networkEarlierDropped ?? 0,
  };
}

/**
 * Folds the capture's streams into the table. Returns true when a row changed. `displayId` gives
 * new rows their panel-wide number.
 */
export function mergeNetwork(
  data: CaptureData,
  capture: NetworkCapture,
  links: NetworkLinks,
  displayId: (key: string) => number,
): boolean {
  let changed = false;
  for (const s of inRequestOrder(capture, links)) {
    let rowKey = links.byStream.get(s.key);
    if (rowKey === undefined) {
      const hook =
        findHookRow(data, links, s, capture.since) ?? findReconnecting(data, capture, links, s);
      if (hook) {
        rowKey = hook.key;
        links.byStream.set(s.key, rowKey);
        links.byRow.set(rowKey, s.key);
        // The network-only row shown until the hook's record arrived gives way to it.
        if (data.connections.delete(networkKey(s.key))) changed = true;
      }
    }
    if (rowKey !== undefined) {
      const c = data.connections.get(rowKey);
      const next = c && (links.byRow.get(rowKey) === s.key ? withLatest(c, s) : withEarlier(c, s));
      if (c && next !== c) {
        data.connections.set(rowKey, next as Connection);
        changed = true;
      }
      continue;
    }
    const base = links.cleared.get(s.key);
    if (base === null) continue;
    const key = networkKey(s.key);
    const c = data.connections.get(key);
    if (c?.network === s) continue;
    data.connections.set(key, networkRow(s, c?.displayId ?? displayId(key), base));
    changed = true;
  }
  return changed;
}

/**
 * Clear, for the streams only the network saw: as in Chrome's Network panel, a stream still open
 * keeps its row (its counts start again from now), an ended one goes and stays gone. Call before
 * the model drops its ended rows.
 */
export function clearNetworkOnly(
  capture: NetworkCapture | null,
  links: NetworkLinks,
  at: number,
): void {
  const before = new Map(links.cleared);
  links.cleared.clear();
  if (!capture) return;
  for (const s of capture.streams.values()) {
    if (links.byStream.has(s.key)) continue;
    if (s.endedAt !== null || before.get(s.key) === null) links.cleared.set(s.key, null);
    else links.cleared.set(s.key, { at, events: s.events, byType: { ...s.byType } });
  }
}

/** Which sources saw a row: the page hook, the network, or both. */
export function sourcesOf(c: Connection): 'hook' | 'network' | 'both' {
  if (c.session === NETWORK_SESSION) return 'network';
  return c.network ? 'both' : 'hook';
}

/**
 * Event types the network delivered that the page never listened to (an `onmessage`-only page
 * while the server sends `event: update`): the browser drops them, so only the network shows
 * them. Empty for rows the hook did not see (their listeners are unknown).
 */
export function unlistenedTypes(c: Connection): Array<{ type: string; count: number }> {
  // A fetch or XHR stream has no listeners: the page reads every event it is sent.
  if (!c.network || c.session === NETWORK_SESSION || kindOfRow(c) !== 'eventsource') return [];
  const listened = new Set(c.listeners);
  const out: Array<{ type: string; count: number }> = [];
  for (const [type, count] of Object.entries(c.network.byType))
    if (!listened.has(type)) out.push({ type, count });
  return out;
}

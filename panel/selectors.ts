/**
 * Pure derived data. Every selector takes the immutable `View` handle (a new object per change)
 * plus plain arguments, and is memoised on argument identity so a render that changes nothing
 * costs nothing, and one batch costs one pass over the connections.
 */
import { DEFAULT_HOOK_SETTINGS } from '../src/protocol/records';
import { isLive, type Connection, type DebugSnapshot } from './model';
import type { Filter, Sort, SortKey, View } from './store';
import { frameLabel, type StackFrame } from './stack';
import { parseQuery, queryMatches, type Query } from './search/query';
import { searchMessages, type MessageSearch } from './search/messages';

/** Remembers the last call: recomputes only when an argument changed identity. */
export function memoizeLast<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
  let lastArgs: A | null = null;
  let lastResult: R;
  return (...args: A): R => {
    if (lastArgs && lastArgs.length === args.length && lastArgs.every((a, i) => a === args[i])) {
      return lastResult;
    }
    lastResult = fn(...args);
    lastArgs = args;
    return lastResult;
  };
}

export type DisplayState = 'connecting' | 'open' | 'reconnecting' | 'closed';

export function displayState(c: Connection): DisplayState {
  if (!isLive(c)) return 'closed';
  if (c.readyState === 1) return 'open';
  return c.transientErrors > 0 ? 'reconnecting' : 'connecting';
}

export interface EndpointStat {
  readonly endpoint: string;
  readonly live: number;
  readonly total: number;
}

export interface DebugGlobalSummary {
  readonly name: string;
  readonly ok: boolean;
  readonly error: string | null;
  readonly t: number;
  readonly connects: unknown;
  readonly subscribers: unknown;
  readonly hasES: unknown;
  readonly readyState: unknown;
  readonly timers: unknown;
  readonly lastErrorAt: unknown;
}

export interface Summary {
  readonly live: number;
  readonly total: number;
  readonly endpoints: readonly EndpointStat[];
  /** Endpoints with more live connections than expected. */
  readonly duplicated: readonly EndpointStat[];
  readonly pendingTimers: number;
  readonly timerTotals: {
    readonly created: number;
    readonly fired: number;
    readonly cleared: number;
  };
  readonly debug: DebugGlobalSummary | null;
  /** Every polled debug global, the ticket's `__zarizSSEDebug` first. */
  readonly debugGlobals: readonly DebugSnapshot[];
}

/** The debug function the summary bar prefers: the first of the hook's default debug globals. */
export const DEBUG_GLOBAL = DEFAULT_HOOK_SETTINGS.debugGlobals[0]!;

const endpointStats = memoizeLast((view: View): EndpointStat[] => {
  const byEndpoint = new Map<string, { live: number; total: number }>();
  for (const c of view.data.connections.values()) {
    const stat = byEndpoint.get(c.endpoint) ?? { live: 0, total: 0 };
    stat.total += 1;
    if (isLive(c)) stat.live += 1;
    byEndpoint.set(c.endpoint, stat);
  }
  return [...byEndpoint]
    .map(([endpoint, s]) => ({ endpoint, ...s }))
    .sort((a, b) => b.live - a.live || b.total - a.total || a.endpoint.localeCompare(b.endpoint));
});

export const selectEndpoints = endpointStats;

function debugSummary(view: View): DebugGlobalSummary | null {
  const snap = view.data.debug.get(DEBUG_GLOBAL);
  if (!snap) return null;
  const v =
    typeof snap.value === 'object' && snap.value !== null
      ? (snap.value as Record<string, unknown>)
      : {};
  return {
    name: snap.name,
    ok: snap.ok,
    error: snap.error,
    t: snap.t,
    connects: v.connects,
    subscribers: v.subscribers,
    hasES: v.hasES,
    readyState: v.readyState,
    timers: v.timers,
    lastErrorAt: v.lastErrorAt,
  };
}

export const selectSummary = memoizeLast((view: View, expectedPerEndpoint: number): Summary => {
  const endpoints = endpointStats(view);
  let live = 0;
  let total = 0;
  for (const e of endpoints) {
    live += e.live;
    total += e.total;
  }
  return {
    live,
    total,
    endpoints,
    // A placeholder (construction lost) has no endpoint: it cannot be called a duplicate of one.
    duplicated: endpoints.filter((e) => e.endpoint !== '' && e.live > expectedPerEndpoint),
    pendingTimers: view.data.pendingTimers.size,
    timerTotals: { ...view.data.timerTotals },
    debug: debugSummary(view),
    debugGlobals: [...view.data.debug.values()].sort(
      (a, b) =>
        Number(b.name === DEBUG_GLOBAL) - Number(a.name === DEBUG_GLOBAL) ||
        a.name.localeCompare(b.name),
    ),
  };
});

/** Connections constructed in the minute before `now` (page clock). */
export function selectConnectsPerMinute(view: View, now: number): number {
  const times = view.data.connectTimes;
  const since = now - 60_000;
  // Times arrive in order per session; a binary search on the (nearly) sorted tail is enough.
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((times[mid] ?? 0) < since) lo = mid + 1;
    else hi = mid;
  }
  return times.length - lo;
}

/** A short human label: the client's marker/label from `annotate`, else ''. */
export function labelOf(c: Connection): string {
  if (c.client && c.marker) return `${c.client} · ${c.marker}`;
  return c.client || c.marker;
}

export function errorsOf(c: Connection): number {
  return c.transientErrors + c.terminalErrors;
}

const STATE_ORDER: Record<DisplayState, number> = {
  open: 0,
  connecting: 1,
  reconnecting: 2,
  closed: 3,
};

/** Ascending by a value that may be missing; missing values last. */
function byNullable(
  value: (c: Connection) => number | null,
): (a: Connection, b: Connection) => number {
  return (a, b) => {
    const x = value(a);
    const y = value(b);
    if (x === null || y === null) return Number(x === null) - Number(y === null);
    return x - y;
  };
}

function compareBy(key: SortKey): (a: Connection, b: Connection) => number {
  switch (key) {
    case 'id':
      return (a, b) => a.createdAt - b.createdAt || a.displayId - b.displayId;
    case 'endpoint':
      return (a, b) => a.endpoint.localeCompare(b.endpoint);
    case 'state':
      return (a, b) => STATE_ORDER[displayState(a)] - STATE_ORDER[displayState(b)];
    case 'age':
      // Older first when ascending by age means larger age: sort by creation time descending.
      return (a, b) => b.createdAt - a.createdAt;
    case 'messages':
      return (a, b) => a.messages - b.messages;
    case 'errors':
      return (a, b) => a.terminalErrors - b.terminalErrors || a.transientErrors - b.transientErrors;
    case 'label':
      return (a, b) => labelOf(a).localeCompare(labelOf(b));
    case 'initiator':
      return (a, b) => (a.callSite?.key ?? '').localeCompare(b.callSite?.key ?? '');
    case 'parent':
      return (a, b) => (a.parentId ?? -1) - (b.parentId ?? -1);
    case 'closedBy':
      return (a, b) => (a.closedBy ?? '').localeCompare(b.closedBy ?? '');
    case 'kind':
      return (a, b) => (a.kind ?? 'eventsource').localeCompare(b.kind ?? 'eventsource');
    case 'start':
      return (a, b) => a.createdAt - b.createdAt;
    case 'toOpen':
      return byNullable(timeToOpen);
    case 'toFirst':
      return byNullable(timeToFirstMessage);
    case 'lastMessage':
      return byNullable((c) => c.lastMessageAt);
    case 'rate':
      // Sorting must not depend on the ticking clock: the rate up to the last message.
      return byNullable((c) => eventsPerSecond(c, c.lastMessageAt ?? c.createdAt));
  }
}

function matchesText(c: Connection, query: Query): boolean {
  if (query.kind === 'empty') return true;
  // The displayed id ("3" or "#3"), not the hook's: that one repeats across frames and documents.
  if (
    query.kind === 'text' &&
    (query.needle === String(c.displayId) || query.needle === `#${c.displayId}`)
  )
    return true;
  return (
    queryMatches(query, c.url) ||
    (query.kind === 'regex' && queryMatches(query, `#${c.displayId}`)) ||
    queryMatches(query, c.marker) ||
    queryMatches(query, c.client) ||
    (c.callSite !== null && queryMatches(query, c.callSite.key)) ||
    (c.callSite !== null && queryMatches(query, c.callSite.frame.fn))
  );
}

/** The filter's text as a query, parsed once per text. */
export const selectFilterQuery = memoizeLast((text: string): Query => parseQuery(text));

/** Whether the filter lets the connection's row through. */
export function matchesFilter(
  c: Connection,
  filter: Filter,
  query: Query = selectFilterQuery(filter.text),
): boolean {
  if (filter.liveOnly && !isLive(c)) return false;
  if (filter.state !== 'all' && displayState(c) !== filter.state) return false;
  if (filter.endpoint !== null && c.endpoint !== filter.endpoint) return false;
  // Exact: app.js:1:5 must not match app.js:1:50 as a substring would.
  if (filter.callSite != null && c.callSite?.key !== filter.callSite) return false;
  // Reports exported before fetch streams carry no kind: their connections are EventSources.
  if (filter.kind != null && (c.kind ?? 'eventsource') !== filter.kind) return false;
  return matchesText(c, query);
}

export const selectRows = memoizeLast((view: View, filter: Filter, sort: Sort): Connection[] => {
  const rows: Connection[] = [];
  const query = selectFilterQuery(filter.text);
  for (const c of view.data.connections.values()) if (matchesFilter(c, filter, query)) rows.push(c);
  const cmp = compareBy(sort.key);
  const tie = compareBy('id');
  const dir = sort.dir === 'asc' ? 1 : -1;
  rows.sort((a, b) => dir * (cmp(a, b) || tie(a, b)));
  return rows;
});

export interface CallSiteGroup {
  /** url:line:col, or '' for connections with no application frame. */
  readonly key: string;
  readonly frame: StackFrame | null;
  readonly label: string;
  readonly live: number;
  readonly total: number;
  readonly endpoints: readonly string[];
  readonly keys: readonly string[];
}

export const selectCallSites = memoizeLast((view: View): CallSiteGroup[] => {
  const groups = new Map<
    string,
    {
      frame: StackFrame | null;
      live: number;
      total: number;
      endpoints: Set<string>;
      keys: string[];
    }
  >();
  for (const c of view.data.connections.values()) {
    const key = c.callSite?.key ?? '';
    let g = groups.get(key);
    if (!g) {
      g = { frame: c.callSite?.frame ?? null, live: 0, total: 0, endpoints: new Set(), keys: [] };
      groups.set(key, g);
    }
    g.total += 1;
    if (isLive(c)) g.live += 1;
    g.endpoints.add(c.endpoint);
    g.keys.push(c.key);
  }
  return [...groups]
    .map(([key, g]) => ({
      key,
      frame: g.frame,
      label: g.frame ? frameLabel(g.frame) : '',
      live: g.live,
      total: g.total,
      endpoints: [...g.endpoints],
      keys: g.keys,
    }))
    .sort((a, b) => b.live - a.live || b.total - a.total || a.key.localeCompare(b.key));
});

const childrenIndex = memoizeLast((view: View): Map<string, string[]> => {
  const index = new Map<string, string[]>();
  for (const c of view.data.connections.values()) {
    if (!c.parentKey) continue;
    const list = index.get(c.parentKey);
    if (list) list.push(c.key);
    else index.set(c.parentKey, [c.key]);
  }
  return index;
});

export interface LineageNode {
  readonly key: string;
  readonly connection: Connection | null;
  readonly children: readonly LineageNode[];
}

/** Maximum nodes in one lineage tree (a reconnect storm can chain thousands). */
export const LINEAGE_MAX_NODES = 200;

/** The reconnect tree that contains `key`: from its oldest known ancestor down. */
export function selectLineage(
  view: View,
  key: string,
): { root: LineageNode; truncated: boolean } | null {
  const conns = view.data.connections;
  if (!conns.has(key)) return null;
  let rootKey = key;
  const seen = new Set<string>([key]);
  for (;;) {
    const parent = conns.get(rootKey)?.parentKey;
    if (!parent || seen.has(parent)) break;
    seen.add(parent);
    rootKey = parent;
    if (!conns.has(parent)) break; // ancestor cleared or never seen: still show it as a node
  }
  const index = childrenIndex(view);
  let budget = LINEAGE_MAX_NODES;
  let truncated = false;
  const visited = new Set<string>();
  const build = (k: string): LineageNode => {
    visited.add(k);
    budget -= 1;
    const children: LineageNode[] = [];
    for (const child of index.get(k) ?? []) {
      if (visited.has(child)) continue;
      if (budget <= 0) {
        truncated = true;
        break;
      }
      children.push(build(child));
    }
    return { key: k, connection: conns.get(k) ?? null, children };
  };
  return { root: build(rootKey), truncated };
}

/** Why did the browser close it? Only what can be observed from the page. */
export type ClosedReason = 'refused' | 'gaveUp' | 'closedByPage' | 'unload' | null;

export function closedReason(c: Connection): ClosedReason {
  if (c.closedBy === 'page') return 'closedByPage';
  if (c.closedBy === 'unload') return 'unload';
  if (c.closedBy === 'browser') return c.openedAt === null ? 'refused' : 'gaveUp';
  return null;
}

/** The message search's text as a query (its own memo: the filter's text alternates with it). */
export const selectSearchQuery = memoizeLast((text: string): Query => parseQuery(text));

/** The message search over every connection's kept samples (recomputed per batch and query). */
export const selectMessageSearch = memoizeLast((view: View, text: string): MessageSearch =>
  searchMessages(view.data.connections.values(), selectSearchQuery(text)),
);

/** Page-clock milliseconds from construction to the first `open`, or null. */
export function timeToOpen(c: Connection): number | null {
  return c.openedAt === null ? null : c.openedAt - c.createdAt;
}

/** Page-clock milliseconds from construction to the first message, or null. */
export function timeToFirstMessage(c: Connection): number | null {
  return c.firstMessageAt === null ? null : c.firstMessageAt - c.createdAt;
}

/**
 * Messages per second while it was open: from the first open to the close (or `now` while live).
 * Null before it opened or with no message.
 */
export function eventsPerSecond(c: Connection, now: number): number | null {
  if (c.openedAt === null || c.messages === 0) return null;
  const end = c.closedAt ?? now;
  const seconds = Math.max(end - c.openedAt, 1) / 1000;
  return c.messages / seconds;
}

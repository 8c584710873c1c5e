/**
 * The socket budget of the inspected page's host, from the worker's census (`bg:census`, see
 * src/background/census.ts): live SSE connections to that host across every tab of the profile.
 *
 * Chrome opens at most 6 HTTP/1.1 connections per host for the whole profile; an EventSource
 * beyond them waits in CONNECTING without an error. Over HTTP/2 or HTTP/3 the streams share one
 * connection, so the budget does not apply.
 */
import type { BackgroundCensusMessage, CensusHostTotal } from '../src/protocol';
import type { Connection } from './model';

/** Chrome's per-host limit of HTTP/1.1 connections (shared by every tab of a profile). */
export const HTTP1_SOCKETS_PER_HOST = 6;

export interface HostBudget {
  /** `host[:port]` of the inspected page. */
  readonly host: string;
  /** Live SSE connections (EventSource and fetch streams) to it, every tab included. */
  readonly live: number;
  /** Tabs holding at least one of them. */
  readonly tabs: number;
  /** `http/1.1`, `h2`, `h3`...; '' when unknown. */
  readonly protocol: string;
}

/** HTTP/1.x shares the 6 sockets; h2 and h3 multiplex every stream on one connection. */
export const isMultiplexed = (protocol: string): boolean =>
  protocol === 'h2' || protocol === 'h3' || protocol.startsWith('h3-');

/** `http/1.1` or `http/1.0`: the connections that count against the 6-per-host budget. */
export const isHttp1 = (protocol: string): boolean => protocol.startsWith('http/1');

/** Every HTTP/1.1 socket of the host is taken (unknown protocol: not claimed, the tooltip says). */
export const isBudgetExhausted = (budget: HostBudget): boolean =>
  isHttp1(budget.protocol) && budget.live >= HTTP1_SOCKETS_PER_HOST;

const hostOf = (origin: string): string => {
  const at = origin.indexOf('://');
  return at < 0 ? origin : origin.slice(at + 3);
};

/** The inspected page's entry; null when the census could not name the page's origin. */
export function hostBudgetOf(message: BackgroundCensusMessage): HostBudget | null {
  if (message.pageOrigin === '') return null;
  const entry = message.hosts.find((h) => h.origin === message.pageOrigin);
  if (!entry) return { host: hostOf(message.pageOrigin), live: 0, tabs: 0, protocol: '' };
  return { host: entry.host, live: entry.live, tabs: entry.tabs, protocol: entry.protocol };
}

const originOf = (url: string): string => {
  try {
    return new URL(url).origin;
  } catch {
    // A placeholder row (no URL yet): no origin, no protocol.
    return '';
  }
};

/**
 * Sets `protocol` on the rows whose origin the census knows a protocol for (rows are replaced,
 * like every model update, never mutated). Returns whether any row changed.
 */
export function applyHostProtocols(
  connections: Map<string, Connection>,
  hosts: readonly CensusHostTotal[],
): boolean {
  const byOrigin = new Map<string, string>();
  for (const host of hosts) if (host.protocol !== '') byOrigin.set(host.origin, host.protocol);
  if (byOrigin.size === 0) return false;
  let changed = false;
  for (const [key, conn] of connections) {
    const protocol = byOrigin.get(originOf(conn.url));
    if (protocol === undefined || conn.protocol === protocol) continue;
    connections.set(key, { ...conn, protocol });
    changed = true;
  }
  return changed;
}

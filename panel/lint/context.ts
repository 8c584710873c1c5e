/**
 * The lint context of one model version: per endpoint its busiest minute of connects, per host
 * its live connections and known protocol (that part only when a row in CONNECTING asks). Built
 * in one pass over the rows, so the rules that look beyond one connection stay O(1) per row.
 */
import { isLive, type Connection } from '../model';
import type { HostCensus, LintContext } from './types';

const MINUTE_MS = 60_000;
/** scheme, then the authority's host[:port] (userinfo skipped). */
const AUTHORITY = /^([a-z][a-z\d+.-]*):\/\/(?:[^/?#@]*@)?([^/?#]*)/i;
const DEFAULT_PORT: Readonly<Record<string, string>> = { http: ':80', https: ':443' };

/**
 * `host:port` of a URL as `URL.host` gives it (default port dropped), '' when it is not an
 * absolute URL. Read from the text: it runs over every row when one is CONNECTING.
 */
export function hostOf(url: string): string {
  const m = AUTHORITY.exec(url);
  if (!m) return '';
  const host = (m[2] ?? '').toLowerCase();
  const port = DEFAULT_PORT[(m[1] ?? '').toLowerCase()];
  return port !== undefined && host.endsWith(port) ? host.slice(0, -port.length) : host;
}

/** What the connection itself says of its protocol: network capture, else the page's timing. */
function ownProtocol(c: Connection): string | null {
  const captured = c.network?.protocol;
  if (captured) return captured.toLowerCase();
  // Filled from the page's resource timing (`nextHopProtocol`) where the hook knows it.
  const fromPage = (c as { readonly protocol?: unknown }).protocol;
  return typeof fromPage === 'string' && fromPage !== '' ? fromPage.toLowerCase() : null;
}

/** The busiest 60 s window of ascending times: how many, and when it started. */
export function busiestMinute(times: readonly number[]): { connects: number; from: number } {
  let best = { connects: 0, from: 0 };
  let lo = 0;
  for (let hi = 0; hi < times.length; hi += 1) {
    const t = times[hi] ?? 0;
    while ((times[lo] ?? t) <= t - MINUTE_MS) lo += 1;
    if (hi - lo + 1 > best.connects) best = { connects: hi - lo + 1, from: times[lo] ?? t };
  }
  return best;
}

export function createLintContext(
  connections: Iterable<Connection>,
  options: { readonly stormPerMinute: number; readonly census?: HostCensus | null },
): LintContext {
  const rows = Array.from(connections);
  // Rows of one endpoint share its host: parse each endpoint once (its origin is the URL's).
  const endpointHosts = new Map<string, string>();
  const hostOfRow = (c: Connection): string => {
    let host = endpointHosts.get(c.endpoint);
    if (host === undefined) endpointHosts.set(c.endpoint, (host = hostOf(c.url)));
    return host;
  };
  const connects = new Map<string, number[]>();
  const newest = new Map<string, Connection>();
  for (const c of rows) {
    if (c.placeholder) continue;
    // Every request counts: the construction and each reconnect the browser made.
    let times = connects.get(c.endpoint);
    if (!times) connects.set(c.endpoint, (times = []));
    times.push(c.createdAt);
    for (const r of c.reconnects) times.push(r.t);
    const prev = newest.get(c.endpoint);
    if (!prev || c.createdAt >= prev.createdAt) newest.set(c.endpoint, c);
  }
  // Per host only when a row in CONNECTING asks (none does in a healthy table).
  let hostIndex: { live: Map<string, number>; protocols: Map<string, string> } | null = null;
  const byHost = () => {
    if (hostIndex) return hostIndex;
    const live = new Map<string, number>();
    const protocols = new Map<string, string>();
    for (const c of rows) {
      if (c.placeholder) continue;
      const host = hostOfRow(c);
      if (host === '') continue;
      if (isLive(c)) live.set(host, (live.get(host) ?? 0) + 1);
      const p = ownProtocol(c);
      if (p !== null && !protocols.has(host)) protocols.set(host, p);
    }
    return (hostIndex = { live, protocols });
  };
  const storms = new Map<string, { connects: number; from: number }>();
  const census = options.census ?? null;
  return {
    stormPerMinute: options.stormPerMinute,
    stormOf(c) {
      if (newest.get(c.endpoint) !== c) return null;
      let storm = storms.get(c.endpoint);
      if (!storm) {
        storm = busiestMinute((connects.get(c.endpoint) ?? []).sort((a, b) => a - b));
        storms.set(c.endpoint, storm);
      }
      return storm;
    },
    liveOnHost(c) {
      const host = hostOfRow(c);
      const local = byHost().live.get(host) ?? 0;
      if (census && census.host === host && census.live > local)
        return { live: census.live, tabs: census.tabs };
      return { live: local, tabs: census && census.host === host ? census.tabs : 1 };
    },
    protocolOf(c) {
      const host = hostOfRow(c);
      const fromCensus = census?.host === host && census.protocol ? census.protocol : null;
      const p = ownProtocol(c) ?? byHost().protocols.get(host) ?? fromCensus;
      if (p !== null) return p.toLowerCase();
      // Chrome speaks HTTP/2 only over TLS (no h2c): a plain http: URL is HTTP/1.1.
      return c.url.startsWith('http:') ? 'http/1.1' : null;
    },
  };
}

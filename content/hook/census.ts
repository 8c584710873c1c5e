/**
 * The hook's answer to the socket census (`relay:census-request`, see src/protocol/messages.ts):
 * how many of this document's EventSources and fetch streams are not CLOSED, per origin.
 *
 * Chrome's 6 HTTP/1.1 sockets per host are shared by every tab of the profile, so the worker
 * sums these answers over all tabs. Nothing here runs on the page's hot paths: the count is
 * taken only when asked (every ~2 s while some panel is open), from the same snapshots
 * `__SSE_DEVTOOLS_HOOK__.connections()` builds. Index loops and string indexing only (see the
 * rules in content/hook.ts): page code may have replaced `String.prototype.slice` or `indexOf`.
 */
import { LIMITS } from '../../src/protocol/limits';
import type { CensusHost, PageCensusMessage } from '../../src/protocol/messages';
import { PROTOCOL_VERSION, SOURCE } from '../../src/protocol/version';
import { dict } from './natives';

/** What the census reads of a connection (a `ConnectionSnapshot` has both). */
export interface CensusSource {
  readonly url: string;
  readonly readyState: number;
}

/**
 * `scheme://host[:port]` of an absolute URL, or '' (a relative or empty URL: not yet known).
 * The URLs are the browser's own (EventSource#url, Response#url), so scheme and host are already
 * lower case.
 */
export function originOf(url: string): string {
  let i = 0;
  while (i < url.length && url[i] !== ':') {
    const c = url[i] as string;
    if (c === '/' || c === '?' || c === '#') return '';
    i++;
  }
  if (i === 0 || url[i + 1] !== '/' || url[i + 2] !== '/') return '';
  let end = i + 3;
  while (end < url.length && url[end] !== '/' && url[end] !== '?' && url[end] !== '#') end++;
  if (end === i + 3 || end > LIMITS.maxLabel) return '';
  let origin = '';
  for (let j = 0; j < end; j++) origin += url[j] as string;
  return origin;
}

/** Live connections per origin, in order of first appearance, at most `LIMITS.maxCensusHosts`. */
export function countLive(connections: readonly CensusSource[]): CensusHost[] {
  const index = dict<number>();
  const origins: string[] = [];
  const counts: number[] = [];
  for (let i = 0; i < connections.length; i++) {
    const conn = connections[i] as CensusSource;
    if (conn.readyState === 2) continue;
    const origin = originOf(conn.url);
    if (origin === '') continue;
    const at = index[origin];
    if (at !== undefined) {
      counts[at] = (counts[at] as number) + 1;
    } else if (origins.length < LIMITS.maxCensusHosts) {
      index[origin] = origins.length;
      origins[origins.length] = origin;
      counts[counts.length] = 1;
    }
  }
  const hosts: CensusHost[] = [];
  for (let i = 0; i < origins.length; i++) {
    const live = counts[i] as number;
    hosts[i] = {
      origin: origins[i] as string,
      live: live > LIMITS.maxCensusLive ? LIMITS.maxCensusLive : live,
    };
  }
  return hosts;
}

/** Least time between two answers: a page posting forged requests cannot make us loop. */
export const CENSUS_MIN_GAP_MS = 100;

export interface CensusResponderOptions {
  readonly connections: () => readonly CensusSource[];
  readonly post: (message: PageCensusMessage) => void;
  readonly now: () => number;
}

/** Answers `relay:census-request` rounds, at most one per `CENSUS_MIN_GAP_MS`. */
export function createCensusResponder(options: CensusResponderOptions): (round: number) => void {
  let last = -Infinity;
  return (round) => {
    const t = options.now();
    if (t - last < CENSUS_MIN_GAP_MS) return;
    last = t;
    options.post({
      source: SOURCE,
      version: PROTOCOL_VERSION,
      kind: 'page:census',
      round,
      hosts: countLive(options.connections()),
    });
  };
}

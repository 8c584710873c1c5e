/**
 * Which protocol the page's requests to an origin travel over (`http/1.1`, `h2`, `h3`), from the
 * page's resource timing. Read in the relay (ISOLATED world): it sees the same performance
 * timeline as the page, through natives the page cannot replace.
 *
 * A stream's own entry is no help while it is live: checked in Chromium 156, an open EventSource
 * or fetch stream has no `resource` entry at all; it appears (with `nextHopProtocol`) only once
 * the response ends. So the answer comes from the finished requests to the same origin: the
 * navigation entry when the document itself came from there, else the newest `resource` entry
 * of that origin that names a protocol (a closed stream, an API call, a script). Chrome pools
 * one origin's requests on one protocol, so any of them tells. Cross-origin entries without
 * `Timing-Allow-Origin` have an empty `nextHopProtocol`: then the answer is '' (unknown).
 */
import { LIMITS } from '../../src/protocol/limits';

/** The part of `Performance` read here. */
export interface PerformanceLike {
  getEntriesByType(type: string): ReadonlyArray<{ readonly name: string }>;
}

interface TimedEntry {
  readonly name: string;
  readonly nextHopProtocol?: unknown;
}

const protocolOfEntry = (entry: TimedEntry): string =>
  typeof entry.nextHopProtocol === 'string' && entry.nextHopProtocol.length <= LIMITS.maxProtocol
    ? entry.nextHopProtocol
    : '';

const sameOrigin = (url: string, origin: string): boolean =>
  url === origin || url.startsWith(`${origin}/`) || url.startsWith(`${origin}?`);

/** Returns `protocolOf(origin)`: '' when the page's timing does not tell. */
export function createProtocolLookup(performance: PerformanceLike): (origin: string) => string {
  return (origin) => {
    try {
      const navigation = performance.getEntriesByType('navigation') as readonly TimedEntry[];
      for (const entry of navigation) {
        if (sameOrigin(entry.name, origin) && protocolOfEntry(entry) !== '') {
          return protocolOfEntry(entry);
        }
      }
      const resources = performance.getEntriesByType('resource') as readonly TimedEntry[];
      for (let i = resources.length - 1; i >= 0; i--) {
        const entry = resources[i] as TimedEntry;
        if (sameOrigin(entry.name, origin) && protocolOfEntry(entry) !== '') {
          return protocolOfEntry(entry);
        }
      }
      return '';
    } catch {
      // Expected only for a document being torn down (its timeline is gone): then the protocol
      // is unknown, which the panel shows as such; nothing in the page's console.
      return '';
    }
  };
}

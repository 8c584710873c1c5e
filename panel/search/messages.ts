/**
 * Search over what the panel keeps of the traffic: every connection's recent message samples
 * (their data and event type). Counts are of samples, not of every message the page received:
 * the hook keeps a bounded sample per flush and the model the newest per connection.
 */
import type { MessageSample } from '../../src/protocol';
import type { Connection } from '../model';
import { hitRanges, type Query } from './query';

export interface MessageHit {
  readonly connection: Connection;
  readonly sample: MessageSample;
  /** Hit ranges in `sample.data` and in `sample.type`. */
  readonly data: ReadonlyArray<[number, number]>;
  readonly type: ReadonlyArray<[number, number]>;
}

export interface MessageSearch {
  /** Matching samples, newest first, at most `limit`. */
  readonly hits: readonly MessageHit[];
  /** Every matching sample (also those beyond `limit`). */
  readonly total: number;
  /** Connections with at least one matching sample. */
  readonly connections: number;
  /** Samples searched. */
  readonly searched: number;
}

export const EMPTY_SEARCH: MessageSearch = { hits: [], total: 0, connections: 0, searched: 0 };

/** Hits listed; the count still says how many there are in all. */
export const MESSAGE_HITS_SHOWN = 500;

export function searchMessages(
  connections: Iterable<Connection>,
  query: Query,
  limit = MESSAGE_HITS_SHOWN,
): MessageSearch {
  if (query.kind === 'empty' || query.kind === 'invalid') return EMPTY_SEARCH;
  const hits: MessageHit[] = [];
  let total = 0;
  let matched = 0;
  let searched = 0;
  for (const connection of connections) {
    let any = false;
    for (const sample of connection.recent) {
      searched += 1;
      const data = hitRanges(query, sample.data);
      const type = hitRanges(query, sample.type);
      if (data.length === 0 && type.length === 0) continue;
      any = true;
      total += 1;
      hits.push({ connection, sample, data, type });
    }
    if (any) matched += 1;
  }
  hits.sort((a, b) => b.sample.t - a.sample.t || b.connection.displayId - a.connection.displayId);
  return { hits: hits.slice(0, limit), total, connections: matched, searched };
}

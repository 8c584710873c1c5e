/**
 * Criterion: a controlled reconnect happens with no parallel connections — no two connections to
 * the endpoint alive at once: the intervals [created, closed) must not overlap. A new connection
 * created in the same millisecond as the old one's close, but before it (by the hook's seq), is an
 * overlap: that is the "connect before close" race.
 */
import { connectionEdges } from '../timeline/steps';
import { endpointConnections, intersects } from './endpoint-connections';
import { labelOfKey, line, verdict, type Criterion, type EvidenceLine } from './verdict';

const MAX_PAIRS_SHOWN = 5;

export const evaluateNoOverlap: Criterion = (rec, range, options) => {
  const conns = endpointConnections(rec, options.endpointPath);
  const inWindow = conns.filter((c) => intersects(c, range));
  if (inWindow.length === 0)
    return verdict('noOverlap', 'noData', [line('evidence.noConnectionInWindow')]);
  const byKey = new Map(conns.map((c) => [c.key, c]));
  const end = (key: string) => byKey.get(key)?.closedAt ?? rec.end;

  const live = new Set<string>();
  const pairs: Array<{ a: string; b: string; from: number; ms: number }> = [];
  for (const e of connectionEdges(conns)) {
    if (e.t > range.to) break;
    if (e.delta < 0) {
      live.delete(e.key);
      continue;
    }
    if (live.size >= options.expected) {
      for (const other of live) {
        const overlapTo = Math.min(end(other), end(e.key), range.to);
        const overlapFrom = Math.max(e.t, range.from);
        if (overlapTo >= overlapFrom)
          pairs.push({ a: other, b: e.key, from: overlapFrom, ms: overlapTo - overlapFrom });
      }
    }
    live.add(e.key);
  }

  const evidence: EvidenceLine[] = [line('evidence.intervals', { n: inWindow.length })];
  if (pairs.length === 0) return verdict('noOverlap', 'pass', evidence);
  const total = pairs.reduce((n, p) => n + p.ms, 0);
  evidence.push(line('evidence.overlaps', { n: pairs.length, ms: total }));
  for (const p of pairs.slice(0, MAX_PAIRS_SHOWN)) {
    evidence.push(
      line('evidence.overlapPair', {
        a: labelOfKey(rec, p.a),
        b: labelOfKey(rec, p.b),
        at: p.from,
        ms: p.ms,
      }),
    );
  }
  return verdict(
    'noOverlap',
    'fail',
    evidence,
    pairs.flatMap((p) => [p.a, p.b]),
    pairs[0]?.from ?? null,
  );
};

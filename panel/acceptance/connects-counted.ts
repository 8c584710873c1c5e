/**
 * Criterion: repeated connect() calls create no new connections, provable from the app's debug
 * global (`__zarizSSEDebug()` by default) and the hook's own log.
 *
 * The client counts every connection it creates in `connects`. Between two polls of the debug
 * global (same document), the growth of `connects` must equal the connections to the endpoint the
 * hook saw being constructed between those polls — compared by the hook's seq, which orders the
 * poll and the constructions exactly. More connections than counted = a stray creator (a
 * `new EventSource` outside the client); a count that grew with no connection = the counter and
 * reality disagree; a count that went down = the client was created anew (e.g. a module copy after
 * HMR without a `globalThis` singleton).
 */
import { connectionLabel } from '../model';
import type { DebugSample } from '../recording/recording';
import { endpointConnections } from './endpoint-connections';
import { line, verdict, type Criterion, type EvidenceLine } from './verdict';

const MAX_MISMATCHES_SHOWN = 5;

export const evaluateConnectsCounted: Criterion = (rec, range, options) => {
  const rank = (name: string): number => {
    const i = options.debugGlobals.indexOf(name);
    return i === -1 ? options.debugGlobals.length : i;
  };
  const counted = rec.debug.filter((d) => d.ok && d.connects !== null);
  const names = [...new Set(counted.map((d) => d.name))].sort(
    (a, b) => rank(a) - rank(b) || a.localeCompare(b),
  );
  // A value polled before the window still holds in it (only changes are re-emitted).
  const name = names.find((n) => counted.some((d) => d.name === n && d.t <= range.to));
  if (name === undefined)
    return verdict('connectsCounted', 'noData', [line('evidence.noDebugConnects')]);

  const conns = endpointConnections(rec, options.endpointPath);
  const fromStart = new Set(rec.sessions.filter((s) => s.fromStart).map((s) => s.session));
  let pairs = 0;
  let grew = 0;
  let seen = 0;
  const mismatches: EvidenceLine[] = [];
  const offenders: string[] = [];
  let firstAt: number | null = null;

  const bySession = new Map<string, DebugSample[]>();
  for (const d of counted) {
    if (d.name !== name) continue;
    const list = bySession.get(d.session) ?? [];
    list.push(d);
    bySession.set(d.session, list);
  }
  for (const [session, all] of bySession) {
    all.sort((a, b) => a.seq - b.seq);
    const inside = all.filter((d) => d.t >= range.from && d.t <= range.to);
    const before = all.filter((d) => d.t < range.from).at(-1);
    // With no poll before the window, the document's start is a baseline only if we saw it.
    const baseline: Pick<DebugSample, 'seq' | 'connects' | 't'> | undefined =
      before ?? (fromStart.has(session) ? { seq: 0, connects: 0, t: range.from } : undefined);
    const points: Array<Pick<DebugSample, 'seq' | 'connects' | 't'>> = baseline
      ? [baseline, ...inside]
      : inside;
    if (points.length === 0) continue;
    const sessionConns = conns.filter((c) => c.session === session);
    // The poller re-emits only changes, so the last value still holds now: connections made after
    // it, older than two poll intervals (time for a counted connect to show), were not counted.
    const last = points.at(-1);
    const unloadedAt = rec.sessions.find((s) => s.session === session)?.unloadedAt ?? null;
    const settledUntil =
      Math.min(range.to, unloadedAt ?? Number.POSITIVE_INFINITY) - 2 * options.pollMs;
    if (last && settledUntil > last.t) {
      points.push({ seq: Number.MAX_SAFE_INTEGER, connects: last.connects, t: settledUntil });
    }
    for (let i = 1; i < points.length; i++) {
      const prev = points[i - 1]!;
      const cur = points[i]!;
      const delta = (cur.connects ?? 0) - (prev.connects ?? 0);
      const made = sessionConns.filter(
        (c) => c.seq > prev.seq && c.seq < cur.seq && c.createdAt <= cur.t,
      );
      pairs += 1;
      grew += Math.max(0, delta);
      seen += made.length;
      if (delta === made.length) continue;
      // An interval that straddles the window start belongs to the window only through what
      // happened inside it: a stray made before the window is not this window's failure.
      const inWindow =
        made.length > 0 ? made.some((c) => c.createdAt >= range.from) : prev.t >= range.from;
      if (!inWindow) continue;
      firstAt ??= cur.t;
      if (mismatches.length < MAX_MISMATCHES_SHOWN) {
        mismatches.push(
          delta < 0
            ? line('evidence.connectsWentDown', {
                from: prev.connects ?? 0,
                to: cur.connects ?? 0,
                at: cur.t,
              })
            : line('evidence.connectsMismatch', {
                delta,
                seen: made.length,
                at: cur.t,
                ids: made.map((c) => connectionLabel(c)).join(', ') || '—',
              }),
        );
      }
      // The connections the counter did not account for; unlabelled ones (no client annotate) first.
      if (made.length > delta) {
        offenders.push(
          ...made.filter((c) => !c.annotation).map((c) => c.key),
          ...made.map((c) => c.key),
        );
      }
    }
  }
  if (pairs === 0)
    return verdict('connectsCounted', 'noData', [line('evidence.debugOneSample', { name })]);
  const evidence = [
    line('evidence.connectsVsSeen', { name, grew, seen, polls: pairs }),
    ...mismatches,
  ];
  return verdict(
    'connectsCounted',
    firstAt === null ? 'pass' : 'fail',
    evidence,
    offenders,
    firstAt,
  );
};

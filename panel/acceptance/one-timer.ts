/**
 * Criterion: on many errors in a row at most one reconnect timer is scheduled.
 *
 * Two witnesses, both must hold: the hook's own view (timers created synchronously inside an
 * EventSource error dispatch, until they fire or are cleared) and the app's debug global `timers`
 * at each poll.
 */
import { extremesOf, timerEdges } from '../timeline/steps';
import { endpointConnections, intersects } from './endpoint-connections';
import { line, verdict, type Criterion, type EvidenceLine } from './verdict';

export const evaluateOneTimer: Criterion = (rec, range, options) => {
  const conns = endpointConnections(rec, options.endpointPath);
  const keys = new Set(conns.map((c) => c.key));
  const watched = conns.some((c) => intersects(c, range));
  const known = new Set(rec.connections.map((c) => c.key));
  // Timers of endpoint connections, and of connections we never saw (cannot rule them out).
  const events = rec.timers.filter((e) => keys.has(e.conn) || !known.has(e.conn));
  const samples = rec.debug.filter(
    (d) => d.ok && d.timers !== null && d.t >= range.from && d.t <= range.to,
  );
  if (!watched && samples.length === 0) {
    return verdict('oneTimer', 'noData', [line('evidence.noConnectionInWindow')]);
  }

  const hook = extremesOf(timerEdges(events), range.from, range.to, 1);
  const created = events.filter(
    (e) => e.phase === 'created' && e.t >= range.from && e.t <= range.to,
  ).length;
  const evidence: EvidenceLine[] = [
    line('evidence.hookTimers', { max: hook.max, created, at: hook.maxAt }),
  ];
  let debugMax: { n: number; at: number } | null = null;
  for (const s of samples)
    if (debugMax === null || (s.timers ?? 0) > debugMax.n) debugMax = { n: s.timers ?? 0, at: s.t };
  evidence.push(
    debugMax
      ? line('evidence.debugTimers', { max: debugMax.n, polls: samples.length, at: debugMax.at })
      : line('evidence.noDebugTimers'),
  );
  const hookFail = hook.max > 1;
  const debugFail = debugMax !== null && debugMax.n > 1;
  const byTimer = new Map(events.map((e) => [e.timer, e.conn]));
  const offenders = hookFail
    ? hook.maxKeys.map((timer) => byTimer.get(timer) ?? '').filter(Boolean)
    : [];
  const at = hookFail ? hook.firstAboveAt : debugFail ? (debugMax?.at ?? null) : null;
  return verdict('oneTimer', hookFail || debugFail ? 'fail' : 'pass', evidence, offenders, at);
};

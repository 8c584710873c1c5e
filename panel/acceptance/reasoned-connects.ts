/**
 * Criterion (diagnostics): after the first connection of a document, every new one must
 * say why it exists — a reason given by the client through the devtools hook's `annotate`, or a
 * `parent` because it was created inside a reconnect timer scheduled by an erroring connection.
 * A connection with neither comes from a hidden creator: code that bypasses the client.
 */
import { endpointConnections } from './endpoint-connections';
import { line, verdict, type Criterion } from './verdict';

export const evaluateReasonedConnects: Criterion = (rec, range, options) => {
  const conns = endpointConnections(rec, options.endpointPath);
  const firstOfSession = new Set<string>();
  const seenSessions = new Set<string>();
  for (const c of conns
    .slice()
    .sort((a, b) => (a.session === b.session ? a.seq - b.seq : a.createdAt - b.createdAt))) {
    if (seenSessions.has(c.session)) continue;
    seenSessions.add(c.session);
    firstOfSession.add(c.key);
  }
  const judged = conns.filter(
    (c) => !firstOfSession.has(c.key) && c.createdAt >= range.from && c.createdAt <= range.to,
  );
  if (judged.length === 0)
    return verdict('reasonedConnects', 'noData', [line('evidence.noLaterConnects')]);
  const withReason = judged.filter((c) => (c.annotation?.reason ?? '').trim() !== '');
  const withParent = judged.filter((c) => c.parent !== null || c.timer !== null);
  const bare = judged.filter((c) => !withReason.includes(c) && !withParent.includes(c));
  const evidence = [
    line('evidence.laterConnects', {
      n: judged.length,
      reasons: withReason.length,
      parents: withParent.length,
    }),
  ];
  if (bare.length > 0) evidence.push(line('evidence.unexplained', { n: bare.length }));
  return verdict(
    'reasonedConnects',
    bare.length > 0 ? 'fail' : 'pass',
    evidence,
    bare.map((c) => c.key),
    bare[0]?.createdAt ?? null,
  );
};

/**
 * Criterion: at any moment a tab has exactly one live connection to the endpoint (by default
 * `/v1/events/sse`; Settings change it and the expected count).
 *
 * Judged on the exact step function of live connections (not on sampled points): a duplicate that
 * lived one millisecond is still a duplicate. Time with fewer than expected counts too, except the
 * gaps nobody can avoid: before the page's first connection, from a document's unload until the
 * next document connects, and a controlled reconnect — a gap ended by a connection that a
 * reconnect timer created or that its client annotated with a reason (a controlled reconnect,
 * which no-overlap.ts judges for parallel connections).
 */
import { connectionEdges, timerEdges } from '../timeline/steps';
import { endpointConnections } from './endpoint-connections';
import { line, verdict, type Criterion, type EvidenceLine } from './verdict';

export const evaluateOneLive: Criterion = (rec, range, options) => {
  const conns = endpointConnections(rec, options.endpointPath);
  const first = conns[0];
  if (!first)
    return verdict('oneLive', 'noData', [
      line('evidence.noEndpointConnection', { path: options.endpointPath }),
    ]);
  const from = Math.max(range.from, first.createdAt);
  if (from > range.to) return verdict('oneLive', 'noData', [line('evidence.noConnectionInWindow')]);

  const edges = connectionEdges(conns);
  const live = new Set<string>();
  let i = 0;
  let excused = false; // in an unavoidable gap (unload → next document)
  for (; i < edges.length && edges[i]!.t < from; i++) {
    const e = edges[i]!;
    if (e.delta > 0) {
      live.add(e.key);
      excused = false;
    } else {
      live.delete(e.key);
      excused = live.size === 0 && e.seq === Number.MAX_SAFE_INTEGER;
    }
  }
  let max = live.size;
  let maxAt = from;
  let maxKeys = [...live];
  let firstAboveAt: number | null = live.size > options.expected ? from : null;
  let timeBelow = 0;
  let gaps = 0;
  let firstGapAt: number | null = null;
  let changes = 0;
  let last = from;
  let wasBelow = false;
  // The current gap, judged when it ends: excused if a reconnect timer's connection ends it.
  let gapMs = 0;
  let gapStart: number | null = null;
  const byKey = new Map(conns.map((c) => [c.key, c]));
  const closeGap = (excusedByReconnect: boolean): void => {
    if (gapStart !== null && !excusedByReconnect) {
      timeBelow += gapMs;
      gaps += 1;
      firstGapAt ??= gapStart;
    }
    gapMs = 0;
    gapStart = null;
  };
  const account = (until: number): void => {
    const below = live.size < options.expected && !excused;
    if (until > last && below) {
      gapMs += until - last;
      gapStart ??= last;
    }
    if (until > last) wasBelow = below;
    last = Math.max(last, until);
  };
  for (; i < edges.length && edges[i]!.t <= range.to; i++) {
    const e = edges[i]!;
    account(e.t);
    changes += 1;
    if (e.delta > 0 && wasBelow) {
      const c = byKey.get(e.key);
      // Controlled: made by a reconnect timer, or by a client that said why (annotate's reason,
      // e.g. "token changed").
      closeGap(
        c !== undefined && (c.timer !== null || c.parent !== null || Boolean(c.annotation?.reason)),
      );
    }
    if (e.delta > 0) {
      live.add(e.key);
      excused = false;
    } else {
      live.delete(e.key);
      excused = live.size === 0 && e.seq === Number.MAX_SAFE_INTEGER;
    }
    if (live.size > max) {
      max = live.size;
      maxAt = e.t;
      maxKeys = [...live];
    }
    if (live.size > options.expected && firstAboveAt === null) firstAboveAt = e.t;
  }
  account(range.to);
  // A gap still open when the window ends is a controlled reconnect if a reconnect timer is
  // pending at that moment (the connection that ends it just has not happened yet).
  const pendingAtEnd =
    timerEdges(rec.timers).reduce((n, e) => (e.t <= range.to ? n + e.delta : n), 0) > 0;
  closeGap(pendingAtEnd);

  const evidence: EvidenceLine[] = [
    line('evidence.maxLive', { n: max, expected: options.expected, at: maxAt }),
    line('evidence.changes', { n: changes }),
  ];
  if (timeBelow > 0)
    evidence.push(
      line('evidence.timeBelow', {
        ms: timeBelow,
        gaps,
        expected: options.expected,
        at: firstGapAt ?? from,
      }),
    );
  const fail = max > options.expected || timeBelow > 0;
  return verdict(
    'oneLive',
    fail ? 'fail' : 'pass',
    evidence,
    max > options.expected ? maxKeys : [],
    fail ? (firstAboveAt ?? firstGapAt) : null,
  );
};

/**
 * "Events reach every subscriber, once", judged from what the app's SSE client says about its own
 * deliveries: the fixed client's debug snapshot carries `deliveries` (per subscriber: events it was
 * owed, calls, duplicates, misses; see src/client/deliveries.ts). The page hook polls that snapshot
 * like every debug value; the model keeps a compact `DeliverySummary` of each poll.
 *
 * The client's counts are cumulative since it was created, and one client lives as long as its
 * document (hook session). So per session the window is judged by the growth between the last
 * poll before the window (zero when there is none: the counts then started inside it) and the last
 * poll inside it. Any growth of duplicates or misses fails; no poll with deliveries in the window,
 * or no event received in it, is "no data".
 */
import { LIMITS } from '../../src/protocol/limits';
import type { DebugSample, Recording } from '../recording/recording';
import { endpointConnections, intersects } from './endpoint-connections';
import { line, verdict, type Criterion, type EvidenceLine } from './verdict';

/** Subscribers named per poll: those with a problem, worst first. */
export const MAX_DELIVERY_OFFENDERS = 8;

export interface DeliveryOffender {
  readonly name: string;
  readonly duplicates: number;
  readonly missed: number;
}

/** One poll's deliveries, reduced to what the verdict reads (a few numbers per poll). */
export interface DeliverySummary {
  readonly received: number;
  /** Subscribers the client accounted (live and recently ended). */
  readonly subscribers: number;
  readonly duplicates: number;
  readonly missed: number;
  readonly offenders: readonly DeliveryOffender[];
}

const count = (v: unknown): number | null =>
  typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : null;

/**
 * The `deliveries` of a debug value, or null when it has none (another client, the lock object,
 * a legacy app). The value comes from the page: every field is checked, names are capped.
 */
export function deliveriesOf(value: unknown): DeliverySummary | null {
  if (typeof value !== 'object' || value === null) return null;
  const d = (value as { deliveries?: unknown }).deliveries;
  if (typeof d !== 'object' || d === null) return null;
  const { received, subscribers } = d as { received?: unknown; subscribers?: unknown };
  const total = count(received);
  if (total === null || !Array.isArray(subscribers)) return null;
  let duplicates = 0;
  let missed = 0;
  const offenders: DeliveryOffender[] = [];
  for (const s of subscribers as unknown[]) {
    if (typeof s !== 'object' || s === null) continue;
    const o = s as { name?: unknown; duplicates?: unknown; missed?: unknown };
    const dup = count(o.duplicates) ?? 0;
    const miss = count(o.missed) ?? 0;
    duplicates += dup;
    missed += miss;
    if (dup + miss === 0) continue;
    const name = typeof o.name === 'string' ? o.name.slice(0, LIMITS.maxLabel) : '?';
    offenders.push({ name, duplicates: dup, missed: miss });
  }
  offenders.sort((a, b) => b.duplicates + b.missed - (a.duplicates + a.missed));
  return {
    received: total,
    subscribers: subscribers.length,
    duplicates,
    missed,
    offenders: offenders.slice(0, MAX_DELIVERY_OFFENDERS),
  };
}

/** `deliveries` is absent in reports exported before the panel read it. */
const deliveriesIn = (d: DebugSample): DeliverySummary | null =>
  d.ok ? (d.deliveries ?? null) : null;

const ZERO: DeliverySummary = {
  received: 0,
  subscribers: 0,
  duplicates: 0,
  missed: 0,
  offenders: [],
};

interface SessionGrowth {
  readonly session: string;
  readonly received: number;
  readonly subscribers: number;
  readonly duplicates: number;
  readonly missed: number;
  /** Subscribers whose duplicates or misses grew. */
  readonly names: string[];
  /** First poll in the window that showed growth. */
  readonly at: number | null;
}

function growthOf(
  session: string,
  polls: readonly { t: number; d: DeliverySummary }[],
  from: number,
): SessionGrowth | null {
  const before = polls.filter((p) => p.t < from).at(-1)?.d;
  const inside = polls.filter((p) => p.t >= from);
  const last = inside.at(-1)?.d;
  if (last === undefined) return null;
  // A counter that went down means a new client in the same document: its counts start at 0.
  const base = before !== undefined && last.received >= before.received ? before : ZERO;
  const grew = (d: DeliverySummary): boolean =>
    d.duplicates > base.duplicates || d.missed > base.missed;
  const baseOf = new Map(base.offenders.map((o) => [o.name, o.duplicates + o.missed]));
  return {
    session,
    received: last.received - base.received,
    subscribers: last.subscribers,
    duplicates: Math.max(0, last.duplicates - base.duplicates),
    missed: Math.max(0, last.missed - base.missed),
    names: last.offenders
      .filter((o) => o.duplicates + o.missed > (baseOf.get(o.name) ?? 0))
      .map((o) => o.name),
    at: inside.find((p) => grew(p.d))?.t ?? null,
  };
}

export const evaluateDeliveredOnce: Criterion = (rec: Recording, range, options) => {
  const polls = new Map<string, { t: number; d: DeliverySummary }[]>();
  for (const sample of rec.debug) {
    const d = deliveriesIn(sample);
    if (d === null || sample.t > range.to) continue;
    const list = polls.get(sample.session) ?? [];
    list.push({ t: sample.t, d });
    polls.set(sample.session, list);
  }
  const sessions: SessionGrowth[] = [];
  for (const [session, list] of polls) {
    const g = growthOf(session, list, range.from);
    if (g !== null) sessions.push(g);
  }
  if (sessions.length === 0) {
    return verdict('deliveredOnce', 'noData', [line('evidence.noDeliveryData')]);
  }

  const sum = (f: (g: SessionGrowth) => number): number => sessions.reduce((n, g) => n + f(g), 0);
  const duplicates = sum((g) => g.duplicates);
  const missed = sum((g) => g.missed);
  const received = sum((g) => g.received);
  const failing = sessions.filter((g) => g.duplicates + g.missed > 0);
  const names = (pick: (g: SessionGrowth) => number): string =>
    [...new Set(failing.filter((g) => pick(g) > 0).flatMap((g) => g.names))].join(', ') || '?';
  const evidence: EvidenceLine[] = [
    line('evidence.deliveries', {
      received,
      subscribers: Math.max(...sessions.map((g) => g.subscribers)),
      documents: sessions.length,
    }),
  ];
  if (duplicates > 0)
    evidence.push(
      line('evidence.deliveryDuplicates', { n: duplicates, names: names((g) => g.duplicates) }),
    );
  if (missed > 0)
    evidence.push(line('evidence.deliveryMisses', { n: missed, names: names((g) => g.missed) }));
  if (failing.length === 0) {
    if (received === 0) {
      evidence.push(line('evidence.noDeliveriesInWindow'));
      return verdict('deliveredOnce', 'noData', evidence);
    }
    return verdict('deliveredOnce', 'pass', evidence);
  }
  // The rows to look at: the failing documents' connections to the endpoint in the window.
  const bad = new Set(failing.map((g) => g.session));
  const offenders = endpointConnections(rec, options.endpointPath)
    .filter((c) => bad.has(c.session) && intersects(c, range))
    .map((c) => c.key);
  const at = Math.min(...failing.map((g) => g.at ?? range.from));
  return verdict('deliveredOnce', 'fail', evidence, offenders, at);
};

/**
 * Counts over time as step functions, shared by the timeline and the acceptance criteria.
 *
 * Edges are ordered by time; inside one millisecond, edges of one session keep their seq order
 * (the hook numbers records in the order they happened), so "new EventSource, then close the old
 * one" in the same millisecond is still seen as two live connections for an instant — which is
 * exactly the connect-before-close race the no-overlap criterion catches. Across sessions, closes go first (no false overlap).
 */
import type { RecordedConnection, TimerEvent } from '../recording/recording';

export interface Edge {
  readonly t: number;
  readonly session: string;
  readonly seq: number;
  readonly delta: 1 | -1;
  /** Connection key, or timer key for timer edges. */
  readonly key: string;
}

export function compareEdges(a: Edge, b: Edge): number {
  if (a.t !== b.t) return a.t - b.t;
  if (a.session === b.session && a.seq !== b.seq) return a.seq - b.seq;
  return a.delta - b.delta;
}

const UNLOAD_SEQ = Number.MAX_SAFE_INTEGER;

/** +1 at construction, −1 at close/terminal error/unload. */
export function connectionEdges(conns: readonly RecordedConnection[]): Edge[] {
  const edges: Edge[] = [];
  for (const c of conns) {
    edges.push({ t: c.createdAt, session: c.session, seq: c.seq, delta: 1, key: c.key });
    if (c.closedAt !== null) {
      edges.push({
        t: c.closedAt,
        session: c.session,
        seq: c.closeSeq ?? UNLOAD_SEQ,
        delta: -1,
        key: c.key,
      });
    }
  }
  return edges.sort(compareEdges);
}

/** +1 when a reconnect timer is created, −1 when it fires or is cleared. */
export function timerEdges(events: readonly TimerEvent[]): Edge[] {
  const open = new Set<string>();
  const edges: Edge[] = [];
  const sorted = events
    .slice()
    .sort((a, b) => a.t - b.t || (a.session === b.session ? a.seq - b.seq : 0));
  for (const e of sorted) {
    if (e.phase === 'created') {
      if (open.has(e.timer)) continue;
      open.add(e.timer);
      edges.push({ t: e.t, session: e.session, seq: e.seq, delta: 1, key: e.timer });
    } else if (open.delete(e.timer)) {
      edges.push({ t: e.t, session: e.session, seq: e.seq, delta: -1, key: e.timer });
    }
  }
  return edges.sort(compareEdges);
}

export interface Extremes {
  /** Value in force at `from` (edges before it applied). */
  readonly atStart: number;
  readonly max: number;
  readonly maxAt: number;
  /** Keys counted when the maximum was reached. */
  readonly maxKeys: readonly string[];
  readonly min: number;
  readonly minAt: number;
  /** Total time inside the window spent at values above `limit`, and at zero. */
  readonly timeAbove: number;
  readonly timeAtZero: number;
  /** First time the value went above `limit` inside the window (null if never). */
  readonly firstAboveAt: number | null;
}

/**
 * Walks a step function over [from, to] and reports its extremes, counting transient values inside
 * one millisecond too (a momentary 2 is a 2).
 */
export function extremesOf(
  edges: readonly Edge[],
  from: number,
  to: number,
  limit: number,
): Extremes {
  const live = new Set<string>();
  let i = 0;
  for (; i < edges.length; i++) {
    const e = edges[i]!;
    if (e.t >= from) break;
    if (e.delta > 0) live.add(e.key);
    else live.delete(e.key);
  }
  const atStart = live.size;
  let max = atStart;
  let maxAt = from;
  let maxKeys = [...live];
  // The minimum counts only values held for some time: close() then new EventSource() in one task
  // is a correct reconnect, not a moment without a connection.
  let min = to > from ? Number.POSITIVE_INFINITY : atStart;
  let minAt = from;
  let firstAboveAt: number | null = atStart > limit ? from : null;
  let timeAbove = 0;
  let timeAtZero = 0;
  let last = from;
  const account = (until: number): void => {
    const span = Math.max(0, until - last);
    if (span > 0 && live.size < min) {
      min = live.size;
      minAt = last;
    }
    if (live.size > limit) timeAbove += span;
    if (live.size === 0) timeAtZero += span;
    last = Math.max(last, until);
  };
  for (; i < edges.length; i++) {
    const e = edges[i]!;
    if (e.t > to) break;
    account(e.t);
    if (e.delta > 0) live.add(e.key);
    else live.delete(e.key);
    if (live.size > max) {
      max = live.size;
      maxAt = e.t;
      maxKeys = [...live];
    }
    if (live.size > limit && firstAboveAt === null) firstAboveAt = e.t;
  }
  account(to);
  if (!Number.isFinite(min)) min = live.size;
  return { atStart, max, maxAt, maxKeys, min, minAt, timeAbove, timeAtZero, firstAboveAt };
}

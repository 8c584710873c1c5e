/**
 * The plain-object copy of one connection returned by `__SSE_DEVTOOLS_HOOK__.connections()`.
 *
 * Called by page code (an app's own diagnostics, the e2e tests), never on a hot path: it copies
 * everything so the caller can keep or mutate the result without touching the registry, and
 * builds every object with a normal prototype (the registry's own dictionaries have none).
 */
import type { ReadyState } from '../../src/protocol/records';
import type { Natives } from './natives';
import type { TrafficInterval } from './traffic-interval';

export interface Annotation {
  readonly client: string;
  readonly marker: string;
  readonly reason: string;
}

export interface TimerCounts {
  created: number;
  fired: number;
  cleared: number;
}

/** Plain-object copy returned by `__SSE_DEVTOOLS_HOOK__.connections()`. */
export interface ConnectionSnapshot {
  readonly id: number;
  readonly url: string;
  readonly withCredentials: boolean;
  readonly state: 'connecting' | 'open' | 'closed';
  readonly readyState: ReadyState;
  readonly createdAt: number;
  readonly closedBy: 'page' | 'browser' | null;
  readonly counts: {
    readonly messages: number;
    readonly bytes: number;
    /** Messages whose size `bytes` estimates (counted in a flood without reading their data). */
    readonly unmeasured: number;
    readonly opens: number;
    readonly errors: number;
    readonly byType: Record<string, number>;
  };
  readonly lastEventId: string;
  readonly lastAt: number;
  readonly stack: string;
  readonly parent: number | null;
  readonly timer: number | null;
  readonly annotation: Annotation | null;
  readonly listening: string[];
  readonly timers: { created: number; fired: number; cleared: number; pending: number };
}

/** What a snapshot reads of the registry's per-connection object. */
export interface SnapshotSource extends TrafficInterval {
  readonly id: number;
  readonly url: string;
  readonly withCredentials: boolean;
  readonly readyState: ReadyState;
  readonly createdAt: number;
  readonly closedBy: 'page' | 'browser' | null;
  readonly opens: number;
  readonly errors: number;
  readonly stack: string;
  readonly parent: number | null;
  readonly timer: number | null;
  readonly annotation: Annotation | null;
  readonly listenOrder: readonly string[] | null;
  readonly timerCounts: TimerCounts;
}

export function snapshotOf(natives: Natives, conn: SnapshotSource): ConnectionSnapshot {
  const byType = conn.countsByType(natives);
  const plainByType: Record<string, number> = {};
  const typeNames = natives.keys(byType);
  for (let i = 0; i < typeNames.length; i++) {
    const name = typeNames[i] as string;
    // An event type named "__proto__" would set the plain object's prototype instead.
    if (name !== '__proto__') plainByType[name] = byType[name] as number;
  }
  const listening: string[] = [];
  const order = conn.listenOrder;
  if (order !== null) for (let i = 0; i < order.length; i++) listening[i] = order[i] as string;
  const tc = conn.timerCounts;
  const note = conn.annotation;
  return {
    id: conn.id,
    url: conn.url,
    withCredentials: conn.withCredentials,
    state: conn.readyState === 0 ? 'connecting' : conn.readyState === 1 ? 'open' : 'closed',
    readyState: conn.readyState,
    createdAt: conn.createdAt,
    closedBy: conn.closedBy,
    counts: {
      messages: conn.totalCount + conn.count,
      bytes: conn.totalBytes + conn.bytesSoFar(),
      unmeasured: conn.totalUnmeasured + conn.unmeasured,
      opens: conn.opens,
      errors: conn.errors,
      byType: plainByType,
    },
    lastEventId: conn.lastEventId,
    lastAt: conn.lastAt,
    stack: conn.stack,
    parent: conn.parent,
    timer: conn.timer,
    annotation:
      note === null ? null : { client: note.client, marker: note.marker, reason: note.reason },
    listening,
    timers: {
      created: tc.created,
      fired: tc.fired,
      cleared: tc.cleared,
      pending: tc.created - tc.fired - tc.cleared,
    },
  };
}

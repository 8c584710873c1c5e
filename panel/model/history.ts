/**
 * The history half of the model: what the acceptance criteria and the timeline judge (when each
 * connection lived, when reconnect timers were pending, what the app's debug globals said), as the
 * compact plain-JSON Recording (see ../recording/recording.ts). Unlike the table it keeps unloaded
 * documents whatever Preserve log says, and stays bounded: past a cap the oldest entries go and
 * `truncated` says how many, so a verdict can say its data is incomplete.
 */
import type { DebugRecord, HookRecord } from '../../src/protocol';
import { deliveriesOf } from '../acceptance/delivered-once';
import type {
  DebugSample,
  RecordedConnection,
  RecordedSession,
  Recording,
  TimerEvent,
} from '../recording/recording';
import type { ClosedBy } from './types';

export const HISTORY_LIMITS = {
  connections: 50_000,
  timerEvents: 100_000,
  debugSamples: 20_000,
} as const;

interface HistorySession {
  firstAt: number;
  fromStart: boolean;
  url: string;
  unloadedAt: number | null;
  /** Last seq recorded: a replay the table asked for (it forgot the page) is not history again. */
  cursor: number;
}

export interface History {
  connections: Map<string, RecordedConnection>;
  timers: TimerEvent[];
  pending: Map<string, TimerEvent>;
  debug: DebugSample[];
  readonly sessions: Map<string, HistorySession>;
  /** Time of the first record (null while empty). */
  start: number | null;
  truncated: number;
}

export function createHistory(): History {
  return {
    connections: new Map(),
    timers: [],
    pending: new Map(),
    debug: [],
    sessions: new Map(),
    start: null,
    truncated: 0,
  };
}

function bound<T>(h: History, list: T[], max: number): T[] {
  if (list.length <= max) return list;
  const excess = list.length - max;
  h.truncated += excess;
  return list.slice(excess);
}

function update(
  h: History,
  key: string,
  patch: (c: RecordedConnection) => Partial<RecordedConnection>,
): void {
  const c = h.connections.get(key);
  if (c) h.connections.set(key, { ...c, ...patch(c) });
}

function close(h: History, key: string, t: number, seq: number | null, by: ClosedBy): void {
  update(h, key, (c) => (c.closedAt !== null ? {} : { closedAt: t, closeSeq: seq, closedBy: by }));
}

/**
 * Whether the record is new to the history (false for one already recorded). Called for every
 * record the sequence accounting admitted.
 */
export function historyAdmits(h: History, session: string, r: HookRecord): boolean {
  let s = h.sessions.get(session);
  if (!s) {
    s = { firstAt: r.t, fromStart: false, url: '', unloadedAt: null, cursor: 0 };
    h.sessions.set(session, s);
  }
  if (r.seq <= s.cursor) return false;
  s.cursor = r.seq;
  if (h.start === null || r.t < h.start) h.start = r.t;
  return true;
}

/** Records one hook record; `keyOf` builds connection/timer keys, `displayId` names a key. */
export function historyApply(
  h: History,
  r: HookRecord,
  session: string,
  keyOf: (id: number) => string,
  displayId: (key: string) => number,
): void {
  switch (r.k) {
    case 'hello': {
      const s = h.sessions.get(session);
      if (s) {
        s.fromStart = s.fromStart || r.seq === 1;
        s.url = r.url;
      }
      return;
    }
    case 'conn': {
      const key = keyOf(r.id);
      h.connections.set(key, {
        key,
        displayId: displayId(key),
        session,
        id: r.id,
        url: r.url,
        createdAt: r.t,
        seq: r.seq,
        openedAt: null,
        closedAt: null,
        closeSeq: null,
        closedBy: null,
        parent: r.parent === undefined ? null : keyOf(r.parent),
        timer: r.timer === undefined ? null : keyOf(r.timer),
        annotation: null,
        stack: r.stack,
      });
      if (h.connections.size > HISTORY_LIMITS.connections) {
        const oldest = h.connections.keys().next().value;
        if (oldest !== undefined) h.connections.delete(oldest);
        h.truncated += 1;
      }
      return;
    }
    case 'open':
      update(h, keyOf(r.id), (c) => (c.openedAt === null ? { openedAt: r.t } : {}));
      return;
    case 'error':
      // readyState 0 is the browser's own retry: the same EventSource stays live.
      if (r.readyState === 2) close(h, keyOf(r.id), r.t, r.seq, 'browser');
      return;
    case 'close':
      close(h, keyOf(r.id), r.t, r.seq, 'page');
      return;
    case 'annotate':
      update(h, keyOf(r.id), () => ({
        annotation: { client: r.client, marker: r.marker, reason: r.reason, t: r.t },
      }));
      return;
    case 'timer': {
      const event: TimerEvent = {
        t: r.t,
        seq: r.seq,
        session,
        timer: keyOf(r.timer),
        conn: keyOf(r.id),
        phase: r.phase,
      };
      h.timers.push(event);
      if (r.phase === 'created') h.pending.set(event.timer, event);
      else h.pending.delete(event.timer);
      h.timers = bound(h, h.timers, HISTORY_LIMITS.timerEvents);
      return;
    }
    case 'debug':
      h.debug.push(debugSample(r, session));
      h.debug = bound(h, h.debug, HISTORY_LIMITS.debugSamples);
      return;
    case 'dropped':
    case 'msgs':
    case 'listen':
      return; // traffic and listeners are the table's business
  }
}

/** The sessions' documents are gone with their EventSources and timers: end them at `at`. */
export function historyRetire(h: History, sessions: ReadonlySet<string>, at: number): void {
  for (const session of sessions) {
    const s = h.sessions.get(session);
    if (!s || s.unloadedAt !== null) continue;
    s.unloadedAt = at;
    for (const c of h.connections.values())
      if (c.session === session && c.closedAt === null) close(h, c.key, at, null, 'unload');
    for (const [timerKey, event] of h.pending) {
      if (event.session !== session) continue;
      h.pending.delete(timerKey);
      // The timer died with its document: end it in the history too.
      h.timers.push({ ...event, t: at, seq: Number.MAX_SAFE_INTEGER, phase: 'cleared' });
    }
  }
}

/**
 * A new page started at `at` (its first record): an unload a navigation event dated later
 * happened no later than that, so a reload never looks like two connections overlapping.
 */
export function historyCorrectUnloads(h: History, at: number): void {
  for (const c of h.connections.values()) {
    if (c.closedBy === 'unload' && c.closedAt !== null && c.closedAt > at)
      update(h, c.key, () => ({ closedAt: Math.max(c.createdAt, at) }));
  }
  for (const s of h.sessions.values())
    if (s.unloadedAt !== null && s.unloadedAt > at) s.unloadedAt = at;
}

/** Forgets history; live connections and pending timers stay (they are still there). */
export function historyClear(h: History, at: number): void {
  const keep = new Map<string, RecordedConnection>();
  for (const [key, c] of h.connections) if (c.closedAt === null) keep.set(key, c);
  h.connections = keep;
  h.timers = [...h.pending.values()];
  h.pending = new Map(h.timers.map((e) => [e.timer, e]));
  h.debug = [];
  h.start = at;
  h.truncated = 0;
}

export function historySnapshot(h: History, end: number, lostRecords: number): Recording {
  const sessions: RecordedSession[] = [...h.sessions].map(([session, s]) => ({
    session,
    firstAt: s.firstAt,
    fromStart: s.fromStart,
    url: s.url,
    unloadedAt: s.unloadedAt,
  }));
  if (h.start === null)
    return {
      start: null,
      end,
      connections: [],
      timers: [],
      debug: [],
      sessions,
      lostRecords: 0,
      truncated: 0,
    };
  return {
    start: h.start,
    end,
    connections: [...h.connections.values()],
    timers: h.timers.slice(),
    debug: h.debug.slice(),
    sessions,
    lostRecords,
    truncated: h.truncated,
  };
}

function numberField(value: unknown, name: string): number | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = (value as Record<string, unknown>)[name];
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  // Some apps expose subscribers as a list: its length is the count.
  if (Array.isArray(v)) return v.length;
  return null;
}

export function debugSample(r: DebugRecord, session: string): DebugSample {
  return {
    t: r.t,
    seq: r.seq,
    session,
    name: r.name,
    ok: r.ok,
    connects: r.ok ? numberField(r.value, 'connects') : null,
    timers: r.ok ? numberField(r.value, 'timers') : null,
    subscribers: r.ok ? numberField(r.value, 'subscribers') : null,
    deliveries: r.ok ? deliveriesOf(r.value) : null,
  };
}

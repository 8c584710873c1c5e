/**
 * Keeps the Recording (see recording.ts) from the same `bg:records` stream the part-1 store reads.
 * It validates on its own (everything from the background is untrusted), ignores records it already
 * holds (a replay after a reconnect repeats them), and stays bounded: past a cap the oldest entries
 * go and `truncated` says how many, so a verdict can say its data is incomplete.
 */
import { isBackgroundToPanel, type HookRecord } from '../../src/protocol';
import {
  EMPTY_RECORDING,
  type DebugSample,
  type RecordedConnection,
  type RecordedSession,
  type Recording,
  type TimerEvent,
} from './recording';

export const RECORDER_LIMITS = {
  connections: 50_000,
  timerEvents: 100_000,
  debugSamples: 20_000,
} as const;

export interface Recorder {
  /** Feeds one message from the link; returns true when the recording changed. */
  messageReceived(message: unknown): boolean;
  /**
   * The inspected tab navigated; `currentSession` is the hook session the page holds now (null:
   * no hook, undefined: unknown). Same rule as the part-1 store's `navigated`: only a document
   * we do not hold as current means the held ones were unloaded (pushState changes nothing).
   */
  navigated(currentSession: string | null | undefined): void;
  /** Forgets history; live connections and pending timers stay (they are still there). */
  clear(): void;
  /** The recording as of `end` (page and panel clocks are both epoch ms on one machine). */
  snapshot(end: number): Recording;
  readonly version: () => number;
  subscribe(listener: () => void): () => void;
}

interface DocumentState {
  readonly frameId: number;
  /** Panel clock. */
  readonly firstSeenByPanel: number;
  retired: boolean;
}

interface SessionState {
  readonly documentId: string;
  firstAt: number;
  firstSeenByPanel: number;
  fromStart: boolean;
  url: string;
  unloadedAt: number | null;
  cursor: number;
}

export function createRecorder(options: { now?: () => number } = {}): Recorder {
  const now = options.now ?? Date.now;
  let connections = new Map<string, RecordedConnection>();
  let timers: TimerEvent[] = [];
  let pending = new Map<string, TimerEvent>();
  let debug: DebugSample[] = [];
  const sessions = new Map<string, SessionState>();
  const documents = new Map<string, DocumentState>();
  let start: number | null = null;
  let lostRecords = 0;
  let truncated = 0;
  let version = 0;
  let cached: { version: number; recording: Recording } | null = null;
  const listeners = new Set<() => void>();

  const changed = (): void => {
    version += 1;
    for (const l of listeners) l();
  };

  const update = (
    key: string,
    patch: (c: RecordedConnection) => Partial<RecordedConnection>,
  ): void => {
    const c = connections.get(key);
    if (c) connections.set(key, { ...c, ...patch(c) });
  };

  const close = (
    key: string,
    t: number,
    seq: number | null,
    by: RecordedConnection['closedBy'],
  ): void =>
    update(key, (c) => (c.closedAt !== null ? {} : { closedAt: t, closeSeq: seq, closedBy: by }));

  function bound<T>(list: T[], max: number): T[] {
    if (list.length <= max) return list;
    const excess = list.length - max;
    truncated += excess;
    return list.slice(excess);
  }

  function apply(r: HookRecord, session: string, info: SessionState): void {
    const key = (id: number) => `${session}#${id}`;
    switch (r.k) {
      case 'hello':
        info.fromStart = info.fromStart || r.seq === 1;
        info.url = r.url;
        return;
      case 'dropped':
        return;
      case 'conn':
        connections.set(key(r.id), {
          key: key(r.id),
          session,
          id: r.id,
          url: r.url,
          createdAt: r.t,
          seq: r.seq,
          openedAt: null,
          closedAt: null,
          closeSeq: null,
          closedBy: null,
          parent: r.parent === undefined ? null : key(r.parent),
          timer: r.timer === undefined ? null : key(r.timer),
          annotation: null,
          stack: r.stack,
        });
        if (connections.size > RECORDER_LIMITS.connections) {
          const oldest = connections.keys().next().value;
          if (oldest !== undefined) connections.delete(oldest);
          truncated += 1;
        }
        return;
      case 'open':
        update(key(r.id), (c) => (c.openedAt === null ? { openedAt: r.t } : {}));
        return;
      case 'error':
        // readyState 0 is the browser's own retry: the same EventSource stays live.
        if (r.readyState === 2) close(key(r.id), r.t, r.seq, 'browser');
        return;
      case 'close':
        close(key(r.id), r.t, r.seq, 'page');
        return;
      case 'annotate':
        update(key(r.id), () => ({
          annotation: { client: r.client, marker: r.marker, reason: r.reason, t: r.t },
        }));
        return;
      case 'timer': {
        const event: TimerEvent = {
          t: r.t,
          seq: r.seq,
          session,
          timer: key(r.timer),
          conn: key(r.id),
          phase: r.phase,
        };
        timers.push(event);
        if (r.phase === 'created') pending.set(event.timer, event);
        else pending.delete(event.timer);
        timers = bound(timers, RECORDER_LIMITS.timerEvents);
        return;
      }
      case 'debug':
        debug.push(debugSample(r, session));
        debug = bound(debug, RECORDER_LIMITS.debugSamples);
        return;
      case 'msgs':
      case 'listen':
        return; // traffic and listeners are the part-1 store's business
    }
  }

  /**
   * The documents are gone with their EventSources and timers, but no record will say so: end
   * them at `at`. Returns whether anything changed.
   */
  function retire(documentIds: ReadonlySet<string>, at: number): boolean {
    if (documentIds.size === 0) return false;
    for (const id of documentIds) {
      const doc = documents.get(id);
      if (doc) doc.retired = true;
    }
    for (const [session, info] of sessions) {
      if (!documentIds.has(info.documentId) || info.unloadedAt !== null) continue;
      info.unloadedAt = at;
      for (const c of connections.values()) {
        if (c.session === session && c.closedAt === null) close(c.key, at, null, 'unload');
      }
      for (const [timerKey, event] of pending) {
        if (event.session !== session) continue;
        pending.delete(timerKey);
        // The timer died with its document: end it in the history too.
        timers.push({ ...event, t: at, seq: Number.MAX_SAFE_INTEGER, phase: 'cleared' });
      }
    }
    return true;
  }

  /**
   * A new top-level document means the previous page is gone — in order with the records, which a
   * navigation event is not. It ends the old page when the new one started (its first record), so
   * a reload never looks like two live connections overlapping.
   */
  function documentSeen(documentId: string, frameId: number, firstT: number): void {
    if (documents.has(documentId)) return;
    const at = Math.min(now(), firstT);
    if (frameId === 0) {
      const live = [...documents].filter(([, d]) => !d.retired).map(([id]) => id);
      if ([...documents.values()].some((d) => d.frameId === 0 && !d.retired))
        retire(new Set(live), at);
      // A navigation event that came first ended the old page at its own (later) time: correct it.
      for (const c of connections.values()) {
        if (c.closedBy === 'unload' && c.closedAt !== null && c.closedAt > at)
          update(c.key, () => ({ closedAt: Math.max(c.createdAt, at) }));
      }
    }
    documents.set(documentId, { frameId, firstSeenByPanel: now(), retired: false });
  }

  function ingest(session: string, documentId: string, records: readonly HookRecord[]): boolean {
    let info = sessions.get(session);
    let applied = false;
    for (const r of records) {
      if (!info) {
        info = {
          documentId,
          firstAt: r.t,
          firstSeenByPanel: now(),
          fromStart: false,
          url: '',
          unloadedAt: null,
          cursor: 0,
        };
        sessions.set(session, info);
      }
      if (r.seq <= info.cursor) continue;
      if (r.k === 'dropped') lostRecords += r.count;
      else if (r.seq > info.cursor + 1 && info.cursor > 0) lostRecords += r.seq - info.cursor - 1;
      info.cursor = r.seq;
      if (start === null || r.t < start) start = r.t;
      apply(r, session, info);
      applied = true;
    }
    return applied;
  }

  return {
    messageReceived(message) {
      if (!isBackgroundToPanel(message)) return false;
      // bg:navigated cannot tell a new document from a route change; records and the panel's
      // session check (navigated) decide instead.
      if (message.kind === 'bg:navigated') return true;
      if (message.kind !== 'bg:records') return false;
      const first = message.records[0];
      if (first) documentSeen(message.documentId, message.frameId, first.t);
      const applied = ingest(message.session, message.documentId, message.records);
      if (applied) changed();
      return applied;
    },

    navigated(currentSession) {
      if (currentSession === undefined) return;
      const info = currentSession === null ? undefined : sessions.get(currentSession);
      const doc = info ? documents.get(info.documentId) : undefined;
      if (doc && !doc.retired) return;
      const old = new Set<string>();
      for (const [id, d] of documents) if (!d.retired) old.add(id);
      if (retire(old, now())) changed();
    },

    clear() {
      const at = now();
      const keep = new Map<string, RecordedConnection>();
      for (const [key, c] of connections) if (c.closedAt === null) keep.set(key, c);
      connections = keep;
      timers = [...pending.values()];
      pending = new Map(timers.map((e) => [e.timer, e]));
      debug = [];
      start = at;
      lostRecords = 0;
      truncated = 0;
      changed();
    },

    snapshot(end) {
      if (!cached || cached.version !== version) {
        const list: RecordedSession[] = [...sessions].map(([session, s]) => ({
          session,
          firstAt: s.firstAt,
          fromStart: s.fromStart,
          url: s.url,
          unloadedAt: s.unloadedAt,
        }));
        cached = {
          version,
          recording:
            start === null
              ? { ...EMPTY_RECORDING, sessions: list }
              : {
                  start,
                  end,
                  connections: [...connections.values()],
                  timers: timers.slice(),
                  debug: debug.slice(),
                  sessions: list,
                  lostRecords,
                  truncated,
                },
        };
      }
      return cached.recording.end === end ? cached.recording : { ...cached.recording, end };
    },

    version: () => version,

    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
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

export function debugSample(r: Extract<HookRecord, { k: 'debug' }>, session: string): DebugSample {
  return {
    t: r.t,
    seq: r.seq,
    session,
    name: r.name,
    ok: r.ok,
    connects: r.ok ? numberField(r.value, 'connects') : null,
    timers: r.ok ? numberField(r.value, 'timers') : null,
    subscribers: r.ok ? numberField(r.value, 'subscribers') : null,
  };
}

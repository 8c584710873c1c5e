/**
 * A Recording is the history the acceptance view and the timeline judge: when each connection
 * lived, when reconnect timers were pending and what the app's debug globals said, with the page's
 * own timestamps and seq numbers. It is plain JSON (no Maps, no classes) because it is also what an
 * evidence report carries, and an imported report is judged from exactly this shape again.
 *
 * The panel model keeps both: the table (the *current* state: latest debug snapshot, pending
 * timers now) and this compact history the criteria need (see ../model/history.ts).
 */
import type { DeliverySummary } from '../acceptance/delivered-once';
import type { ClosedBy } from '../model';

export interface Annotation {
  readonly client: string;
  readonly marker: string;
  readonly reason: string;
  readonly t: number;
}

export interface RecordedConnection {
  /** `${session}#${id}`, the same key as the table's rows. */
  readonly key: string;
  /**
   * The id the panel showed for it (`#n`, unique in its panel session). Absent in reports saved
   * before display ids existed: those show the hook's own `#id`.
   */
  readonly displayId?: number;
  readonly session: string;
  readonly id: number;
  /** Absolute URL as the hook sent it (query already redacted by the hook's rule). */
  readonly url: string;
  readonly createdAt: number;
  /** seq of the `conn` record: orders events of one session inside one millisecond. */
  readonly seq: number;
  readonly openedAt: number | null;
  readonly closedAt: number | null;
  /** seq of the record that closed it; null for an unload (no record says so). */
  readonly closeSeq: number | null;
  readonly closedBy: ClosedBy | null;
  /** Key of the connection whose error handler scheduled the timer that created this one. */
  readonly parent: string | null;
  /** Key of the reconnect timer in whose callback this one was created. */
  readonly timer: string | null;
  readonly annotation: Annotation | null;
  /** Construction stack (hook frames removed). */
  readonly stack: string;
}

export type TimerPhase = 'created' | 'fired' | 'cleared';

export interface TimerEvent {
  readonly t: number;
  readonly seq: number;
  readonly session: string;
  /** `${session}#${timer}`. */
  readonly timer: string;
  /** Key of the connection whose error handler scheduled it. */
  readonly conn: string;
  readonly phase: TimerPhase;
}

/** One poll of a debug global, reduced to the numbers the acceptance criteria ask about. */
export interface DebugSample {
  readonly t: number;
  readonly seq: number;
  readonly session: string;
  readonly name: string;
  readonly ok: boolean;
  readonly connects: number | null;
  readonly timers: number | null;
  readonly subscribers: number | null;
  /** The client's own delivery accounting, when its debug value reports one (optional in reports). */
  readonly deliveries?: DeliverySummary | null;
}

/** One hook session = one document (or frame) lifetime. */
export interface RecordedSession {
  readonly session: string;
  /** Time of its first record seen. */
  readonly firstAt: number;
  /** True when its `hello` (seq 1) was seen: the history of this document is complete from its start. */
  readonly fromStart: boolean;
  readonly url: string;
  /** The document was unloaded (navigation or reload) at this time. */
  readonly unloadedAt: number | null;
}

export interface Recording {
  /** Time of the first record (null while empty). */
  readonly start: number | null;
  /** Time the recording was read (a live one keeps growing; an imported one is fixed). */
  readonly end: number;
  readonly connections: readonly RecordedConnection[];
  readonly timers: readonly TimerEvent[];
  readonly debug: readonly DebugSample[];
  readonly sessions: readonly RecordedSession[];
  /** Records lost before they reached the panel (hook buffer overflow or seq gaps). */
  readonly lostRecords: number;
  /** Entries the recorder itself had to drop to stay bounded. */
  readonly truncated: number;
}

export const EMPTY_RECORDING: Recording = {
  start: null,
  end: 0,
  connections: [],
  timers: [],
  debug: [],
  sessions: [],
  lostRecords: 0,
  truncated: 0,
};

export function isConnectionLiveAt(c: RecordedConnection, t: number): boolean {
  return c.createdAt <= t && (c.closedAt === null || c.closedAt > t);
}

/** Path of a URL ('' when it cannot be parsed as absolute). */
export function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    // Placeholders and forged values are not absolute URLs: compare the text before the query.
    const cut = url.search(/[?#]/);
    const head = cut === -1 ? url : url.slice(0, cut);
    const slash = head.indexOf('/', head.indexOf('//') + 2);
    return head.startsWith('/') ? head : slash === -1 ? '' : head.slice(slash);
  }
}

/** Does the connection go to the acceptance endpoint (path equality, any origin, query ignored)? */
export function isToEndpoint(c: Pick<RecordedConnection, 'url'>, endpointPath: string): boolean {
  const want = normalizePath(endpointPath);
  return want !== '' && normalizePath(pathOf(c.url)) === want;
}

function normalizePath(p: string): string {
  const trimmed = p.trim();
  return trimmed.length > 1 && trimmed.endsWith('/') ? trimmed.slice(0, -1) : trimmed;
}

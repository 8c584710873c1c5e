/**
 * Records emitted by the page hook. They are the single source of truth of what happened in a
 * page: the hook numbers them (`seq`, per hook session, from 1, no gaps) and keeps them in a
 * bounded ring buffer, so any later hop that lost some can ask for a replay from a cursor.
 *
 * Short keys keep the hot path and the postMessage clone cheap. All times are epoch ms.
 */

/** WHATWG EventSource readyState values. */
export type ReadyState = 0 | 1 | 2;

/** One SSE message sample kept for the panel's "recent messages" list. */
export interface MessageSample {
  /** Event type ("message" or the named event). */
  readonly type: string;
  /** `lastEventId` at this message ('' if none). */
  readonly id: string;
  /** Data length in UTF-16 code units (the full length, not the truncated one). */
  readonly size: number;
  readonly t: number;
  /** Data, truncated to the configured cap. */
  readonly data: string;
  /** True when `data` was cut. */
  readonly cut: boolean;
  /**
   * True when this event changed `lastEventId`, i.e. it carried its own `id:` field (an id equal
   * to the previous one cannot be told apart from none). Absent in data from older hooks.
   */
  readonly own?: boolean;
}

interface Base {
  /** Monotonic per hook session, starting at 1. */
  readonly seq: number;
  readonly t: number;
}

/** First record of a hook session (one per document/frame). */
export interface HelloRecord extends Base {
  readonly k: 'hello';
  /** Document URL (query redacted). */
  readonly url: string;
  readonly top: boolean;
  readonly hookVersion: string;
}

/**
 * What made a connection: `new EventSource(...)`, a `fetch()` whose response is
 * `text/event-stream`, or an `XMLHttpRequest` (reserved: the hook does not observe XHR).
 */
export type ConnectionKind = 'eventsource' | 'fetch' | 'xhr';

/**
 * How a fetch stream ended: the page cancelled its body (`cancel`), its signal aborted the
 * request (`abort`), the server ended the body (`server`), or the network failed (`network`).
 */
export type StreamEnd = 'cancel' | 'abort' | 'server' | 'network';

/** A `new EventSource(...)` call, or a `fetch()` that turned out to be an event stream. */
export interface ConnRecord extends Base {
  readonly k: 'conn';
  /** Connection id, unique within the hook session. */
  readonly id: number;
  /** Absolute URL, query parameters matching the redaction rule replaced by `REDACTED`. */
  readonly url: string;
  readonly withCredentials: boolean;
  /** Construction stack, hook frames removed, one frame per line ("at fn (url:line:col)"). */
  readonly stack: string;
  /** Connection whose error handler scheduled the timer that created this one. */
  readonly parent?: number;
  /** The reconnect timer (see TimerRecord) inside whose callback this connection was created. */
  readonly timer?: number;
  /** Absent: 'eventsource' (records of older hooks). */
  readonly kind?: ConnectionKind;
  /** Request method of a fetch stream (upper case). */
  readonly method?: string;
}

export interface OpenRecord extends Base {
  readonly k: 'open';
  readonly id: number;
  /** HTTP status of a fetch stream's response. */
  readonly status?: number;
}

/**
 * An `error` event. readyState 0 = transient (the browser will retry), 2 = terminal (non-200,
 * wrong content type, CORS, or the browser gave up).
 */
export interface ErrorRecord extends Base {
  readonly k: 'error';
  readonly id: number;
  readonly readyState: ReadyState;
  /** A fetch stream's end without the page: 'server' (body done) or 'network' (read failed). */
  readonly end?: StreamEnd;
}

/** The page called `close()`. */
export interface CloseRecord extends Base {
  readonly k: 'close';
  readonly id: number;
  readonly stack: string;
  /** readyState before the call (closing an already CLOSED source is a no-op but still shown). */
  readonly readyState: ReadyState;
  /** A fetch stream the page ended: 'cancel' (body cancelled) or 'abort' (its signal aborted). */
  readonly end?: StreamEnd;
  /**
   * Closed in the task that constructed it: the browser starts an EventSource's request in a
   * later task, so this one never reached the network (a StrictMode double mount's first).
   */
  readonly unsent?: true;
}

/**
 * Message traffic of one connection since its previous `msgs` record. Messages are aggregated,
 * not sent one by one: posting per message costs 4–8x native throughput.
 */
export interface MsgsRecord extends Base {
  readonly k: 'msgs';
  readonly id: number;
  readonly count: number;
  /** Characters of data; with `unmeasured`, partly an estimate. */
  readonly bytes: number;
  /**
   * Messages counted without reading their data (a flood past the hook's per-interval read
   * budget): `bytes` includes them at the mean size of the others. Absent when 0.
   */
  readonly unmeasured?: number;
  /** Per event type counts in this interval. */
  readonly byType: Readonly<Record<string, number>>;
  readonly lastEventId: string;
  readonly lastAt: number;
  /** The newest samples of this interval (bounded). */
  readonly recent: readonly MessageSample[];
  /** Samples of this interval that were not kept because of the bound. */
  readonly skipped: number;
  /** The last `retry:` value a fetch stream's server sent in this interval (ms). */
  readonly retry?: number;
}

/** The page added its first listener for an event type (`onmessage` counts as "message"). */
export interface ListenRecord extends Base {
  readonly k: 'listen';
  readonly id: number;
  readonly type: string;
}

/** Label given by an SSE client library through `__SSE_DEVTOOLS_HOOK__.annotate`. */
export interface AnnotateRecord extends Base {
  readonly k: 'annotate';
  readonly id: number;
  readonly client: string;
  readonly marker: string;
  readonly reason: string;
}

/** A timer scheduled synchronously inside an EventSource `error` dispatch (a reconnect timer). */
export interface TimerRecord extends Base {
  readonly k: 'timer';
  /** Hook-local timer id (not the page's timeout handle). */
  readonly timer: number;
  /** Connection whose error handler scheduled it. */
  readonly id: number;
  readonly phase: 'created' | 'fired' | 'cleared';
  readonly delay: number;
}

/** One poll of a debug global such as `window.__zarizSSEDebug()` or `globalThis.__zarizSSE`. */
export interface DebugRecord extends Base {
  readonly k: 'debug';
  readonly name: string;
  readonly ok: boolean;
  /** JSON-safe, depth and size capped copy of the returned value. */
  readonly value?: unknown;
  readonly error?: string;
  /** Time the call took. */
  readonly ms: number;
}

/** Records lost to the hook's ring-buffer overflow since the previous `dropped` record. */
export interface DroppedRecord extends Base {
  readonly k: 'dropped';
  readonly count: number;
  /** First and last seq that were lost. */
  readonly from: number;
  readonly to: number;
}

export type HookRecord =
  | HelloRecord
  | ConnRecord
  | OpenRecord
  | ErrorRecord
  | CloseRecord
  | MsgsRecord
  | ListenRecord
  | AnnotateRecord
  | TimerRecord
  | DebugRecord
  | DroppedRecord;

export type HookRecordKind = HookRecord['k'];

/**
 * A record before the hook numbers it; `seq`/`t` are assigned when it enters the hook's record
 * log. Drafts made on hot paths carry `seq: 0, t: 0` placeholders: the log then fills existing
 * fields instead of adding two, which would change the object's hidden class and allocate an
 * out-of-object property store per record (records stay buffered, so each extra object is also
 * copied by the GC).
 */
export type RecordDraft = HookRecord extends infer R
  ? R extends HookRecord
    ? Omit<R, 'seq' | 't'> & { seq?: number; t?: number }
    : never
  : never;

/** The draft of one kind, writable: the hook fills in stacks and URLs before it is posted. */
export type DraftOf<K extends HookRecordKind> = {
  -readonly [P in keyof Extract<RecordDraft, { k: K }>]: Extract<RecordDraft, { k: K }>[P];
};

/**
 * Settings the panel pushes to the hook (persisted per origin by the panel); each is bounded by
 * `HOOK_SETTING_BOUNDS` (limits.ts).
 */
export interface HookSettings {
  /** Query parameter names whose values are redacted in URLs (case-insensitive). */
  readonly redactParams: readonly string[];
  /** Globals to poll while a panel is attached: functions are called, objects are read. */
  readonly debugGlobals: readonly string[];
  /** Poll interval for debug globals, ms. */
  readonly pollMs: number;
  /** Ring buffer budget in (approximate) bytes. */
  readonly bufferBytes: number;
  /** Max characters of message data kept per sample. */
  readonly dataCap: number;
}

/**
 * Defaults until the panel sends the user's settings. The debug globals are the ones the fixed
 * client (src/client/singleton.ts) exposes: `window.__zarizSSEDebug()` and `globalThis.__zarizSSE`;
 * an app with other names sets them in the panel.
 */
export const DEFAULT_HOOK_SETTINGS: HookSettings = {
  redactParams: ['token', 'access_token', 'auth'],
  debugGlobals: ['__zarizSSEDebug', '__zarizSSE'],
  pollMs: 1000,
  bufferBytes: 5 * 1024 * 1024,
  dataCap: 1024,
};

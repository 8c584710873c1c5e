/**
 * What the client says about itself: `[SSE] …` log lines (redacted, each ending with the marker of
 * the live connection), stack snapshots of ignored calls, and the label it hands to the SSE
 * devtools panel's page hook for each EventSource it constructs. Nothing here decides anything.
 */
import type { Clock } from '../shared/timers';
import type { SecretMemory } from './redact';
import type {
  EventSourceLike,
  SSEDebugSnapshot,
  SSEErrorInfo,
  SSEErrorKind,
  SSELogFunction,
  SSELogLevel,
} from './types';

/** The page hook's global, when the SSE devtools extension is installed. */
const DEVTOOLS_HOOK_GLOBAL = '__SSE_DEVTOOLS_HOOK__';

export interface Diagnostics {
  /** Dev log line, silent unless debug is on. */
  devLog(level: SSELogLevel, text: string, details?: unknown): void;
  /** Problems in the app (throwing subscribers, missing EventSource): reported even without debug. */
  report(level: SSELogLevel, text: string, details?: unknown): void;
  /** Who called: a stack snapshot for an ignored `connect()`, taken only in debug. */
  callSite(label: string): string | undefined;
  /** Label the connection for the SSE devtools panel, if its page hook is present. */
  annotate(source: EventSourceLike, reason: string): void;
  /** Call an injected edge; if it throws, report `text` as a warning and return `fallback`. */
  guarded<T>(fn: () => T, fallback: T, text: string): T;
}

export function createDiagnostics(config: {
  readonly name: string;
  readonly debugOn: boolean;
  readonly log: SSELogFunction;
  readonly secrets: SecretMemory;
  /** Marker of the current (or last) connection. */
  readonly marker: () => string | null;
}): Diagnostics {
  const { name, debugOn, log, secrets, marker } = config;

  function emit(level: SSELogLevel, text: string, details?: unknown): void {
    try {
      const line = secrets.text(`[SSE] ${text} marker=${marker() ?? '-'}`);
      log(level, line, details === undefined ? undefined : secrets.deep(details));
    } catch {
      // A broken logger must never break connection handling; there is nowhere left to report to.
    }
  }

  const diagnostics: Diagnostics = {
    devLog(level, text, details) {
      if (debugOn) emit(level, text, details);
    },
    report: emit,
    callSite: (label) => (debugOn ? new Error(label).stack : undefined),
    annotate(source, reason) {
      try {
        const hook = (globalThis as Record<string, unknown>)[DEVTOOLS_HOOK_GLOBAL];
        if ((typeof hook !== 'object' && typeof hook !== 'function') || hook === null) return;
        const fn = (hook as { annotate?: unknown }).annotate;
        if (typeof fn !== 'function') return;
        fn.call(hook, source, { client: name, marker: marker(), reason: secrets.text(reason) });
      } catch (error) {
        // The hook is a diagnostic aid from another party: it must never break the client.
        diagnostics.devLog('warn', 'devtools hook annotate() threw; ignored', { error });
      }
    },
    guarded(fn, fallback, text) {
      try {
        return fn();
      } catch (error) {
        // The edge belongs to the app (auth, lifecycle): its failure is reported, never rethrown.
        emit('warn', text, { error });
        return fallback;
      }
    },
  };
  return diagnostics;
}

type ErrorFields =
  'lastErrorAt' | 'lastError' | 'transientErrors' | 'terminalErrors' | 'heartbeatTimeouts';

/** The stream's failures: the last one and a count of each kind, for `debug()` and listeners. */
export interface ErrorLog {
  readonly last: SSEErrorInfo | null;
  record(kind: SSEErrorKind, reason: string): void;
  /** A silent stream declared dead by the watchdog (also recorded as a transient error). */
  recordSilence(silentForMs: number): void;
  snapshot(): Pick<SSEDebugSnapshot, ErrorFields>;
}

export function createErrorLog(now: Clock): ErrorLog {
  let last: SSEErrorInfo | null = null;
  const counts = { transient: 0, terminal: 0, silence: 0 };
  const record = (kind: SSEErrorKind, reason: string): void => {
    last = { at: now(), kind, reason };
    counts[kind] += 1;
  };
  return {
    get last() {
      return last;
    },
    record,
    recordSilence(silentForMs) {
      counts.silence += 1;
      record('transient', `heartbeat timeout (silent ${silentForMs}ms)`);
    },
    snapshot: () => ({
      lastErrorAt: last === null ? null : last.at,
      lastError: last === null ? null : { ...last },
      transientErrors: counts.transient,
      terminalErrors: counts.terminal,
      heartbeatTimeouts: counts.silence,
    }),
  };
}

/**
 * The registry's one queue of work deferred off the page's call: every construction and every
 * close() that captured a stack leaves an entry here, and the entry is worked on in two steps.
 *
 * 1. `settle` — at the current task's microtask checkpoint (queued by the first entry that needs
 *    it), or earlier when the registry needs it now: for a construction, read the source's native
 *    `url`/`withCredentials` and register our lifecycle listeners. A microtask runs before any
 *    event task can fire, so no event is missed; the source is released once settled.
 * 2. `finish` — at flush time (`finalize`): format the captured stack, redact the URL and
 *    correct the record's byte estimate. Formatting is the costliest step of a construction, and
 *    a storm's page never waits for it.
 *
 * Entries are kept in parallel arrays (no object per entry). Both steps swap out what they work
 * on before calling out, so an entry added meanwhile (a page's `Error.prepareStackTrace` may
 * construct an EventSource while we read a stack) is kept for the next round.
 */
import type { Natives } from './natives';

export interface DeferredSteps<C, R> {
  /** Step 1 for a construction of `source` (`withInit`: the page passed an EventSourceInit). */
  settle(source: EventSource, conn: C, withInit: boolean): void;
  /** Step 2 for `record` (a `conn` or `close` draft); `error` holds the captured stack or null. */
  finish(record: R, conn: C, error: unknown): void;
  internalError(): void;
}

export interface DeferredQueue<C, R> {
  /** A construction: settle at the microtask checkpoint, finish at flush. */
  constructed(source: EventSource, conn: C, withInit: boolean, record: R, error: unknown): void;
  /** A close() whose stack is formatted at flush. */
  closed(conn: C, record: R, error: unknown): void;
  /** Runs step 1 for every entry not settled yet. Never throws. */
  settle(): void;
  /**
   * Microtask checkpoints reached since install after a construction (each construction's task
   * reaches one before any other task runs). Unchanged since a construction: the page is still
   * in the task (or microtasks) that made it.
   */
  readonly checkpoints: number;
  /** Runs step 1 if needed, then step 2 for every entry, and empties the queue. */
  finalize(): void;
}

export function createDeferredQueue<C, R>(
  natives: Natives,
  steps: DeferredSteps<C, R>,
): DeferredQueue<C, R> {
  let conns: C[] = [];
  let records: R[] = [];
  let errors: unknown[] = [];
  /** The source of each unsettled construction; null once settled, and for close() entries. */
  let sources: Array<EventSource | null> = [];
  let inits: boolean[] = [];
  /** Entries before this index are settled. */
  let settled = 0;
  let unsettled = 0;
  let checkpoints = 0;

  function settle(): void {
    if (unsettled === 0) return;
    const end = conns.length;
    const from = settled;
    const entrySources = sources;
    const entryConns = conns;
    settled = end;
    unsettled = 0;
    for (let i = from; i < end; i++) {
      const source = entrySources[i];
      if (source === null || source === undefined) continue;
      entrySources[i] = null;
      try {
        steps.settle(source, entryConns[i] as C, inits[i] === true);
      } catch {
        // A native getter or addEventListener failed on this source: count it, settle the rest.
        steps.internalError();
      }
    }
  }

  const settleTask = (): void => {
    checkpoints++;
    // Runs as a microtask of the page's task: an exception here would reach window.onerror.
    try {
      settle();
    } catch {
      // Nothing above should throw; if it does, the page must not see it.
      steps.internalError();
    }
  };

  return {
    constructed(source, conn, withInit, record, error) {
      const i = conns.length;
      if (unsettled++ === 0) natives.queueMicrotask(settleTask);
      conns[i] = conn;
      records[i] = record;
      errors[i] = error;
      sources[i] = source;
      inits[i] = withInit;
    },
    closed(conn, record, error) {
      const i = conns.length;
      conns[i] = conn;
      records[i] = record;
      errors[i] = error;
      sources[i] = null;
      inits[i] = false;
    },
    settle,
    get checkpoints() {
      return checkpoints;
    },
    finalize() {
      settle();
      if (conns.length === 0) return;
      const entryConns = conns;
      const entryRecords = records;
      const entryErrors = errors;
      conns = [];
      records = [];
      errors = [];
      sources = [];
      inits = [];
      settled = 0;
      for (let i = 0; i < entryConns.length; i++) {
        try {
          steps.finish(entryRecords[i] as R, entryConns[i] as C, entryErrors[i]);
        } catch {
          // A page's Error.prepareStackTrace or a broken URL: count it, finish the rest.
          steps.internalError();
        }
      }
    },
  };
}

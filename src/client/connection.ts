/**
 * The one EventSource of a client. Every construction goes through `open`, which closes the
 * previous instance first, so there is never an instant with two non-closed EventSources; events
 * of a replaced instance are dropped by identity. Also keeps what identifies each connection: the
 * connect counter, a random marker printed in every log line, the redacted URL and a bounded
 * history of connects.
 */
import type { Random } from '../shared/timers';
import { withQueryParam } from './build-url';
import type { Diagnostics } from './diagnostics';
import type { SecretMemory } from './redact';
import type { SilenceWatchdog } from './silence-watchdog';
import type { EventSourceConstructor, EventSourceLike, SSEConnectRecord } from './types';

/** Connect records kept for `debug().history`. */
const HISTORY_LIMIT = 20;

export interface ConnectionHandlers {
  open(): void;
  /** `freshId`: the event's id when it carries one of its own, else null. */
  message(event: Event, freshId: string | null): void;
  error(readyState: number): void;
  /** An `error` from an instance already closed or replaced. */
  staleError(): void;
}

export type OpenResult =
  { readonly ok: true } | { readonly ok: false; readonly reason: string; readonly error: unknown };

export interface Connection {
  readonly current: EventSourceLike | null;
  /** `open` was dispatched by the current instance. */
  readonly isOpen: boolean;
  /** EventSources constructed so far (attempts that failed before construction included). */
  readonly connects: number;
  readonly marker: string | null;
  /** URL of the current or last connection, tokens redacted. */
  readonly url: string | null;
  /** The last event id received, sent back when the client reopens the stream. */
  readonly lastEventId: string | null;
  history(): SSEConnectRecord[];
  /** Replace the EventSource; `baseUrl` builds the URL without the last event id. */
  open(reason: string, baseUrl: () => string): OpenResult;
  close(): void;
}

export function createConnection(deps: {
  readonly random: Random;
  readonly now: () => number;
  readonly withCredentials: boolean;
  readonly namedEvents: readonly string[];
  readonly lastEventIdParam: string;
  eventSourceCtor(): EventSourceConstructor | undefined;
  readonly secrets: SecretMemory;
  readonly diagnostics: Pick<Diagnostics, 'devLog' | 'annotate'>;
  readonly watchdog: SilenceWatchdog;
  readonly on: ConnectionHandlers;
}): Connection {
  const { secrets, diagnostics, watchdog, on } = deps;
  let es: EventSourceLike | null = null;
  let esOpen = false;
  let connects = 0;
  let marker: string | null = null;
  let url: string | null = null;
  let lastEventId: string | null = null;
  /** lastEventId of the previous event of the current instance. */
  let previousId = '';
  const history: SSEConnectRecord[] = [];

  function close(): void {
    watchdog.clear();
    const current = es;
    es = null;
    esOpen = false;
    if (current === null) return;
    try {
      current.close();
    } catch (error) {
      // close() on an instance a polyfill or wrapper already tore down can throw. We drop the
      // instance either way and its events are ignored by identity, so only note it.
      diagnostics.devLog('warn', 'close() threw on the previous EventSource; dropped anyway', {
        error,
      });
    }
  }

  function listen(source: EventSourceLike): void {
    source.addEventListener('open', () => {
      if (source !== es) {
        diagnostics.devLog('debug', 'ignored open from a replaced EventSource');
        return;
      }
      esOpen = true;
      watchdog.stamp();
      on.open();
    });
    source.addEventListener('error', () => {
      // A second or late `error` from an instance we already closed or replaced: never a new timer.
      if (source === es) on.error(source.readyState);
      else on.staleError();
    });
    const message = (event: Event): void => {
      // A replaced EventSource that still delivers would duplicate events: drop them.
      if (source !== es) return;
      watchdog.stamp();
      const raw = (event as { lastEventId?: unknown }).lastEventId;
      const id = typeof raw === 'string' ? raw : '';
      if (id !== '') lastEventId = id;
      // The browser repeats the last id on events without an `id:` field (the "last event ID
      // buffer", WHATWG HTML 9.2): only an id that changed identifies this event.
      const freshId = id !== '' && id !== previousId ? id : null;
      previousId = id;
      on.message(event, freshId);
    };
    source.addEventListener('message', message);
    for (const eventName of deps.namedEvents) source.addEventListener(eventName, message);
  }

  return {
    get current() {
      return es;
    },
    get isOpen() {
      return esOpen;
    },
    get connects() {
      return connects;
    },
    get marker() {
      return marker;
    },
    get url() {
      return url;
    },
    get lastEventId() {
      return lastEventId;
    },
    // Records never change: their redacted copies are cached until the secrets change.
    history: () => history.map((entry) => secrets.record(entry)),
    close,
    open(reason, baseUrl) {
      // Close before constructing: there is never an instant with two non-closed EventSources.
      close();
      connects += 1;
      marker = deps.random().toString(36).slice(2, 10) || '0';
      history.push({ n: connects, at: deps.now(), reason: secrets.text(reason), marker });
      if (history.length > HISTORY_LIMIT) history.shift();

      let next: string;
      try {
        // A new EventSource does not send Last-Event-ID by itself; the query parameter carries it
        // so the server can replay what was missed while we reconnected.
        next =
          lastEventId === null
            ? baseUrl()
            : withQueryParam(baseUrl(), deps.lastEventIdParam, lastEventId);
      } catch (error) {
        return { ok: false, reason: 'url() threw', error };
      }
      url = secrets.text(next);
      diagnostics.devLog('info', `connect#${connects}`, { reason, url });

      const Ctor = deps.eventSourceCtor();
      if (typeof Ctor !== 'function') {
        return {
          ok: false,
          reason: 'EventSource is not available in this environment',
          error: undefined,
        };
      }
      let created: EventSourceLike;
      try {
        created = deps.withCredentials ? new Ctor(next, { withCredentials: true }) : new Ctor(next);
      } catch (error) {
        return { ok: false, reason: 'EventSource constructor threw', error };
      }
      es = created;
      esOpen = false;
      previousId = '';
      listen(created);
      diagnostics.annotate(created, reason);
      watchdog.arm();
      return { ok: true };
    },
  };
}

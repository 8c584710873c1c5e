/**
 * The hook's answer to the socket census (see src/protocol/messages.ts): how many of this
 * document's EventSources and fetch streams are not CLOSED, per origin.
 *
 * Chrome's 6 HTTP/1.1 sockets per host are shared by every tab of the profile, so the worker
 * sums these answers over all tabs. Nothing here runs on the page's hot paths: the count is
 * taken only when asked (every ~2 s while some panel is open), from the same snapshots
 * `__SSE_DEVTOOLS_HOOK__.connections()` builds. Index loops and string indexing only (see the
 * rules in content/hook.ts): page code may have replaced `String.prototype.slice` or `indexOf`.
 *
 * The request and the answer are CustomEvents of our own types on `performance`
 * (CENSUS_REQUEST_EVENT in src/protocol/version.ts), created and dispatched with natives captured
 * at install: the page's `message` listeners never see them, in tabs nobody inspects either. Not
 * on the window: `document.open()` erases the window's listeners (and no content script runs
 * again), while `performance` keeps its own, as for RELAY_WAKE_EVENT.
 */
import { LIMITS } from '../../src/protocol/limits';
import type { CensusHost, PageCensusMessage } from '../../src/protocol/messages';
import {
  CENSUS_ANSWER_EVENT,
  CENSUS_REQUEST_EVENT,
  PROTOCOL_VERSION,
  SOURCE,
} from '../../src/protocol/version';
import { captureGetter, dict, NO_ARGS, type AnyFn, type Natives } from './natives';

/** What the census reads of a connection (a `ConnectionSnapshot` has both). */
export interface CensusSource {
  readonly url: string;
  readonly readyState: number;
}

/**
 * `scheme://host[:port]` of an absolute URL, or '' (a relative or empty URL: not yet known).
 * The URLs are the browser's own (EventSource#url, Response#url), so scheme and host are already
 * lower case.
 */
export function originOf(url: string): string {
  let i = 0;
  while (i < url.length && url[i] !== ':') {
    const c = url[i] as string;
    if (c === '/' || c === '?' || c === '#') return '';
    i++;
  }
  if (i === 0 || url[i + 1] !== '/' || url[i + 2] !== '/') return '';
  let end = i + 3;
  while (end < url.length && url[end] !== '/' && url[end] !== '?' && url[end] !== '#') end++;
  if (end === i + 3 || end > LIMITS.maxLabel) return '';
  let origin = '';
  for (let j = 0; j < end; j++) origin += url[j] as string;
  return origin;
}

/** Live connections per origin, in order of first appearance, at most `LIMITS.maxCensusHosts`. */
export function countLive(connections: readonly CensusSource[]): CensusHost[] {
  const index = dict<number>();
  const origins: string[] = [];
  const counts: number[] = [];
  for (let i = 0; i < connections.length; i++) {
    const conn = connections[i] as CensusSource;
    if (conn.readyState === 2) continue;
    const origin = originOf(conn.url);
    if (origin === '') continue;
    const at = index[origin];
    if (at !== undefined) {
      counts[at] = (counts[at] as number) + 1;
    } else if (origins.length < LIMITS.maxCensusHosts) {
      index[origin] = origins.length;
      origins[origins.length] = origin;
      counts[counts.length] = 1;
    }
  }
  const hosts: CensusHost[] = [];
  for (let i = 0; i < origins.length; i++) {
    const live = counts[i] as number;
    hosts[i] = {
      origin: origins[i] as string,
      live: live > LIMITS.maxCensusLive ? LIMITS.maxCensusLive : live,
    };
  }
  return hosts;
}

/** Least time between two answers: a page posting forged requests cannot make us loop. */
export const CENSUS_MIN_GAP_MS = 100;

export interface CensusResponderOptions {
  readonly connections: () => readonly CensusSource[];
  readonly post: (message: PageCensusMessage) => void;
  readonly now: () => number;
}

/** Answers `relay:census-request` rounds, at most one per `CENSUS_MIN_GAP_MS`. */
export function createCensusResponder(options: CensusResponderOptions): (round: number) => void {
  let last = -Infinity;
  return (round) => {
    const t = options.now();
    if (t - last < CENSUS_MIN_GAP_MS) return;
    last = t;
    options.post({
      source: SOURCE,
      version: PROTOCOL_VERSION,
      kind: 'page:census',
      round,
      hosts: countLive(options.connections()),
    });
  };
}

export interface CensusListenerOptions {
  /** For its CustomEvent constructor and EventTarget natives. */
  readonly win: typeof globalThis;
  /** Where requests arrive and answers go: the window's `performance` (see above). */
  readonly target: EventTarget;
  readonly natives: Natives;
  /** The native `EventTarget.prototype.addEventListener`, captured at install. */
  readonly addListener: AnyFn;
  readonly connections: () => readonly CensusSource[];
  readonly now: () => number;
  readonly internalError: () => void;
}

/**
 * Answers the relay's census requests for as long as the window lives. Returns the way to stop
 * (tests), or null (no census from this document) on a platform without CustomEvent.
 */
export function listenForCensus(options: CensusListenerOptions): (() => void) | null {
  const { win, natives, target } = options;
  const { apply } = natives;
  const Custom = (win as { CustomEvent?: typeof CustomEvent }).CustomEvent;
  const detailGet = captureGetter(Custom?.prototype, 'detail');
  const dispatch = win.EventTarget.prototype.dispatchEvent as unknown as AnyFn;
  const removeListener = win.EventTarget.prototype.removeEventListener as unknown as AnyFn;
  if (Custom === undefined || detailGet === undefined) return null;
  const respond = createCensusResponder({
    connections: options.connections,
    now: options.now,
    post: (message) => {
      // A prototype-less init dictionary: a getter the page put on Object.prototype is not read.
      const init = { __proto__: null, detail: natives.stringify(message) };
      apply(dispatch, target, [natives.construct(Custom, [CENSUS_ANSWER_EVENT, init])]);
    },
  });
  const onRequest = (event: Event): void => {
    try {
      const round: unknown = apply(detailGet, event, NO_ARGS);
      if (typeof round !== 'number' || !(round >= 0) || round % 1 !== 0) return;
      respond(round);
    } catch {
      // A bug of ours (the page cannot reach this listener's natives): counted, no answer.
      options.internalError();
    }
  };
  try {
    apply(options.addListener, target, [CENSUS_REQUEST_EVENT, onRequest]);
  } catch {
    // Only a stand-in target refuses a native listener (jsdom's in unit tests): this document
    // then sends no census, and the hook itself works on.
    return null;
  }
  return () => apply(removeListener, target, [CENSUS_REQUEST_EVENT, onRequest]);
}

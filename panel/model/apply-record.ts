/**
 * The one reducer over hook records: `applyRecord` folds a record the sequence accounting admitted
 * into the table (the current state of every connection, what the Connections tab shows) and,
 * when it is new to it, into the history (what the acceptance criteria judge).
 *
 * Rows are copy-on-write (a changed row is a new object) while the maps are mutated in place, so a
 * record never copies the table and `React.memo` rows stay cheap.
 */
import type { HookRecord, ReadyState } from '../../src/protocol';
import { endpointOf } from '../endpoint';
import { callSiteOf } from '../stack';
import { historyApply, type History } from './history';
import {
  CONNECT_TIMES_KEPT,
  RECENT_MESSAGES_PER_CONNECTION,
  RECONNECTS_PER_CONNECTION,
  TIMELINE_PER_CONNECTION,
  TYPES_PER_CONNECTION,
  connectionKey,
  type CaptureData,
  type Connection,
  type DocumentOrigin,
  type SessionInfo,
  type StateCause,
  type StateChange,
} from './types';

export interface ApplyContext {
  readonly session: string;
  readonly info: SessionInfo;
  readonly origin: DocumentOrigin;
  /** The display id of a key (given on first sight). */
  displayId(key: string): number;
  /** The history to record into, or null when it already holds this record. */
  readonly history: History | null;
}

export function pushBounded<T>(list: readonly T[], items: readonly T[], max: number): readonly T[] {
  return list.length + items.length <= max ? list.concat(items) : list.concat(items).slice(-max);
}

export const transition = (
  c: Connection,
  t: number,
  readyState: ReadyState,
  cause: StateCause,
): readonly StateChange[] =>
  pushBounded(c.timeline, [{ t, readyState, cause }], TIMELINE_PER_CONNECTION);

export function placeholder(
  key: string,
  displayId: number,
  session: string,
  id: number,
  t: number,
  origin: DocumentOrigin,
): Connection {
  return {
    key,
    displayId,
    session,
    id,
    kind: 'eventsource',
    method: null,
    status: null,
    end: null,
    retry: null,
    url: '',
    endpoint: '',
    withCredentials: false,
    stack: '',
    callSite: null,
    parentKey: null,
    parentId: null,
    timer: null,
    placeholder: true,
    createdAt: t,
    openedAt: null,
    readyState: 0,
    closedBy: null,
    closedAt: null,
    closeStack: null,
    timeline: [],
    messages: 0,
    bytes: 0,
    bytesUnmeasured: 0,
    byType: {},
    lastEventId: '',
    firstMessageAt: null,
    lastMessageAt: null,
    reconnects: [],
    recent: [],
    samplesSkipped: 0,
    transientErrors: 0,
    terminalErrors: 0,
    lastErrorAt: null,
    timersScheduled: 0,
    client: '',
    marker: '',
    reason: '',
    listeners: [],
    ...origin,
  };
}

function mergeCounts(
  into: Readonly<Record<string, number>>,
  add: Readonly<Record<string, number>>,
): Record<string, number> {
  const out: Record<string, number> = { ...into };
  for (const [type, n] of Object.entries(add)) {
    // Own keys only, defined not assigned: an event type may be named like an Object.prototype
    // member ("constructor", "__proto__"), which `in` finds and `=` would send to the prototype.
    const key =
      Object.hasOwn(out, type) || Object.keys(out).length < TYPES_PER_CONNECTION ? type : '(other)';
    const value = (Object.hasOwn(out, key) ? (out[key] ?? 0) : 0) + n;
    Object.defineProperty(out, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

export function applyRecord(data: CaptureData, r: HookRecord, ctx: ApplyContext): void {
  const { session } = ctx;
  const keyOf = (id: number) => connectionKey(session, id);
  if (ctx.history) historyApply(ctx.history, r, session, keyOf, ctx.displayId);
  const update = (key: string, change: (c: Connection) => Partial<Connection>): void => {
    const current = data.connections.get(key);
    if (current) data.connections.set(key, { ...current, ...change(current) });
  };

  switch (r.k) {
    case 'hello':
      ctx.info.hello = r;
      return;
    case 'dropped':
      return; // accounted for by the sequence accounting
    case 'debug':
      data.debug.set(r.name, {
        name: r.name,
        ok: r.ok,
        value: r.value,
        error: r.error ?? null,
        t: r.t,
        ms: r.ms,
      });
      return;
    default:
      break;
  }
  const key = keyOf(r.id);
  if (r.k === 'conn') {
    const existing = data.connections.get(key);
    const base = existing ?? placeholder(key, ctx.displayId(key), session, r.id, r.t, ctx.origin);
    const parentKey = r.parent === undefined ? null : keyOf(r.parent);
    data.connections.set(key, {
      ...base,
      kind: r.kind ?? 'eventsource',
      method: r.method ?? null,
      url: r.url,
      endpoint: endpointOf(r.url),
      withCredentials: r.withCredentials,
      stack: r.stack,
      callSite: callSiteOf(r.stack),
      parentKey,
      parentId: parentKey === null ? null : ctx.displayId(parentKey),
      timer: r.timer ?? null,
      placeholder: false,
      createdAt: r.t,
      timeline: existing ? base.timeline : [{ t: r.t, readyState: 0, cause: 'conn' }],
    });
    data.connectTimes.push(r.t);
    if (data.connectTimes.length > CONNECT_TIMES_KEPT) {
      data.connectTimes.splice(0, data.connectTimes.length - CONNECT_TIMES_KEPT);
    }
    return;
  }
  if (!data.connections.has(key)) {
    // The construction record was lost (gap) or cleared: keep the facts under a placeholder
    // rather than dropping them silently.
    data.connections.set(key, placeholder(key, ctx.displayId(key), session, r.id, r.t, ctx.origin));
  }
  switch (r.k) {
    case 'open':
      update(key, (c) => ({
        readyState: c.closedBy ? c.readyState : 1,
        openedAt: c.openedAt ?? r.t,
        status: r.status ?? c.status,
        timeline: transition(c, r.t, 1, 'open'),
      }));
      return;
    case 'error': {
      const terminal = r.readyState === 2;
      update(key, (c) => ({
        readyState: r.readyState,
        transientErrors: c.transientErrors + (terminal ? 0 : 1),
        terminalErrors: c.terminalErrors + (terminal ? 1 : 0),
        lastErrorAt: r.t,
        closedBy: c.closedBy ?? (terminal ? 'browser' : null),
        closedAt: c.closedAt ?? (terminal ? r.t : null),
        end: c.end ?? r.end ?? null,
        timeline: transition(c, r.t, r.readyState, 'error'),
        // The hook flushes the connection's messages before its error record, so `lastEventId`
        // is the one the browser's reconnect request carries.
        reconnects:
          terminal || c.closedBy
            ? c.reconnects
            : pushBounded(
                c.reconnects,
                [{ t: r.t, lastEventId: c.lastEventId }],
                RECONNECTS_PER_CONNECTION,
              ),
      }));
      return;
    }
    case 'close':
      update(key, (c) => ({
        readyState: 2,
        // Closing a source the browser already gave up on does not change who closed it.
        closedBy: c.closedBy ?? 'page',
        closedAt: c.closedAt ?? r.t,
        closeStack: r.stack,
        ...(r.unsent === true && c.readyState === 0 && c.closedAt === null
          ? { unsent: true as const }
          : {}),
        end: c.end ?? r.end ?? null,
        timeline: transition(c, r.t, 2, 'close'),
      }));
      return;
    case 'msgs':
      update(key, (c) => {
        const recent = c.recent.concat(r.recent);
        const overflow = Math.max(0, recent.length - RECENT_MESSAGES_PER_CONNECTION);
        return {
          messages: c.messages + r.count,
          bytes: c.bytes + r.bytes,
          bytesUnmeasured: c.bytesUnmeasured + (r.unmeasured ?? 0),
          byType: mergeCounts(c.byType, r.byType),
          lastEventId: r.lastEventId,
          firstMessageAt: c.firstMessageAt ?? (r.count > 0 ? (r.recent[0]?.t ?? r.lastAt) : null),
          lastMessageAt: r.lastAt,
          recent: overflow ? recent.slice(overflow) : recent,
          samplesSkipped: c.samplesSkipped + r.skipped + overflow,
          retry: r.retry ?? c.retry,
        };
      });
      return;
    case 'listen':
      update(key, (c) =>
        c.listeners.includes(r.type) || c.listeners.length >= TYPES_PER_CONNECTION
          ? {}
          : { listeners: [...c.listeners, r.type] },
      );
      return;
    case 'annotate':
      update(key, () => ({ client: r.client, marker: r.marker, reason: r.reason }));
      return;
    case 'timer': {
      const timerKey = keyOf(r.timer);
      data.timerTotals[r.phase] += 1;
      if (r.phase === 'created') {
        data.pendingTimers.set(timerKey, { id: r.id, delay: r.delay, createdAt: r.t });
        update(key, (c) => ({ timersScheduled: c.timersScheduled + 1 }));
      } else {
        data.pendingTimers.delete(timerKey);
      }
      return;
    }
  }
}

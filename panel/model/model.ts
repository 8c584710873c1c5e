/**
 * The panel model: one owner of everything the hook reports for the inspected tab. Each
 * `bg:records` message goes through one registry (which documents are current, retired, restored),
 * one sequence accounting per hook session (duplicates, lost, dropped) and one reducer
 * (`applyRecord`) that keeps both the table and the history. The zustand store publishes the
 * table; the acceptance recorder reads the history. No React, no zustand: plain data, mutated in
 * place, with the time injected.
 */
import type { BackgroundRecordsMessage, Cursors } from '../../src/protocol';
import type { Recording } from '../recording/recording';
import { applyRecord, transition } from './apply-record';
import { createDocumentRegistry } from './documents';
import {
  createHistory,
  historyAdmits,
  historyClear,
  historyCorrectUnloads,
  historyRetire,
  historySnapshot,
} from './history';
import { admit, zeroCounts, type SequenceCounts } from './sequence';
import type { NetworkCapture } from '../network/cdp-reducer';
import { clearNetworkOnly, createNetworkLinks, mergeNetwork, NETWORK_SESSION } from './network';
import { isLive, sessionOfKey, type CaptureData, type DocumentOrigin } from './types';

/** Why a connection the panel once showed has no row now. */
export type GoneReason = 'cleared' | 'notPreserved' | 'unknown';

export interface PanelModel {
  /** The table: replaced by `clear()`, mutated in place otherwise. */
  readonly data: CaptureData;
  /** Since the last clear. */
  readonly counts: Readonly<SequenceCounts>;
  /** Last seq held per hook session (a new object whenever it changes). */
  readonly cursors: Cursors;
  /** Keep unloaded documents' rows (closed by the unload) instead of forgetting them. */
  preserveLog: boolean;
  /** Folds one message in. Returns true when the table changed. */
  recordsReceived(message: BackgroundRecordsMessage): boolean;
  /** See DocumentRegistry.unloaded. Returns true when something was retired. */
  navigated(currentSession: string | null | undefined): boolean;
  /** Forgets history; live connections (reset) and pending timers stay. */
  clear(): void;
  /** The history as of `end` (page and panel clocks are both epoch ms on one machine). */
  recording(end: number): Recording;
  /** Bumped whenever the history changed. */
  historyVersion(): number;
  subscribe(listener: () => void): () => void;
  /** The displayed id of a key, if the panel ever saw it. */
  displayIdOf(key: string): number | undefined;
  /** Why a key has no row in the table. */
  goneReason(key: string): GoneReason;
  /**
   * Network capture changed (or started): its streams join the hook's rows of the same requests
   * (model/network.ts), and later hook records are matched against it too. Returns true when the
   * table changed.
   */
  networkUpdated(capture: NetworkCapture): boolean;
}

export interface PanelModelOptions {
  /** Panel clock. Injected so tests are deterministic. */
  readonly now?: () => number;
}

function emptyData(
  sessions: CaptureData['sessions'],
  documents: CaptureData['documents'],
): CaptureData {
  return {
    connections: new Map(),
    pendingTimers: new Map(),
    timerTotals: { created: 0, fired: 0, cleared: 0 },
    debug: new Map(),
    connectTimes: [],
    sessions,
    documents,
  };
}

export function createPanelModel(options: PanelModelOptions = {}): PanelModel {
  const now = options.now ?? Date.now;
  const registry = createDocumentRegistry();
  const history = createHistory();
  let data = emptyData(registry.sessions, registry.documents);
  let counts = zeroCounts();
  let cursors: Cursors = {};
  let version = 0;
  const listeners = new Set<() => void>();
  /** One counter per panel session: a key keeps its number through clears and reloads. */
  const ids = new Map<string, number>();
  /** Sessions whose rows were forgotten because Preserve log was off. */
  const forgotten = new Set<string>();
  let network: NetworkCapture | null = null;
  const networkLinks = createNetworkLinks();

  const displayId = (key: string): number => {
    let n = ids.get(key);
    if (n === undefined) {
      n = ids.size + 1;
      ids.set(key, n);
    }
    return n;
  };

  const historyChanged = (): void => {
    version += 1;
    for (const l of listeners) l();
  };

  /**
   * The documents are gone and so are their EventSources, but no `close` record will ever say
   * so. The history ends them at `historyAt`; the table keeps them with Preserve log (closed by
   * the unload, else a reload would show phantom duplicates) or forgets them.
   */
  function retire(documentIds: ReadonlySet<string>, at: number, historyAt: number): void {
    if (documentIds.size === 0) return;
    const sessions = registry.sessionsOf(documentIds);
    historyRetire(history, sessions, historyAt);
    if (model.preserveLog) {
      for (const [key, c] of data.connections) {
        if (!sessions.has(c.session) || !isLive(c)) continue;
        data.connections.set(key, {
          ...c,
          readyState: 2,
          closedBy: 'unload',
          closedAt: at,
          timeline: transition(c, at, 2, 'unload'),
        });
      }
      for (const key of data.pendingTimers.keys())
        if (sessions.has(sessionOfKey(key))) data.pendingTimers.delete(key);
      registry.retire(documentIds);
      return;
    }
    for (const [key, c] of data.connections)
      if (sessions.has(c.session)) data.connections.delete(key);
    for (const key of data.pendingTimers.keys())
      if (sessions.has(sessionOfKey(key))) data.pendingTimers.delete(key);
    for (const session of sessions) forgotten.add(session);
    // Their cursors go too: a document restored from the back/forward cache is the same hook
    // session, and its replay must be applied again, not dropped as duplicates.
    registry.forget(documentIds);
    const next = { ...cursors };
    for (const session of sessions) delete next[session];
    cursors = next;
    data.debug.clear();
    data.connectTimes.length = 0;
  }

  /** Undoes `retire` for a document restored from the back/forward cache (Preserve log on). */
  function restore(documentId: string, at: number): void {
    registry.restore(documentId);
    const sessions = registry.sessionsOf(new Set([documentId]));
    for (const [key, c] of data.connections) {
      if (!sessions.has(c.session) || c.closedBy !== 'unload') continue;
      // The state it had when the document was put away; the page's EventSource kept it.
      const before = [...c.timeline].reverse().find((change) => change.cause !== 'unload');
      const readyState = before?.readyState ?? 0;
      data.connections.set(key, {
        ...c,
        readyState,
        closedBy: null,
        closedAt: null,
        timeline: transition(c, at, readyState, 'restore'),
      });
    }
  }

  const model: PanelModel = {
    get data() {
      return data;
    },
    get counts() {
      return counts;
    },
    get cursors() {
      return cursors;
    },
    preserveLog: false,

    recordsReceived(m) {
      const origin: DocumentOrigin = {
        frameId: m.frameId,
        documentId: m.documentId,
        frameUrl: m.frameUrl,
      };
      const at = now();
      const first = m.records[0];
      // The history ends the old page when the new one started (its first record), not when the
      // panel heard of it.
      const startedAt = first ? Math.min(at, first.t) : at;
      const seen = registry.seen(origin, at);
      let tableChanged = false;
      let recorded = false;
      if (seen.retire.size > 0) {
        retire(seen.retire, at, seen.restored ? at : startedAt);
        tableChanged = recorded = true;
      }
      if (seen.restored) restore(seen.restored, at);
      // A navigation event that came first ended the old page at its own (later) time: correct it.
      if (seen.isNew && m.frameId === 0) historyCorrectUnloads(history, startedAt);
      forgotten.delete(m.session);

      const info = registry.session(m.session, m.documentId);
      for (const r of m.records) {
        if (!admit(info, r, counts)) continue;
        const toHistory = historyAdmits(history, m.session, r);
        applyRecord(data, r, {
          session: m.session,
          info,
          origin,
          displayId,
          history: toHistory ? history : null,
        });
        tableChanged = true;
        recorded ||= toHistory;
      }
      if (info.cursor !== (cursors[m.session] ?? 0))
        cursors = { ...cursors, [m.session]: info.cursor };
      if (recorded) historyChanged();
      // A hook record that arrives after the network saw its request joins that stream's row.
      if (tableChanged && network) mergeNetwork(data, network, networkLinks, displayId);
      return tableChanged;
    },

    navigated(currentSession) {
      const old = registry.unloaded(currentSession);
      if (old.size === 0) return false;
      const at = now();
      retire(old, at, at);
      historyChanged();
      return true;
    },

    clear() {
      // Live connections stay (with their history reset): the panel must keep answering "how
      // many are live right now", and no new `conn` record would ever bring them back.
      clearNetworkOnly(network, networkLinks, now());
      const next = emptyData(registry.sessions, registry.documents);
      for (const [key, c] of data.connections) {
        // Network-only rows are rebuilt below from the capture as it is now: the row last shown
        // may be a batch behind the counts the Clear starts from.
        if (!isLive(c) || c.session === NETWORK_SESSION) continue;
        next.connections.set(key, {
          ...c,
          timeline: [
            { t: c.timeline.at(-1)?.t ?? c.createdAt, readyState: c.readyState, cause: 'conn' },
          ],
          messages: 0,
          bytes: 0,
          bytesUnmeasured: 0,
          byType: {},
          recent: [],
          firstMessageAt: null,
          reconnects: [],
          samplesSkipped: 0,
          transientErrors: 0,
          terminalErrors: 0,
        });
      }
      for (const [key, timer] of data.pendingTimers) next.pendingTimers.set(key, timer);
      data = next;
      if (network) mergeNetwork(data, network, networkLinks, displayId);
      // Cursors are kept on purpose: a replay must not bring cleared records back.
      counts = zeroCounts();
      historyClear(history, now());
      historyChanged();
    },

    recording: (end) => historySnapshot(history, end, counts.lost + counts.dropped),
    historyVersion: () => version,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    displayIdOf: (key) => ids.get(key),
    networkUpdated(capture) {
      network = capture;
      return mergeNetwork(data, capture, networkLinks, displayId);
    },
    goneReason(key) {
      if (!ids.has(key)) return 'unknown';
      return forgotten.has(sessionOfKey(key)) ? 'notPreserved' : 'cleared';
    },
  };
  return model;
}

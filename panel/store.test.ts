import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { envelope, type BackgroundToPanel } from '../src/protocol';
import {
  createPanelStore,
  forgotSession,
  RECENT_MESSAGES_PER_CONNECTION,
  type PanelStore,
} from './store';
import { selectSummary } from './selectors';
import {
  batch,
  close,
  conn,
  debug,
  error,
  msgs,
  open,
  sample,
  timer,
  type RecordInput,
} from '../src/protocol/testing/records';

let clock = 0;
let store: PanelStore;
const state = () => store.getState();
const receive = (m: BackgroundToPanel) => state().messageReceived(m);

beforeEach(() => {
  vi.useFakeTimers();
  clock = 100_000;
  store = createPanelStore({ now: () => clock });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('seq bookkeeping', () => {
  test('ignores records it already holds when the hook replays after a reconnect', () => {
    receive(batch('s1', [conn(1), open(1)]));
    receive(batch('s1', [conn(1), open(1), msgs(1, [sample('a')])]));
    expect(state().counters.duplicates).toBe(2);
    expect(state().connections.get('s1#1')?.messages).toBe(1);
    expect(state().cursors).toEqual({ s1: 3 });
  });

  test('counts a seq jump as lost records', () => {
    receive(batch('s1', [conn(1)]));
    receive(batch('s1', [open(1)], { from: 5 }));
    expect(state().counters.lost).toBe(3);
  });

  test('does not count as lost the records a dropped record declares', () => {
    receive(batch('s1', [conn(1)]));
    receive(batch('s1', [{ k: 'dropped', count: 3, from: 2, to: 4 }, open(1)], { from: 5 }));
    expect(state().counters.lost).toBe(0);
    expect(state().counters.droppedByHook).toBe(3);
  });

  test('counts only the part of a gap that a dropped record does not cover', () => {
    receive(batch('s1', [{ k: 'dropped', count: 2, from: 1, to: 2 }, conn(1)], { from: 5 }));
    expect(state().counters.lost).toBe(2);
  });

  test('does not count as dropped the evicted records it already holds', () => {
    receive(batch('s1', [conn(1), open(1), close(1)]));
    receive(batch('s1', [{ k: 'dropped', count: 3, from: 1, to: 3 }, conn(2)], { from: 4 }));
    expect(state().counters).toMatchObject({ droppedByHook: 0, lost: 0 });
  });

  test('counts as dropped only the evicted records it never held', () => {
    receive(batch('s1', [conn(1)]));
    receive(batch('s1', [{ k: 'dropped', count: 3, from: 1, to: 3 }, conn(2)], { from: 4 }));
    expect(state().counters).toMatchObject({ droppedByHook: 2, lost: 0 });
  });

  test('keeps separate cursors per hook session', () => {
    receive(batch('a', [conn(1)]));
    receive(batch('b', [conn(1), conn(2)], { frameId: 3 }));
    expect(state().getCursors()).toEqual({ a: 1, b: 2 });
    expect(state().connections.size).toBe(3);
  });

  test('keeps the cursors when the log is cleared, so a replay cannot bring records back', () => {
    receive(batch('s1', [conn(1), close(1)]));
    state().clearRecords();
    receive(batch('s1', [conn(1), close(1)]));
    expect(state().connections.size).toBe(0);
    expect(state().cursors).toEqual({ s1: 2 });
  });
});

describe('bad input', () => {
  // Validation happens once, at the panel link; link-store.test.tsx runs the real link into this
  // store. Here: what the store does with what the link reports.
  test('counts each refused message once, telling a protocol version mismatch from garbage', () => {
    state().invalidReceived('shape');
    state().invalidReceived('not-ours');
    state().invalidReceived('version');
    expect(state().counters).toMatchObject({ invalid: 2, protocolMismatch: 1 });
  });

  test('adds up refusal increments of every reporter, sums relay rejections per frame', () => {
    receive(envelope('bg:rejected', { reason: 'rate', count: 2 }));
    receive(envelope('bg:rejected', { reason: 'size', count: 1 }));
    receive(envelope('bg:rejected', { reason: 'panel-link:shape', count: 1 }));
    receive(envelope('bg:rejected', { reason: 'panel-link:shape', count: 1 }));
    const origin = { frameId: 0, documentId: 'd', frameUrl: 'http://x/' };
    receive(envelope('bg:relay-stats', { ...origin, rejected: { shape: 1, version: 1 } }));
    receive(envelope('bg:relay-stats', { ...origin, rejected: { shape: 3, version: 1 } }));
    expect(state().rejectedByReason).toEqual({ rate: 2, size: 1, 'panel-link:shape': 2 });
    expect(state().counters.rejected).toBe(5);
    expect(state().counters.relayRejected).toBe(4);
  });

  test('keeps records of a connection whose construction was lost under a placeholder', () => {
    receive(batch('s1', [open(7)], { from: 2 }));
    const c = state().connections.get('s1#7');
    expect(c?.placeholder).toBe(true);
    expect(c?.readyState).toBe(1);
  });
});

describe('connection lifecycle', () => {
  test('a connection is live until the page closes it', () => {
    receive(batch('s1', [conn(1), open(1)]));
    expect(state().connections.get('s1#1')).toMatchObject({ readyState: 1, closedBy: null });
    receive(batch('s1', [close(1)], { from: 3 }));
    expect(state().connections.get('s1#1')).toMatchObject({ readyState: 2, closedBy: 'page' });
  });

  test('a terminal error means the browser closed it; a transient one does not', () => {
    receive(batch('s1', [conn(1), open(1), error(1, 0), open(1), error(1, 2), close(1)]));
    const c = state().connections.get('s1#1');
    expect(c).toMatchObject({
      transientErrors: 1,
      terminalErrors: 1,
      closedBy: 'browser',
      readyState: 2,
    });
    expect(c?.closeStack).toContain('disconnect');
    expect(c?.timeline.map((x) => x.readyState)).toEqual([0, 1, 0, 1, 2, 2]);
  });

  test('links a reconnect to its parent connection', () => {
    receive(batch('s1', [conn(1), conn(2, { parent: 1, timer: 9 })]));
    expect(state().connections.get('s1#2')).toMatchObject({ parentKey: 's1#1', timer: 9 });
  });

  test('keeps only the newest messages of a connection', () => {
    const many = Array.from({ length: 50 }, (_, i) => sample(`m${i}`));
    const records = [conn(1), ...Array.from({ length: 5 }, () => msgs(1, many))];
    receive(batch('s1', records));
    const c = state().connections.get('s1#1');
    expect(c?.messages).toBe(250);
    expect(c?.recent).toHaveLength(RECENT_MESSAGES_PER_CONNECTION);
    expect(c?.samplesSkipped).toBe(50);
  });

  test('counts event types named like Object.prototype members as their own types', () => {
    const typed = (byType: Record<string, number>, count: number): RecordInput => ({
      ...(msgs(1, [], count) as Extract<RecordInput, { k: 'msgs' }>),
      byType,
    });
    receive(
      batch('s1', [
        conn(1),
        typed({ constructor: 2 }, 2),
        typed({ constructor: 2 }, 2),
        typed({ toString: 2 }, 2),
      ]),
    );
    // An own `__proto__` key, as structured clone delivers an SSE event named "__proto__".
    receive(
      batch('s1', [typed(JSON.parse('{"__proto__": 1}') as Record<string, number>, 1)], {
        from: 5,
      }),
    );
    const byType = state().connections.get('s1#1')!.byType;
    expect(Object.entries(byType)).toEqual([
      ['constructor', 4],
      ['toString', 2],
      ['__proto__', 1],
    ]);
  });

  test('stores the latest debug-global snapshot', () => {
    receive(batch('s1', [debug({ connects: 1 }), debug({ connects: 4, timers: 2 })]));
    expect(state().view.data.debug.get('__zarizSSEDebug')?.value).toEqual({
      connects: 4,
      timers: 2,
    });
  });
});

describe('reconnect timers', () => {
  test('counts a timer as pending from created until fired or cleared', () => {
    receive(
      batch('s1', [conn(1), timer(1, 1, 'created'), timer(2, 1, 'created'), timer(1, 1, 'fired')]),
    );
    expect(selectSummary(state().view, 1).pendingTimers).toBe(1);
    receive(batch('s1', [timer(2, 1, 'cleared')], { from: 5 }));
    expect(selectSummary(state().view, 1).pendingTimers).toBe(0);
    expect(selectSummary(state().view, 1).timerTotals).toEqual({
      created: 2,
      fired: 1,
      cleared: 1,
    });
  });
});

describe('pause', () => {
  test('freezes the view but keeps ingesting, and shows everything on resume', () => {
    receive(batch('s1', [conn(1)]));
    state().setPaused(true);
    const frozen = state().view;
    receive(batch('s1', [open(1), conn(2)], { from: 2 }));
    expect(state().view).toBe(frozen);
    expect(frozen.data.connections.size).toBe(1);
    expect(frozen.data.connections.get('s1#1')?.readyState).toBe(0);
    expect(state().cursors).toEqual({ s1: 3 });
    state().setPaused(false);
    expect(state().view.data.connections.size).toBe(2);
  });
});

describe('clear and navigation', () => {
  test('clearing keeps live connections and forgets closed ones', () => {
    receive(batch('s1', [conn(1), open(1), msgs(1, [sample('x')]), conn(2), close(2)]));
    state().clearRecords();
    expect([...state().connections.keys()]).toEqual(['s1#1']);
    expect(state().connections.get('s1#1')?.messages).toBe(0);
  });

  test('a navigation to a document not seen yet forgets the previous documents', () => {
    receive(batch('old', [conn(1), open(1)]));
    state().navigated('http://127.0.0.1:8080/', 'new');
    expect(state().connections.size).toBe(0);
  });

  test('a navigation to a page without a hook forgets the previous documents', () => {
    receive(batch('old', [conn(1), open(1)]));
    state().navigated('chrome://newtab/', null);
    expect(state().connections.size).toBe(0);
  });

  test('a same-document navigation (pushState) retires nothing', () => {
    receive(batch('spa', [conn(1), open(1)]));
    state().navigated('http://127.0.0.1:8080/orders', 'spa');
    state().navigated('http://127.0.0.1:8080/settings', 'spa');
    expect([...state().connections.keys()]).toEqual(['spa#1']);
    expect(selectSummary(state().view, 1)).toMatchObject({ live: 1 });
  });

  test('a navigation whose document is unknown to the page retires nothing', () => {
    receive(batch('old', [conn(1), open(1)]));
    state().navigated('http://127.0.0.1:8080/', undefined);
    receive(envelope('bg:navigated', { url: 'http://127.0.0.1:8080/' }));
    expect([...state().connections.keys()]).toEqual(['old#1']);
  });

  test('keeps a new document that reported before the navigation event', () => {
    receive(batch('old', [conn(1)]));
    receive(batch('new', [conn(1)]));
    state().navigated('http://127.0.0.1:8080/', 'new');
    expect([...state().connections.keys()]).toEqual(['new#1']);
  });

  test('with preserve log, connections of the unloaded document are kept but no longer live', () => {
    state().togglePreserveLog();
    receive(batch('old', [conn(1), open(1)]));
    state().navigated('http://127.0.0.1:8080/', 'new');
    receive(batch('new', [conn(1), open(1)]));
    expect(state().connections.get('old#1')).toMatchObject({ closedBy: 'unload', readyState: 2 });
    expect(selectSummary(state().view, 1)).toMatchObject({ live: 1, total: 2, duplicated: [] });
  });

  test('a forgotten document restored from the back/forward cache is shown again by its replay', () => {
    receive(batch('a', [conn(1), open(1)]));
    receive(batch('b', [conn(1)]));
    expect([...state().connections.keys()]).toEqual(['b#1']);
    // Back: the same document (same session) comes out of the cache and its hook replays.
    receive(batch('a', [conn(1), open(1), conn(2)]));
    expect([...state().connections.keys()]).toEqual(['a#1', 'a#2']);
    expect(state().counters).toMatchObject({ duplicates: 0, lost: 0 });
  });

  test('with preserve log, a document restored from the back/forward cache is live again and the page shown since is retired', () => {
    state().togglePreserveLog();
    receive(batch('a', [conn(1), open(1)]));
    receive(batch('b', [conn(1), open(1)]));
    expect(state().connections.get('a#1')).toMatchObject({ closedBy: 'unload', readyState: 2 });
    // Back: document a speaks again (its hook goes on numbering where it stopped).
    receive(batch('a', [conn(2)], { from: 3 }));
    expect(state().connections.get('a#1')).toMatchObject({ closedBy: null, readyState: 1 });
    expect(state().connections.get('a#1')?.timeline.at(-1)).toMatchObject({
      cause: 'restore',
      readyState: 1,
    });
    expect(state().connections.get('b#1')).toMatchObject({ closedBy: 'unload', readyState: 2 });
    expect(selectSummary(state().view, 1)).toMatchObject({ live: 2, duplicated: [{ live: 2 }] });
  });

  test('a new top-level document retires the previous page even with no navigation event', () => {
    receive(batch('old', [conn(1), open(1)]));
    receive(batch('old-iframe', [conn(1)], { frameId: 4 }));
    receive(batch('new', [conn(1)]));
    receive(batch('new-iframe', [conn(1)], { frameId: 5 }));
    expect([...state().connections.keys()]).toEqual(['new#1', 'new-iframe#1']);
  });

  test('two quick reloads, each reported twice, leave only the last page', () => {
    receive(batch('first', [conn(1)]));
    state().navigated('http://127.0.0.1:8080/', 'second');
    receive(batch('second', [conn(1)]));
    receive(envelope('bg:navigated', { url: 'http://127.0.0.1:8080/' }));
    state().navigated('http://127.0.0.1:8080/', 'second');
    receive(batch('third', [conn(1)]));
    state().navigated('http://127.0.0.1:8080/', 'third');
    receive(envelope('bg:navigated', { url: 'http://127.0.0.1:8080/' }));
    expect([...state().connections.keys()]).toEqual(['third#1']);
  });
});

describe('scale', () => {
  test('a record for one connection replaces only that row object', () => {
    receive(batch('s1', [conn(1), conn(2), conn(3)]));
    const before = [...state().connections.values()];
    receive(batch('s1', [open(2)], { from: 4 }));
    const after = [...state().connections.values()];
    expect(after[0]).toBe(before[0]);
    expect(after[1]).not.toBe(before[1]);
    expect(after[2]).toBe(before[2]);
    expect(state().connections).toBe(state().view.data.connections);
  });

  test('holds 10 000 connections and 200 000 messages with bounded samples', () => {
    let seq = 1;
    const send = (records: Parameters<typeof batch>[1]) => {
      receive(batch('s1', records, { from: seq }));
      seq += records.length;
    };
    for (let i = 0; i < 10_000; i += 2000)
      send(Array.from({ length: 2000 }, (_, j) => conn(i + j + 1)));
    const fifty = Array.from({ length: 50 }, (_, i) => sample(`{"n":${i}}`));
    // 200 000 messages: 4 000 msgs records of 50, spread over the first 500 connections.
    for (let r = 0; r < 4000; r += 2000)
      send(Array.from({ length: 2000 }, (_, j) => msgs(((r + j) % 500) + 1, fifty)));
    const rows = [...state().connections.values()];
    expect(rows).toHaveLength(10_000);
    expect(rows.reduce((n, c) => n + c.messages, 0)).toBe(200_000);
    expect(Math.max(...rows.map((c) => c.recent.length))).toBe(RECENT_MESSAGES_PER_CONNECTION);
    expect(state().version).toBe(7);
  });
});

describe('forgotSession', () => {
  test('true only when a session of before is missing after', () => {
    expect(forgotSession({ a: 1, b: 2 }, { a: 1 })).toBe(true);
    expect(forgotSession({ a: 1 }, { a: 5, b: 1 })).toBe(false);
    expect(forgotSession({}, {})).toBe(false);
    expect(forgotSession({ a: 1 }, {})).toBe(true);
  });
});

import { beforeEach, describe, expect, test } from 'vitest';
import { createPanelStore, DEFAULT_FILTER, type PanelStore } from './store';
import {
  closedReason,
  displayState,
  selectCallSites,
  selectConnectsPerMinute,
  selectLineage,
  selectRows,
  selectSummary,
} from './selectors';
import { batch, close, conn, debug, error, open, stackAt } from '../src/protocol/testing/records';
import { callSiteOf } from './stack';
import { endpointOf } from './endpoint';

let store: PanelStore;
const view = () => store.getState().view;
const receive = (...args: Parameters<typeof batch>) =>
  store.getState().messageReceived(batch(...args));

beforeEach(() => {
  store = createPanelStore({ now: () => 0 });
});

describe('duplicate detection', () => {
  test('flags an endpoint with two live connections, whatever their query', () => {
    receive('s', [
      conn(1, { url: 'http://h/v1/events/sse?token=a' }),
      conn(2, { url: 'http://h/v1/events/sse?token=b' }),
      conn(3, { url: 'http://h/other' }),
    ]);
    const summary = selectSummary(view(), 1);
    expect(summary.live).toBe(3);
    expect(summary.duplicated).toEqual([{ endpoint: 'http://h/v1/events/sse', live: 2, total: 2 }]);
  });

  test('stops flagging once one of them is closed', () => {
    receive('s', [conn(1), conn(2), close(2)]);
    expect(selectSummary(view(), 1).duplicated).toEqual([]);
  });

  test('a terminal error ends a connection; a transient one does not', () => {
    receive('s', [conn(1), conn(2), error(2, 0)]);
    expect(selectSummary(view(), 1).duplicated).toHaveLength(1);
    receive('s', [error(2, 2)], { from: 4 });
    expect(selectSummary(view(), 1).duplicated).toHaveLength(0);
  });

  test('respects a higher expected count', () => {
    receive('s', [conn(1), conn(2)]);
    expect(selectSummary(view(), 2).duplicated).toEqual([]);
  });

  test('counts connections of every frame of the tab', () => {
    receive('top', [conn(1)]);
    receive('iframe', [conn(1)], { frameId: 3 });
    expect(selectSummary(view(), 1).duplicated[0]?.live).toBe(2);
  });

  test('reads the debug global fields of the ticket', () => {
    receive('s', [
      debug({
        connects: 3,
        subscribers: 2,
        hasES: true,
        readyState: 1,
        timers: 0,
        lastErrorAt: null,
      }),
    ]);
    expect(selectSummary(view(), 1).debug).toMatchObject({ connects: 3, hasES: true, timers: 0 });
  });
});

describe('states', () => {
  test('derives connecting, open, reconnecting and closed', () => {
    receive('s', [conn(1), conn(2), open(2), conn(3), error(3, 0), conn(4), close(4)]);
    const states = selectRows(view(), DEFAULT_FILTER, { key: 'id', dir: 'asc' }).map(displayState);
    expect(states).toEqual(['connecting', 'open', 'reconnecting', 'closed']);
  });

  test('explains a terminal error by whether the stream ever opened', () => {
    receive('s', [conn(1), error(1, 2), conn(2), open(2), error(2, 2), conn(3), close(3)]);
    const reasons = selectRows(view(), DEFAULT_FILTER, { key: 'id', dir: 'asc' }).map(closedReason);
    expect(reasons).toEqual(['refused', 'gaveUp', 'closedByPage']);
  });
});

describe('rows', () => {
  beforeEach(() => {
    receive('s', [
      conn(1, { stack: stackAt('useAdminEvents') }),
      open(1),
      conn(2, { url: 'http://h/other', stack: stackAt('Provider') }),
      conn(3),
      close(3),
    ]);
  });
  const ids = (filter = DEFAULT_FILTER, sort = { key: 'id', dir: 'asc' } as const) =>
    selectRows(view(), filter, sort).map((c) => c.id);

  test('filters live only, by state, by endpoint and by text', () => {
    expect(ids({ ...DEFAULT_FILTER, liveOnly: true })).toEqual([1, 2]);
    expect(ids({ ...DEFAULT_FILTER, state: 'closed' })).toEqual([3]);
    expect(ids({ ...DEFAULT_FILTER, endpoint: 'http://h/other' })).toEqual([2]);
    expect(ids({ ...DEFAULT_FILTER, text: 'useadmin' })).toEqual([1]);
  });

  test('sorts both ways', () => {
    expect(ids(DEFAULT_FILTER, { key: 'id', dir: 'desc' } as never)).toEqual([3, 2, 1]);
    expect(ids(DEFAULT_FILTER, { key: 'state', dir: 'asc' } as never)).toEqual([1, 2, 3]);
  });

  test('returns the same array while nothing changed', () => {
    const sort = { key: 'id', dir: 'asc' } as const;
    expect(selectRows(view(), DEFAULT_FILTER, sort)).toBe(selectRows(view(), DEFAULT_FILTER, sort));
  });
});

describe('call sites', () => {
  test('groups connections by their first application frame', () => {
    const viaHook =
      'at construct (chrome-extension://abc/content/hook.js:1:100)\n' +
      stackAt('useAdminEvents', 'orders.js', 7, 3);
    receive('s', [
      conn(1, { stack: viaHook }),
      conn(2, { stack: stackAt('useAdminEvents', 'orders.js', 7, 3) }),
      close(2),
      conn(3, { stack: stackAt('NotificationProvider', 'provider.js', 20, 9) }),
    ]);
    const sites = selectCallSites(view());
    expect(sites.map((s) => [s.label, s.live, s.total])).toEqual([
      ['useAdminEvents (orders.js:7:3)', 1, 2],
      ['NotificationProvider (provider.js:20:9)', 1, 1],
    ]);
  });

  test('parses frames with and without a function name', () => {
    expect(callSiteOf('at http://h/a.js:3:4')?.frame).toMatchObject({
      fn: '',
      url: 'http://h/a.js',
      line: 3,
      column: 4,
    });
    expect(callSiteOf('at async load (http://h:81/b.js?v=1:10:2)')?.frame).toMatchObject({
      fn: 'async load',
      url: 'http://h:81/b.js?v=1',
    });
    expect(callSiteOf('at new EventSource (<anonymous>)')).toBeNull();
  });
});

describe('lineage and rates', () => {
  test('builds the reconnect tree from the oldest ancestor', () => {
    receive('s', [conn(1), conn(2, { parent: 1 }), conn(3, { parent: 1 }), conn(4, { parent: 2 })]);
    const tree = selectLineage(view(), 's#4');
    const shape = (n: NonNullable<typeof tree>['root']): unknown => [
      n.connection?.id,
      n.children.map(shape),
    ];
    expect(shape(tree!.root)).toEqual([
      1,
      [
        [2, [[4, []]]],
        [3, []],
      ],
    ]);
  });

  test('counts connects in the last minute', () => {
    receive('s', [
      { ...conn(1), t: 1_000 },
      { ...conn(2), t: 50_000 },
      { ...conn(3), t: 70_000 },
    ]);
    expect(selectConnectsPerMinute(view(), 70_000)).toBe(2);
    expect(selectConnectsPerMinute(view(), 200_000)).toBe(0);
  });

  test('ignores the query when naming an endpoint', () => {
    expect(endpointOf('https://a.example:8443/v1/events/sse?token=x#f')).toBe(
      'https://a.example:8443/v1/events/sse',
    );
  });
});

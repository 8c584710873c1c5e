import { expect, test } from 'vitest';
import { createPanelStore } from '../store';
import { batch, conn, error, msgs, open, sample } from '../../src/protocol/testing/records';
import {
  eventsPerSecond,
  matchesFilter,
  selectRows,
  timeToFirstMessage,
  timeToOpen,
} from '../selectors';
import { DEFAULT_FILTER } from '../store';

const withLastEventId = (record: ReturnType<typeof msgs>, lastEventId: string) => ({
  ...record,
  lastEventId,
});

function receive(records: Parameters<typeof batch>[1]) {
  const store = createPanelStore({ now: () => 0 });
  store.getState().messageReceived(batch('s', records));
  return store;
}

test('time to open and to the first message, from the construction (page clock)', () => {
  // batch() stamps t = 1000 + seq: conn 1001, open 1002.
  const store = receive([
    conn(1),
    open(1),
    msgs(1, [sample('a', { t: 1_050 }), sample('b', { t: 1_090 })]),
  ]);
  const c = store.getState().view.data.connections.get('s#1')!;
  expect(timeToOpen(c)).toBe(1);
  expect(c.firstMessageAt).toBe(1_050);
  expect(timeToFirstMessage(c)).toBe(49);
  // Two messages over the 2 s since it opened.
  expect(eventsPerSecond(c, 3_002)).toBe(1);
});

test('the first message time stays the first one as later intervals arrive', () => {
  const store = receive([
    conn(1),
    open(1),
    msgs(1, [sample('a', { t: 1_050 })]),
    msgs(1, [sample('b', { t: 1_500 })]),
  ]);
  expect(store.getState().view.data.connections.get('s#1')?.firstMessageAt).toBe(1_050);
});

test('no message, no open: the timing values are null, not zero', () => {
  const c = receive([conn(1)])
    .getState()
    .view.data.connections.get('s#1')!;
  expect([timeToOpen(c), timeToFirstMessage(c), eventsPerSecond(c, 5_000)]).toEqual([
    null,
    null,
    null,
  ]);
});

test('a transient error keeps the Last-Event-ID the reconnect sends; a terminal one is no reconnect', () => {
  const store = receive([
    conn(1),
    open(1),
    error(1, 0),
    withLastEventId(msgs(1, [sample('a', { id: '41', own: true })]), '41'),
    error(1, 0),
    error(1, 2),
  ]);
  const c = store.getState().view.data.connections.get('s#1')!;
  expect(c.reconnects.map((r) => r.lastEventId)).toEqual(['', '41']);
});

test('a regex filter matches the URL; an invalid one hides every row instead of throwing', () => {
  const store = receive([conn(1), conn(2, { url: 'http://127.0.0.1:8080/v1/other' })]);
  const { view, sort } = store.getState();
  const rows = (text: string) =>
    selectRows(view, { ...DEFAULT_FILTER, text }, sort).map((c) => c.id);
  expect(rows('/events\\/s+e/')).toEqual([1]);
  expect(rows('/OTHER$/')).toEqual([2]);
  expect(rows('/(/')).toEqual([]);
  expect(rows('#2')).toEqual([2]);
  const c = view.data.connections.get('s#1')!;
  expect(matchesFilter(c, { ...DEFAULT_FILTER, text: '/^http:/' })).toBe(true);
});

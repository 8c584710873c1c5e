import { describe, expect, test } from 'vitest';
import { createPanelStore } from '../store';
import { batch, conn, msgs, sample } from '../../src/protocol/testing/records';
import { searchMessages } from './messages';
import { parseQuery } from './query';

function connections() {
  const store = createPanelStore({ now: () => 0 });
  store
    .getState()
    .messageReceived(
      batch('s', [
        conn(1),
        conn(2),
        msgs(1, [
          sample('{"order":1}', { t: 10 }),
          sample('heartbeat', { t: 20, type: 'ping' }),
          sample('{"order":2}', { t: 30 }),
        ]),
        msgs(2, [sample('nothing here', { t: 15, type: 'order-update' })]),
      ]),
    );
  return [...store.getState().view.data.connections.values()];
}

describe('searchMessages', () => {
  test('searches data and event types of every connection, newest first, with a count', () => {
    const result = searchMessages(connections(), parseQuery('order'));
    expect(result.total).toBe(3);
    expect(result.connections).toBe(2);
    expect(result.searched).toBe(4);
    expect(result.hits.map((h) => [h.connection.id, h.sample.t])).toEqual([
      [1, 30],
      [2, 15],
      [1, 10],
    ]);
    // The second connection matched by its event type, not its data.
    expect(result.hits[1]?.data).toEqual([]);
    expect(result.hits[1]?.type).toEqual([[0, 5]]);
  });

  test('a regex over data', () => {
    const result = searchMessages(connections(), parseQuery('/"order":[2-9]/'));
    expect(result.total).toBe(1);
    expect(result.hits[0]?.data).toEqual([[1, 10]]);
  });

  test('the list is bounded but the count is not', () => {
    const result = searchMessages(connections(), parseQuery('/./'), 2);
    expect(result.hits).toHaveLength(2);
    expect(result.total).toBe(4);
  });

  test('an empty or invalid query searches nothing', () => {
    expect(searchMessages(connections(), parseQuery('')).total).toBe(0);
    expect(searchMessages(connections(), parseQuery('/[/')).total).toBe(0);
  });
});

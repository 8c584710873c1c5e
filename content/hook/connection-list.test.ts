import { describe, expect, test } from 'vitest';
import { createConnectionList, MAX_CONNECTIONS, type ListedConnection } from './connection-list';

const conn = (id: number): ListedConnection => ({
  id,
  listIndex: 0,
  timerCounts: { created: 0, fired: 0, cleared: 0 },
});

describe('createConnectionList', () => {
  test('a connection closed after a prune moved it is still marked closed (stale hint)', () => {
    const list = createConnectionList<ListedConnection>();
    const all: ListedConnection[] = [];
    // Every even id closes at once; the odd ones stay live until after the prune.
    for (let id = 1; id <= MAX_CONNECTIONS + 1; id++) {
      const c = conn(id);
      all.push(c);
      list.add(c);
      if (id % 2 === 0 && id <= MAX_CONNECTIONS) list.markClosed(c);
    }
    // The prune dropped closed ones from the front: the live ones moved down.
    expect(list.size).toBeLessThan(MAX_CONNECTIONS);
    const moved = all[2] as ListedConnection;
    expect(list.items().indexOf(moved)).toBeLessThan(2);
    list.markClosed(moved);
    // Add enough to prune again: a closed entry is forgotten, a live one never is.
    for (let id = MAX_CONNECTIONS + 2; list.size <= MAX_CONNECTIONS - 1; id++) list.add(conn(id));
    list.add(conn(10 * MAX_CONNECTIONS));
    expect(list.items()).not.toContain(moved);
    expect(list.items()).toContain(all[0]);
  });

  test('a connection without a hint (no listIndex field) is found by search', () => {
    const list = createConnectionList<ListedConnection>();
    const plain = [1, 2, 3].map((id) => ({
      id,
      timerCounts: { created: 0, fired: 0, cleared: 0 },
    }));
    for (const c of plain) list.add(c);
    (plain[1] as ListedConnection).listIndex = 0;
    list.markClosed(plain[1] as ListedConnection);
    // Fill past the cap: the one closed connection is the one forgotten first.
    for (let id = 4; id <= MAX_CONNECTIONS + 1; id++) list.add(conn(id));
    expect(list.items()).not.toContain(plain[1]);
    expect(list.items()).toContain(plain[0]);
    expect(list.items()).toContain(plain[2]);
  });
});

/**
 * The registry's bounded list of connections, in construction order (ids ascending), for
 * `connections()` and the hook's stats. Beyond `MAX_CONNECTIONS` the oldest closed connections
 * are forgotten, half the list at a time (amortised O(1) per construction); live ones always stay
 * visible. Forgetting only drops our reference: records already emitted stay in the record log.
 *
 * Parallel to the list, `ids` and `closed` (1 = closed) are plain number arrays: pruning reads
 * these contiguous numbers instead of chasing 5 000 object pointers (cache misses measured
 * ≈ 1 ms per prune under a storm).
 */

/** Connections kept for `connections()`; beyond it the oldest closed ones are forgotten. */
export const MAX_CONNECTIONS = 5000;

export interface ListedConnection {
  readonly id: number;
  /**
   * Where `add` put it in the list (the list's own field: read and written only here). Pruning
   * only moves entries down, so it is a hint `markClosed` checks before searching. Declare it
   * (initialised) in the connection's class so `add` does not change the object's shape.
   */
  listIndex?: number;
  readonly timerCounts: {
    readonly created: number;
    readonly fired: number;
    readonly cleared: number;
  };
}

export interface ConnectionList<C extends ListedConnection> {
  /** Appends a new connection (its id is greater than every listed one). */
  add(conn: C): void;
  /** `conn` reached CLOSED (terminal): it may be forgotten by a later prune. */
  markClosed(conn: C): void;
  /** The listed connections, oldest first (the live array: read it, do not keep it). */
  items(): readonly C[];
  readonly size: number;
  /** Reconnect timers created and neither fired nor cleared, over the listed connections. */
  readonly pendingTimers: number;
}

export function createConnectionList<C extends ListedConnection>(): ConnectionList<C> {
  let list: C[] = [];
  let ids: number[] = [];
  let closed: number[] = [];

  function prune(): void {
    const keep: C[] = [];
    const keepIds: number[] = [];
    const keepClosed: number[] = [];
    let excess = list.length - (MAX_CONNECTIONS >> 1);
    for (let i = 0; i < list.length; i++) {
      const isClosed = closed[i] as number;
      if (excess > 0 && isClosed === 1) {
        excess--;
        continue;
      }
      keep[keep.length] = list[i] as C;
      keepIds[keepIds.length] = ids[i] as number;
      keepClosed[keepClosed.length] = isClosed;
    }
    list = keep;
    ids = keepIds;
    closed = keepClosed;
  }

  return {
    add(conn) {
      conn.listIndex = list.length;
      list[list.length] = conn;
      ids[ids.length] = conn.id;
      closed[closed.length] = 0;
      if (list.length > MAX_CONNECTIONS) prune();
    },
    markClosed(conn) {
      const id = conn.id;
      // Usually closed before any prune moved it: one read where a search would touch ≈ 13
      // cache lines, each a miss in a storm's cold error task.
      const hint = conn.listIndex ?? -1;
      if (hint >= 0 && ids[hint] === id) {
        closed[hint] = 1;
        return;
      }
      // Binary search: ids ascend, and a connection closes at most once.
      let lo = 0;
      let hi = ids.length - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const at = ids[mid] as number;
        if (at === id) {
          closed[mid] = 1;
          conn.listIndex = mid;
          return;
        }
        if (at < id) lo = mid + 1;
        else hi = mid - 1;
      }
    },
    items: () => list,
    get size() {
      return list.length;
    },
    get pendingTimers() {
      let n = 0;
      for (let i = 0; i < list.length; i++) {
        const tc = (list[i] as C).timerCounts;
        n += tc.created - tc.fired - tc.cleared;
      }
      return n;
    },
  };
}

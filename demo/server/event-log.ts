/**
 * The bounded in-memory log of id'd events that makes `Last-Event-ID` replay possible.
 *
 * The log owns the id counter, so ids are global, monotonic and consecutive (1, 2, 3, …) per
 * server; consecutive ids let a replay find its starting point by arithmetic instead of a search.
 * Only the newest `limit` frames are kept: a client that asks for anything older is told there is
 * a gap (and should resync) rather than silently receiving a partial history.
 */

export interface LoggedEvent {
  readonly id: number;
  readonly frame: string;
}

export type ReplayResult =
  | { readonly kind: 'ok'; readonly frames: readonly string[] }
  /** Events after `lastEventId` were evicted (or never existed, e.g. after a server restart). */
  | {
      readonly kind: 'gap';
      readonly frames: readonly string[];
      readonly oldestId: number | null;
      readonly newestId: number;
    };

export interface EventLog {
  /** Allocates the next id, lets `format` build the frame with it, and stores the frame. */
  append(format: (id: number) => string): LoggedEvent;
  /** Frames with an id greater than `lastEventId`, oldest first. */
  since(lastEventId: number): ReplayResult;
  /** The id of the newest event ever appended (0 before the first). */
  readonly newestId: number;
  /** The id of the oldest event still kept, or null when none is kept. */
  readonly oldestId: number | null;
  readonly size: number;
}

export function createEventLog(limit: number): EventLog {
  const capacity = Math.max(0, Math.floor(limit));
  const ring: string[] = new Array<string>(capacity);
  let newestId = 0;
  let size = 0;

  const oldestId = (): number | null => (size === 0 ? null : newestId - size + 1);
  const frameAt = (id: number): string => ring[id % capacity] ?? '';

  return {
    append(format) {
      const id = newestId + 1;
      const frame = format(id);
      newestId = id;
      if (capacity > 0) {
        ring[id % capacity] = frame;
        size = Math.min(size + 1, capacity);
      }
      return { id, frame };
    },
    since(lastEventId) {
      const oldest = oldestId();
      if (lastEventId > newestId || lastEventId < 0) {
        // An id from the future: this log was reset (server restart). Nothing is replayable.
        return { kind: 'gap', frames: [], oldestId: oldest, newestId };
      }
      if (lastEventId === newestId) return { kind: 'ok', frames: [] };
      const frames: string[] = [];
      const from = oldest === null ? newestId + 1 : Math.max(lastEventId + 1, oldest);
      for (let id = from; id <= newestId; id++) frames.push(frameAt(id));
      if (oldest === null || lastEventId + 1 < oldest) {
        return { kind: 'gap', frames, oldestId: oldest, newestId };
      }
      return { kind: 'ok', frames };
    },
    get newestId() {
      return newestId;
    },
    get oldestId() {
      return oldestId();
    },
    get size() {
      return size;
    },
  };
}

/**
 * The hook's history: a bounded ring of records numbered by `seq` (per hook session, from 1, no
 * gaps), kept whether or not a panel is attached so a panel opened later (or a relay that
 * re-attaches after a service-worker restart) can replay from its cursor.
 *
 * The budget is in approximate bytes estimated from string lengths by the caller. On overflow
 * the oldest records are evicted and counted; the next `noteDrops()` appends one `dropped`
 * record {count, from, to} covering them, so loss is always visible downstream. Every evicted
 * record (an older `dropped` record included) is counted by a later `dropped` record, so a
 * replay from any cursor can tell what it missed.
 */
import type { HookRecord, RecordDraft } from '../../src/protocol/records';

export interface RecordLogStats {
  readonly bufferedRecords: number;
  readonly bufferedBytes: number;
  /** Records evicted since the session started. */
  readonly dropped: number;
  /** Last seq assigned (0 before the first record). */
  readonly seq: number;
}

export interface RecordLog {
  /** Numbers and stores a record; returns the stored (mutable until posted) object. */
  append(draft: RecordDraft, bytes: number): HookRecord;
  /**
   * Replaces the byte estimate of a record appended earlier (e.g. once its stack is formatted);
   * a record already evicted is ignored. May evict, like `append`.
   */
  resize(record: RecordDraft, bytes: number): void;
  /** Records with seq > cursor, oldest first, at most `maxCount` and about `maxBytes`. */
  since(cursor: number, maxCount: number, maxBytes: number): HookRecord[];
  /** Appends a `dropped` record if records were evicted since the previous one. */
  noteDrops(): void;
  setBudget(bytes: number): void;
  readonly lastSeq: number;
  stats(): RecordLogStats;
}

/** Fixed per-record overhead in the byte estimate (keys, numbers, object header). */
export const RECORD_OVERHEAD = 64;

export function createRecordLog(options: { budget: number; now: () => number }): RecordLog {
  let budget = options.budget;
  const now = options.now;
  let records: HookRecord[] = [];
  let sizes: number[] = [];
  let head = 0;
  let bytes = 0;
  let seq = 0;
  let droppedTotal = 0;
  let pendingCount = 0;
  let pendingFrom = 0;
  let pendingTo = 0;

  function compact(): void {
    // Evicted slots are reclaimed in bulk so eviction stays O(1) amortized.
    const nextRecords: HookRecord[] = [];
    const nextSizes: number[] = [];
    for (let i = head; i < records.length; i++) {
      nextRecords[nextRecords.length] = records[i] as HookRecord;
      nextSizes[nextSizes.length] = sizes[i] as number;
    }
    records = nextRecords;
    sizes = nextSizes;
    head = 0;
  }

  function evictOverBudget(): void {
    // The newest record always stays, even if it alone is over budget.
    while (bytes > budget && records.length - head > 1) {
      const evicted = records[head] as HookRecord;
      bytes -= sizes[head] as number;
      (records as unknown[])[head] = undefined;
      head++;
      droppedTotal++;
      if (pendingCount === 0) pendingFrom = evicted.seq;
      pendingTo = evicted.seq;
      pendingCount++;
    }
    if (head > 1024 && head * 2 > records.length) compact();
  }

  function append(draft: RecordDraft, size: number): HookRecord {
    const record = draft as unknown as { seq: number; t: number };
    record.seq = ++seq;
    record.t = now();
    records[records.length] = record as unknown as HookRecord;
    sizes[sizes.length] = size;
    bytes += size;
    if (bytes > budget) evictOverBudget();
    return record as unknown as HookRecord;
  }

  return {
    append,
    resize(draft, size) {
      if (records.length === head) return;
      const record = draft as unknown as HookRecord;
      const index = head + (record.seq - (records[head] as HookRecord).seq);
      if (index < head || index >= records.length || records[index] !== record) return;
      bytes += size - (sizes[index] as number);
      sizes[index] = size;
      if (bytes > budget) evictOverBudget();
    },
    since(cursor, maxCount, maxBytes) {
      const out: HookRecord[] = [];
      if (records.length === head) return out;
      const firstSeq = (records[head] as HookRecord).seq;
      let i = cursor < firstSeq ? head : head + (cursor - firstSeq) + 1;
      let size = 0;
      for (; i < records.length && out.length < maxCount; i++) {
        const s = sizes[i] as number;
        if (out.length > 0 && size + s > maxBytes) break;
        size += s;
        out[out.length] = records[i] as HookRecord;
      }
      return out;
    },
    noteDrops() {
      if (pendingCount === 0) return;
      const draft: RecordDraft = {
        k: 'dropped',
        count: pendingCount,
        from: pendingFrom,
        to: pendingTo,
      };
      pendingCount = 0;
      append(draft, RECORD_OVERHEAD);
    },
    setBudget(next) {
      budget = next;
      if (bytes > budget) evictOverBudget();
    },
    get lastSeq() {
      return seq;
    },
    stats() {
      return {
        bufferedRecords: records.length - head,
        bufferedBytes: bytes,
        dropped: droppedTotal,
        seq,
      };
    },
  };
}

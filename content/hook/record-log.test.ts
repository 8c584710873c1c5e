import { describe, expect, test } from 'vitest';
import type { HookRecord } from '../../src/protocol/records';
import { createRecordLog } from './record-log';

const makeLog = (budget: number) => {
  let t = 1000;
  return createRecordLog({ budget, now: () => t++ });
};
const open = (id: number) => ({ k: 'open', id }) as const;

describe('record log', () => {
  test('numbers records from 1 without gaps and stamps them with the clock', () => {
    const log = makeLog(10_000);
    const a = log.append(open(1), 10);
    const b = log.append(open(2), 10);
    expect([a.seq, b.seq, a.t, b.t]).toEqual([1, 2, 1000, 1001]);
    expect(log.lastSeq).toBe(2);
  });

  test('since(cursor) returns the records after the cursor, bounded by count and bytes', () => {
    const log = makeLog(10_000);
    for (let i = 1; i <= 10; i++) log.append(open(i), 100);
    expect(log.since(7, 100, 1e9).map((r) => r.seq)).toEqual([8, 9, 10]);
    expect(log.since(0, 3, 1e9).map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(log.since(0, 100, 250).map((r) => r.seq)).toEqual([1, 2]);
    expect(log.since(10, 100, 1e9)).toEqual([]);
  });

  test('overflow evicts the oldest records and a dropped record says which', () => {
    const log = makeLog(500);
    for (let i = 1; i <= 8; i++) log.append(open(i), 100);
    expect(log.stats()).toMatchObject({ bufferedRecords: 5, bufferedBytes: 500, dropped: 3 });
    log.noteDrops();
    const all = log.since(0, 100, 1e9);
    const dropped = all.find((r) => r.k === 'dropped') as Extract<HookRecord, { k: 'dropped' }>;
    expect(dropped).toMatchObject({ seq: 9, count: 3, from: 1, to: 3 });
    // Appending the dropped record itself evicted record 4: counted by the next notice.
    expect(all[0]?.seq).toBe(5);
    expect(log.stats().dropped).toBe(4);
  });

  test('dropped records cover every evicted seq, earlier dropped records included, with no gaps', () => {
    const log = makeLog(300);
    const seen: Array<Extract<HookRecord, { k: 'dropped' }>> = [];
    const collect = (): void => {
      log.noteDrops();
      const last = log.since(log.lastSeq - 1, 1, 1e9)[0];
      if (last?.k === 'dropped') seen.push(last);
    };
    for (let i = 1; i <= 20; i++) {
      log.append(open(i), 100);
      if (i % 3 === 0) collect();
    }
    collect();
    expect(seen.length).toBeGreaterThan(2);
    expect(seen[0]?.from).toBe(1);
    for (let i = 1; i < seen.length; i++) expect(seen[i]?.from).toBe((seen[i - 1]?.to ?? 0) + 1);
    const counted = seen.reduce((n, r) => n + r.count, 0);
    // Only what the very last notice itself pushed out is still pending.
    expect(log.stats().dropped - counted).toBeLessThanOrEqual(1);
    // Earlier dropped records that were evicted lie inside a later range.
    const coveredTo = seen.at(-1)?.to ?? 0;
    const evictedNotices = seen.filter((r) => r.seq <= coveredTo);
    expect(evictedNotices.length).toBeGreaterThan(0);
    for (const notice of evictedNotices) {
      expect(seen.some((r) => r.from <= notice.seq && notice.seq <= r.to)).toBe(true);
    }
  });

  test('no dropped record when nothing was lost', () => {
    const log = makeLog(10_000);
    log.append(open(1), 10);
    log.noteDrops();
    expect(log.lastSeq).toBe(1);
  });

  test('a smaller budget evicts at once', () => {
    const log = makeLog(10_000);
    for (let i = 1; i <= 10; i++) log.append(open(i), 100);
    log.setBudget(300);
    expect(log.stats()).toMatchObject({ bufferedRecords: 3, dropped: 7 });
  });

  test('the newest record stays even when it alone is over budget', () => {
    const log = makeLog(100);
    log.append(open(1), 50);
    log.append(open(2), 1000);
    expect(log.since(0, 10, 1e9).map((r) => r.seq)).toEqual([2]);
  });

  test('long runs compact storage and keep seq lookups right', () => {
    const log = makeLog(100 * 10);
    for (let i = 1; i <= 5000; i++) log.append(open(i), 100);
    expect(log.since(4995, 100, 1e9).map((r) => r.seq)).toEqual([4996, 4997, 4998, 4999, 5000]);
    expect(log.stats().bufferedRecords).toBe(10);
  });

  test("resize corrects a buffered record's estimate and evicts if the truth is over budget", () => {
    const log = makeLog(500);
    const first = open(1);
    log.append(first, 300);
    log.append(open(2), 100);
    log.resize(first, 50);
    expect(log.stats()).toMatchObject({ bufferedRecords: 2, bufferedBytes: 150 });
    log.resize(first, 450);
    expect(log.stats()).toMatchObject({ bufferedRecords: 1, bufferedBytes: 100, dropped: 1 });
    // An evicted (or never appended) record is ignored.
    log.resize(first, 1);
    log.resize(open(9), 1);
    expect(log.stats()).toMatchObject({ bufferedRecords: 1, bufferedBytes: 100 });
  });
});

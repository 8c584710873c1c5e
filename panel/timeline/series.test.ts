import { describe, expect, test } from 'vitest';
import { at, debugAt, recordingOf } from '../acceptance/test-recordings';
import { close, conn, timer } from '../../src/protocol/testing/records';
import { deriveSeries } from './series';

describe('timeline series', () => {
  test('shows a reconnect storm as a spike in live connections and connects, and its end', () => {
    const storm = Array.from({ length: 5 }, (_, i) => at(10_000 + i, conn(i + 2)));
    const ends = Array.from({ length: 5 }, (_, i) => at(12_000 + i, close(i + 2)));
    const rec = recordingOf([at(0, conn(1)), ...storm, ...ends], 20_000);
    const s = deriveSeries(rec, { from: 0, to: 20_000, points: 10 });
    expect(s.t).toHaveLength(10);
    expect(s.live).toEqual([1, 1, 1, 1, 1, 6, 5, 1, 1, 1]);
    expect(s.connects).toEqual([1, 0, 0, 0, 0, 5, 0, 0, 0, 0]);
  });

  test('keeps a spike shorter than a bucket (maximum, not average)', () => {
    const rec = recordingOf([at(0, conn(1)), at(4_000, conn(2)), at(4_001, close(2))], 10_000);
    const s = deriveSeries(rec, { from: 0, to: 10_000, points: 2 });
    expect(s.live).toEqual([2, 1]);
  });

  test('counts pending reconnect timers until they fire', () => {
    const rec = recordingOf(
      [
        at(0, conn(1)),
        at(1_000, timer(1, 1, 'created')),
        at(1_500, timer(2, 1, 'created')),
        at(2_500, timer(1, 1, 'fired')),
        at(2_600, timer(2, 1, 'cleared')),
      ],
      4_000,
    );
    expect(deriveSeries(rec, { from: 0, to: 4_000, points: 4 }).timers).toEqual([0, 2, 2, 0]);
  });

  test('follows the debug global, with gaps before its first poll', () => {
    const rec = recordingOf(
      [
        at(0, conn(1)),
        at(2_500, debugAt(2_500, { connects: 1, timers: 0, subscribers: 3 })),
        at(3_500, debugAt(3_500, { connects: 4, timers: 1, subscribers: 3 })),
      ],
      4_000,
    );
    const s = deriveSeries(rec, { from: 0, to: 4_000, points: 4 });
    expect(s.debugConnects).toEqual([null, null, 1, 4]);
    expect(s.debugTimers).toEqual([null, null, 0, 1]);
    expect(s.debugSubscribers).toEqual([null, null, 3, 3]);
  });

  test('is empty for an empty recording', () => {
    expect(deriveSeries(recordingOf([], 1_000), { from: 0, to: 1_000, points: 10 }).t).toEqual([]);
  });
});

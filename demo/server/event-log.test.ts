import { describe, expect, test } from 'vitest';
import { createEventLog } from './event-log';

const fill = (limit: number, count: number) => {
  const log = createEventLog(limit);
  for (let i = 0; i < count; i++) log.append((id) => `frame-${id}`);
  return log;
};

describe('createEventLog', () => {
  test('hands out consecutive ids starting at 1', () => {
    const log = createEventLog(10);
    expect([log.append(() => 'a').id, log.append(() => 'b').id, log.append(() => 'c').id]).toEqual([
      1, 2, 3,
    ]);
    expect(log.newestId).toBe(3);
  });

  test('replays exactly the frames after the given id, oldest first', () => {
    expect(fill(10, 5).since(2)).toEqual({ kind: 'ok', frames: ['frame-3', 'frame-4', 'frame-5'] });
  });

  test('replays nothing for a client that is up to date', () => {
    expect(fill(10, 5).since(5)).toEqual({ kind: 'ok', frames: [] });
  });

  test('keeps only the newest `limit` frames and reports a gap for older ids', () => {
    const log = fill(3, 10);
    expect(log.size).toBe(3);
    expect(log.oldestId).toBe(8);
    expect(log.since(7)).toEqual({ kind: 'ok', frames: ['frame-8', 'frame-9', 'frame-10'] });
    expect(log.since(2)).toEqual({
      kind: 'gap',
      frames: ['frame-8', 'frame-9', 'frame-10'],
      oldestId: 8,
      newestId: 10,
    });
  });

  test('reports an id from the future (a restarted server) as a gap with nothing to replay', () => {
    expect(fill(10, 3).since(99)).toEqual({ kind: 'gap', frames: [], oldestId: 1, newestId: 3 });
  });

  test('with a limit of 0 keeps nothing and still counts ids', () => {
    const log = fill(0, 4);
    expect(log.newestId).toBe(4);
    expect(log.since(1)).toEqual({ kind: 'gap', frames: [], oldestId: null, newestId: 4 });
    expect(log.since(4)).toEqual({ kind: 'ok', frames: [] });
  });
});

import { describe, expect, test } from 'vitest';
import type { DraftOf, RecordDraft } from '../../src/protocol/records';
import { captureNatives } from './natives';
import { SAMPLES_PER_INTERVAL, TrafficInterval, type SampleReader } from './traffic-interval';

const natives = captureNatives(globalThis);

/** A stand-in event: the reader below reads its id, data and time, and counts the reads. */
interface Ev {
  readonly id: string;
  readonly t: number;
  readonly data: string;
}

function setUp() {
  const reads = { id: 0, time: 0, data: 0 };
  const reader: SampleReader = {
    id: (e) => {
      reads.id++;
      return (e as Ev).id;
    },
    data: (e) => {
      reads.data++;
      return (e as Ev).data;
    },
    time: (e) => {
      reads.time++;
      return (e as Ev).t;
    },
  };
  const traffic = new TrafficInterval();
  const emitted: DraftOf<'msgs'>[] = [];
  const flush = (): DraftOf<'msgs'> | undefined => {
    traffic.readEvents(reader);
    traffic.emitInterval(natives, 1, 1000, (draft: RecordDraft) => {
      emitted.push(draft as DraftOf<'msgs'>);
    });
    return emitted[emitted.length - 1];
  };
  let t = 0;
  /** One message; `read` false: the caller is over its read budget and passes no data. */
  const send = (id: string, data = `d${t}`, read = true): Ev => {
    const ev = { id, t: ++t, data };
    traffic.addEvent(natives, 'message', read ? data : null, ev);
    return ev;
  };
  return { traffic, reader, reads, flush, send };
}

describe('event-backed samples (addEvent)', () => {
  test('nothing is read per message; ids and times are read once, at flush', () => {
    const { reads, flush, send, traffic } = setUp();
    send('');
    send('7');
    send('7');
    expect(reads).toEqual({ id: 0, time: 0, data: 0 });
    const msgs = flush();
    expect(reads).toEqual({ id: 3, time: 3, data: 0 });
    expect(msgs?.recent.map((s) => [s.id, s.own, s.t])).toEqual([
      ['', false, 1],
      ['7', true, 2],
      ['7', false, 3],
    ]);
    expect(msgs).toMatchObject({ count: 3, lastEventId: '7', lastAt: 3 });
    // Read samples are not read again, and the events are released.
    traffic.readEvents({ id: () => 'x', data: () => 'x', time: () => -1 });
    expect(traffic.events?.every((e) => e === null)).toBe(true);
  });

  test('a full ring keeps the newest samples; the oldest kept is own against the one pushed out', () => {
    const { flush, send } = setUp();
    const extra = 5;
    for (let i = 0; i < SAMPLES_PER_INTERVAL + extra; i++) send(i >= extra ? 'new' : '');
    const msgs = flush();
    expect(msgs?.count).toBe(SAMPLES_PER_INTERVAL + extra);
    expect(msgs?.recent).toHaveLength(SAMPLES_PER_INTERVAL);
    expect(msgs?.skipped).toBe(extra);
    // The oldest kept sample is message #extra, the first with id 'new': its predecessor (pushed
    // out of the ring, never read until now) had ''.
    expect(msgs?.recent[0]).toMatchObject({ id: 'new', own: true, t: extra + 1 });
    expect(msgs?.recent.slice(1).every((s) => !s.own)).toBe(true);
  });

  test('own is judged across flushes and across a snapshot read in the middle of an interval', () => {
    const { traffic, reader, flush, send } = setUp();
    send('1');
    flush();
    send('1');
    traffic.readEvents(reader); // a snapshot in the middle of the interval
    expect(traffic.lastEventId).toBe('1');
    expect(traffic.lastAt).toBe(2);
    send('2');
    send('2');
    const msgs = flush();
    expect(msgs?.recent.map((s) => [s.id, s.own])).toEqual([
      ['1', false],
      ['2', true],
      ['2', false],
    ]);
    expect(msgs).toMatchObject({ lastEventId: '2', lastAt: 4 });
  });

  test('a snapshot read of a full ring, then more messages: the predecessor is the read id', () => {
    const { traffic, reader, flush, send } = setUp();
    for (let i = 0; i < SAMPLES_PER_INTERVAL; i++) send('a');
    traffic.readEvents(reader);
    send('b'); // pushes out a sample already read: its id, not its event, is kept
    send('b');
    const msgs = flush();
    const last3 = msgs?.recent.slice(-3).map((s) => [s.id, s.own]);
    expect(last3).toEqual([
      ['a', false],
      ['b', true],
      ['b', false],
    ]);
    expect(msgs?.recent[0]).toMatchObject({ id: 'a', own: false });
  });
});

describe('messages counted without reading their data (a flood past the read budget)', () => {
  test('sizes read for every message: exact, and the record has no unmeasured field', () => {
    const { flush, send } = setUp();
    send('', 'abc');
    send('', 'de');
    const msgs = flush();
    expect(msgs).toMatchObject({ count: 2, bytes: 5 });
    expect(msgs && 'unmeasured' in msgs).toBe(false);
  });

  test('unread messages count at the mean size of the read ones; samples get their data at flush', () => {
    const { flush, send, reads } = setUp();
    // 4 read messages of 10 characters, then 30 unread ones of 4: the newest 20 of those are
    // still samples, so their data is read at flush (exactly 4 each); 10 are never read.
    for (let i = 0; i < 4; i++) send('', 'x'.repeat(10));
    for (let i = 0; i < 30; i++) send('', 'y'.repeat(4), false);
    expect(reads.data).toBe(0);
    const msgs = flush();
    expect(reads.data).toBe(SAMPLES_PER_INTERVAL);
    // Measured: 4 x 10 + 20 x 4 = 120 characters over 24 messages (mean 5); 10 unmeasured at 5.
    expect(msgs).toMatchObject({ count: 34, bytes: 120 + 50, unmeasured: 10 });
    expect(msgs?.recent.map((s) => s.data)).toEqual(Array(SAMPLES_PER_INTERVAL).fill('yyyy'));
    expect(msgs?.recent.every((s) => s.size === 4)).toBe(true);
  });

  test('the estimate is whole characters, and totals carry both the estimate and the count', () => {
    const { traffic, flush, send } = setUp();
    // 20 samples read at flush (3 characters each) + 1 read on the hot path (4) = 64 over 21
    // messages; 22 pushed out unread: 22 x 64 / 21 = 67.04 -> 67.
    send('', 'abcd');
    for (let i = 0; i < 42; i++) send('', 'abc', false);
    const msgs = flush();
    expect(msgs).toMatchObject({ count: 43, bytes: 64 + 67, unmeasured: 22 });
    expect(traffic.totalBytes).toBe(131);
    expect(traffic.totalUnmeasured).toBe(22);
    // The next interval starts exact again.
    send('', 'ab');
    expect(flush()).toMatchObject({ count: 1, bytes: 2 });
    expect(traffic.totalUnmeasured).toBe(22);
  });

  test('a snapshot in the middle of an interval sees the estimate so far', () => {
    const { traffic, reader, send } = setUp();
    send('', 'abcd');
    for (let i = 0; i < SAMPLES_PER_INTERVAL + 3; i++) send('', 'abcd', false);
    traffic.readEvents(reader);
    expect(traffic.unmeasured).toBe(3);
    expect(traffic.bytesSoFar()).toBe(4 * (SAMPLES_PER_INTERVAL + 4));
  });
});

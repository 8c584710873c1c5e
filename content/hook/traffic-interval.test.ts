import { describe, expect, test } from 'vitest';
import type { DraftOf, RecordDraft } from '../../src/protocol/records';
import { captureNatives } from './natives';
import { SAMPLES_PER_INTERVAL, TrafficInterval, type SampleReader } from './traffic-interval';

const natives = captureNatives(globalThis);

/** A stand-in event: the reader below reads its id and time, and counts the reads. */
interface Ev {
  readonly id: string;
  readonly t: number;
}

function setUp() {
  const reads = { id: 0, time: 0 };
  const reader: SampleReader = {
    id: (e) => {
      reads.id++;
      return (e as Ev).id;
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
  const send = (id: string, data = `d${t}`): Ev => {
    const ev = { id, t: ++t };
    traffic.addEvent(natives, 'message', data, ev);
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
    expect(reads).toEqual({ id: 0, time: 0 });
    const msgs = flush();
    expect(reads).toEqual({ id: 3, time: 3 });
    expect(msgs?.recent.map((s) => [s.id, s.own, s.t])).toEqual([
      ['', false, 1],
      ['7', true, 2],
      ['7', false, 3],
    ]);
    expect(msgs).toMatchObject({ count: 3, lastEventId: '7', lastAt: 3 });
    // Read samples are not read again, and the events are released.
    traffic.readEvents({ id: () => 'x', time: () => -1 });
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

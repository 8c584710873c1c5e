import { describe, expect, test } from 'vitest';
import { createPanelModel } from '../model';
import { createRecorder } from '../recording/recorder';
import { batch, close, conn, error, open, timer } from '../../src/protocol/testing/records';
import { evaluateConnectsCounted } from './connects-counted';
import { evaluateAll, sameVerdicts } from './evaluate';
import { evaluateNoOverlap } from './no-overlap';
import { evaluateOneLive } from './one-live';
import { evaluateOneTimer } from './one-timer';
import { evaluateReasonedConnects } from './reasoned-connects';
import { annotate, at, debugAt, hello, OPTIONS, recordingOf } from './test-recordings';
import { resolveWindow } from './window';

const whole = { from: 0, to: 100_000 };
const OTHER = 'http://127.0.0.1:8080/v1/other?x=1';

describe('(a) exactly one live connection to the endpoint at every moment', () => {
  test('passes while one connection lives through the whole window', () => {
    const rec = recordingOf([at(1_000, hello()), at(1_000, conn(1)), at(1_010, open(1))], 60_000);
    const v = evaluateOneLive(rec, { from: 1_000, to: 60_000 }, OPTIONS);
    expect(v.status).toBe('pass');
    expect(v.offenders).toEqual([]);
  });

  test('fails while a page holds two live connections, naming both', () => {
    const rec = recordingOf([at(1_000, conn(1)), at(2_000, conn(2)), at(3_000, close(2))], 60_000);
    const v = evaluateOneLive(rec, whole, OPTIONS);
    expect(v.status).toBe('fail');
    expect(v.offenders).toEqual(['s1#1', 's1#2']);
    expect(v.at).toBe(2_000);
  });

  test('passes over a later window in which the page holds one again', () => {
    const rec = recordingOf([at(1_000, conn(1)), at(2_000, conn(2)), at(3_000, close(2))], 60_000);
    expect(evaluateOneLive(rec, { from: 10_000, to: 60_000 }, OPTIONS).status).toBe('pass');
  });

  test('sees a duplicate that lived less than a millisecond (new before close, by seq)', () => {
    const rec = recordingOf([at(1_000, conn(1)), at(5_000, conn(2)), at(5_000, close(1))], 60_000);
    expect(evaluateOneLive(rec, whole, OPTIONS).status).toBe('fail');
  });

  test('accepts close() then new EventSource() in the same millisecond', () => {
    const rec = recordingOf([at(1_000, conn(1)), at(5_000, close(1)), at(5_000, conn(2))], 60_000);
    expect(evaluateOneLive(rec, whole, OPTIONS).status).toBe('pass');
  });

  test('fails when no connection is live for a while after one closed', () => {
    const rec = recordingOf([at(1_000, conn(1)), at(5_000, close(1)), at(8_000, conn(2))], 60_000);
    const v = evaluateOneLive(rec, whole, OPTIONS);
    expect(v.status).toBe('fail');
    expect(v.evidence.find((e) => e.code === 'evidence.timeBelow')?.params.ms).toBe(3_000);
  });

  test('excuses a gap ended by a connection that a reconnect timer created (a controlled reconnect)', () => {
    const rec = recordingOf(
      [at(1_000, conn(1)), at(5_000, close(1)), at(8_000, conn(2, { parent: 1, timer: 1 }))],
      60_000,
    );
    const v = evaluateOneLive(rec, whole, OPTIONS);
    expect(v.status).toBe('pass');
    expect(v.evidence.find((e) => e.code === 'evidence.timeBelow')).toBeUndefined();
  });

  test('excuses a gap ended by a connection its client annotated with a reason (token change)', () => {
    const rec = recordingOf(
      [
        at(1_000, conn(1)),
        at(5_000, close(1)),
        at(5_020, conn(2)),
        at(5_020, {
          k: 'annotate',
          id: 2,
          client: 'admin-app',
          marker: 'm2',
          reason: 'token changed',
        }),
      ],
      60_000,
    );
    expect(evaluateOneLive(rec, whole, OPTIONS).status).toBe('pass');
  });

  test('excuses a gap still open at the end of the window while a reconnect timer is pending', () => {
    const events = [
      at(1_000, conn(1)),
      at(5_000, error(1, 0)),
      at(5_000, timer(1, 1, 'created')),
      at(5_001, close(1)),
    ];
    expect(
      evaluateOneLive(recordingOf(events, 60_000), { from: 0, to: 6_000 }, OPTIONS).status,
    ).toBe('pass');
    const noTimer = [at(1_000, conn(1)), at(5_001, close(1))];
    expect(
      evaluateOneLive(recordingOf(noTimer, 60_000), { from: 0, to: 6_000 }, OPTIONS).status,
    ).toBe('fail');
  });

  test('still fails a gap ended by an unexplained connection (no timer, no reason)', () => {
    const rec = recordingOf([at(1_000, conn(1)), at(5_000, close(1)), at(5_500, conn(2))], 60_000);
    expect(evaluateOneLive(rec, whole, OPTIONS).status).toBe('fail');
  });

  test('ignores connections to other endpoints', () => {
    const rec = recordingOf([at(1_000, conn(1)), at(2_000, conn(2, { url: OTHER }))], 60_000);
    expect(evaluateOneLive(rec, whole, OPTIONS).status).toBe('pass');
  });

  test('has no data, not a pass, when nothing connected to the endpoint', () => {
    const rec = recordingOf([at(1_000, conn(1, { url: OTHER }))], 60_000);
    expect(evaluateOneLive(rec, whole, OPTIONS).status).toBe('noData');
  });
});

describe('(b) repeated connect() created no connection', () => {
  test('passes when connects grew exactly by the connections seen between polls', () => {
    const rec = recordingOf(
      [
        at(1_000, hello()),
        at(1_001, conn(1)),
        at(2_000, debugAt(2_000, { connects: 1, timers: 0 })),
        at(3_000, close(1)),
        at(3_000, conn(2)),
        at(4_000, debugAt(4_000, { connects: 2, timers: 0 })),
      ],
      10_000,
    );
    const v = evaluateConnectsCounted(rec, whole, OPTIONS);
    expect(v.status).toBe('pass');
    expect(v.evidence[0]?.params).toMatchObject({ grew: 2, seen: 2 });
  });

  test('fails with the stray connection when the page made one the client did not count', () => {
    const rec = recordingOf(
      [
        at(1_000, hello()),
        at(1_001, conn(1)),
        at(1_002, annotate(1, 'subscribe')),
        at(2_000, debugAt(2_000, { connects: 1 })),
        at(2_500, conn(2)),
        at(4_000, debugAt(4_000, { connects: 1, subscribers: 2 })),
      ],
      10_000,
    );
    const v = evaluateConnectsCounted(rec, whole, OPTIONS);
    expect(v.status).toBe('fail');
    expect(v.offenders).toEqual(['s1#2']);
  });

  test('fails for a connection made after the last poll that never changed the count', () => {
    const rec = recordingOf(
      [
        at(1_000, hello()),
        at(1_001, conn(1)),
        at(2_000, debugAt(2_000, { connects: 1 })),
        at(3_000, conn(2)),
      ],
      10_000,
    );
    const v = evaluateConnectsCounted(rec, whole, OPTIONS);
    expect(v.status).toBe('fail');
    expect(v.offenders).toEqual(['s1#2']);
  });

  test('does not blame a connection younger than two poll intervals (its count may not be polled yet)', () => {
    const rec = recordingOf(
      [
        at(1_000, hello()),
        at(1_001, conn(1)),
        at(2_000, debugAt(2_000, { connects: 1 })),
        at(9_500, conn(2)),
      ],
      10_000,
    );
    expect(evaluateConnectsCounted(rec, { from: 0, to: 10_000 }, OPTIONS).status).toBe('pass');
  });

  test('does not blame a later window for a stray made before it', () => {
    const rec = recordingOf(
      [
        at(1_000, hello()),
        at(1_001, conn(1)),
        at(2_000, debugAt(2_000, { connects: 1 })),
        at(3_000, conn(2)),
        at(3_500, close(2)),
      ],
      60_000,
    );
    expect(evaluateConnectsCounted(rec, whole, OPTIONS).status).toBe('fail');
    expect(evaluateConnectsCounted(rec, { from: 30_000, to: 60_000 }, OPTIONS).status).toBe('pass');
  });

  test('fails when connects grew by more than the connections seen', () => {
    const rec = recordingOf(
      [at(1_000, hello()), at(1_001, conn(1)), at(2_000, debugAt(2_000, { connects: 3 }))],
      10_000,
    );
    expect(evaluateConnectsCounted(rec, whole, OPTIONS).status).toBe('fail');
  });

  test('fails when the counter went down (the client was re-created)', () => {
    const rec = recordingOf(
      [
        at(1_000, conn(1)),
        at(2_000, debugAt(2_000, { connects: 1 })),
        at(3_000, debugAt(3_000, { connects: 0 })),
      ],
      10_000,
    );
    const v = evaluateConnectsCounted(rec, whole, OPTIONS);
    expect(v.status).toBe('fail');
    expect(v.evidence.some((e) => e.code === 'evidence.connectsWentDown')).toBe(true);
  });

  test('has no data without a debug global that reports connects', () => {
    const rec = recordingOf([at(1_000, conn(1))], 10_000);
    expect(evaluateConnectsCounted(rec, whole, OPTIONS).status).toBe('noData');
  });
});

describe('(c) at most one pending reconnect timer', () => {
  test('passes when each error schedules one timer that fires before the next', () => {
    const rec = recordingOf(
      [
        at(1_000, conn(1)),
        at(2_000, error(1, 2)),
        at(2_000, timer(1, 1, 'created')),
        at(3_000, timer(1, 1, 'fired')),
        at(3_000, conn(2, { parent: 1, timer: 1 })),
        at(4_000, error(2, 2)),
        at(4_000, timer(2, 2, 'created')),
        at(5_000, timer(2, 2, 'fired')),
        at(5_000, conn(3, { parent: 2, timer: 2 })),
        at(6_000, debugAt(6_000, { timers: 0 })),
      ],
      10_000,
    );
    const v = evaluateOneTimer(rec, whole, OPTIONS);
    expect(v.status).toBe('pass');
    expect(v.evidence[0]?.params).toMatchObject({ max: 1, created: 2 });
  });

  test('fails when a second timer is scheduled while one is pending', () => {
    const rec = recordingOf(
      [
        at(1_000, conn(1)),
        at(2_000, error(1, 0)),
        at(2_000, timer(1, 1, 'created')),
        at(2_500, error(1, 0)),
        at(2_500, timer(2, 1, 'created')),
      ],
      10_000,
    );
    const v = evaluateOneTimer(rec, whole, OPTIONS);
    expect(v.status).toBe('fail');
    expect(v.at).toBe(2_500);
    expect(v.offenders).toEqual(['s1#1']);
  });

  test('fails when the debug global reports two timers', () => {
    const rec = recordingOf([at(1_000, conn(1)), at(2_000, debugAt(2_000, { timers: 2 }))], 10_000);
    expect(evaluateOneTimer(rec, whole, OPTIONS).status).toBe('fail');
  });

  test('has no data when nothing was watched in the window', () => {
    const rec = recordingOf([at(1_000, conn(1, { url: OTHER }))], 10_000);
    expect(evaluateOneTimer(rec, whole, OPTIONS).status).toBe('noData');
  });
});

describe('(d) no connect without a reason after the first', () => {
  test('passes when later connections carry a reason or a reconnect parent', () => {
    const rec = recordingOf(
      [
        at(1_000, conn(1)),
        at(2_000, close(1)),
        at(2_000, conn(2)),
        at(2_000, annotate(2, 'token changed')),
        at(3_000, error(2, 2)),
        at(4_000, conn(3, { parent: 2, timer: 1 })),
      ],
      10_000,
    );
    const v = evaluateReasonedConnects(rec, whole, OPTIONS);
    expect(v.status).toBe('pass');
    expect(v.evidence[0]?.params).toMatchObject({ n: 2, reasons: 1, parents: 1 });
  });

  test('fails naming the connection that came from nowhere', () => {
    const rec = recordingOf([at(1_000, conn(1)), at(2_000, close(1)), at(2_000, conn(2))], 10_000);
    const v = evaluateReasonedConnects(rec, whole, OPTIONS);
    expect(v.status).toBe('fail');
    expect(v.offenders).toEqual(['s1#2']);
  });

  test('has no data when only the first connection happened', () => {
    const rec = recordingOf([at(1_000, conn(1))], 10_000);
    expect(evaluateReasonedConnects(rec, whole, OPTIONS).status).toBe('noData');
  });

  test('treats the first connection of a reloaded document as a first', () => {
    const rec = recordingOf([at(1_000, conn(1))], 10_000, [['s2', [at(5_000, conn(1))]]]);
    expect(evaluateReasonedConnects(rec, whole, OPTIONS).status).toBe('noData');
  });
});

describe('(e) no two live connections overlapping', () => {
  test('passes for connections that follow each other', () => {
    const rec = recordingOf([at(1_000, conn(1)), at(2_000, close(1)), at(2_500, conn(2))], 10_000);
    expect(evaluateNoOverlap(rec, whole, OPTIONS).status).toBe('pass');
  });

  test('fails with the overlapping pair and how long they overlapped', () => {
    const rec = recordingOf([at(1_000, conn(1)), at(2_000, conn(2)), at(2_700, close(1))], 10_000);
    const v = evaluateNoOverlap(rec, whole, OPTIONS);
    expect(v.status).toBe('fail');
    expect(v.offenders).toEqual(['s1#1', 's1#2']);
    expect(v.evidence.find((e) => e.code === 'evidence.overlapPair')?.params).toMatchObject({
      ms: 700,
    });
  });

  test('has no data when no connection existed in the window', () => {
    const rec = recordingOf([at(1_000, conn(1)), at(2_000, close(1))], 10_000);
    expect(evaluateNoOverlap(rec, { from: 5_000, to: 10_000 }, OPTIONS).status).toBe('noData');
  });
});

describe('windows and the whole set', () => {
  test('never passes anything on an empty recording', () => {
    const rec = recordingOf([], 10_000);
    const verdicts = evaluateAll(rec, resolveWindow({ kind: 'session' }, rec), OPTIONS);
    expect(verdicts.map((v) => v.status)).toEqual([
      'noData',
      'noData',
      'noData',
      'noData',
      'noData',
      'noData',
    ]);
  });

  test('"last N" starts N before the end of the recording', () => {
    const rec = recordingOf([at(1_000, conn(1))], 100_000);
    expect(resolveWindow({ kind: 'last', ms: 10_000 }, rec)).toEqual({ from: 90_000, to: 100_000 });
    expect(resolveWindow({ kind: 'session' }, rec)).toEqual({ from: 1_000, to: 100_000 });
  });

  test("a unload ends the old document's connections, so a reload is not a duplicate", () => {
    let now = 0;
    const model = createPanelModel({ now: () => now });
    now = 1_000;
    model.recordsReceived(batch('s1', [at(1_000, conn(1))]));
    now = 5_000;
    model.navigated('s2');
    now = 5_600;
    model.recordsReceived(batch('s2', [at(5_010, conn(1))]));
    const rec = createRecorder(model).snapshot(10_000);
    const verdicts = evaluateAll(rec, resolveWindow({ kind: 'session' }, rec), OPTIONS);
    expect(verdicts.find((v) => v.id === 'oneLive')?.status).toBe('pass');
    expect(verdicts.find((v) => v.id === 'noOverlap')?.status).toBe('pass');
  });

  test('compares verdict sets by status and offenders', () => {
    const rec = recordingOf([at(1_000, conn(1)), at(2_000, conn(2))], 10_000);
    const a = evaluateAll(rec, whole, OPTIONS);
    expect(sameVerdicts(a, evaluateAll(rec, whole, OPTIONS))).toBe(true);
    expect(
      sameVerdicts(a, evaluateAll(rec, { from: 5_000, to: 5_001 }, { ...OPTIONS, expected: 2 })),
    ).toBe(false);
  });
});

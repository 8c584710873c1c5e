import { describe, expect, test } from 'vitest';
import { buildReport, importReport } from '../report/report';
import { parseReport } from '../report/validate-report';
import { DEFAULT_PANEL_SETTINGS } from '../settings/panel-settings';
import { conn } from '../../src/protocol/testing/records';
import { deliveriesOf, evaluateDeliveredOnce } from './delivered-once';
import { evaluateAll } from './evaluate';
import { at, debugAt, hello, OPTIONS, recordingOf } from './test-recordings';

const whole = { from: 0, to: 100_000 };

/** The `deliveries` part of the fixed client's debug snapshot, as the page hook polls it. */
function snapshot(received: number, subscribers: Record<string, [number, number]>) {
  return {
    connects: 1,
    timers: 0,
    subscribers: Object.keys(subscribers).length,
    deliveries: {
      received,
      subscribers: Object.entries(subscribers).map(([name, [duplicates, missed]]) => ({
        name,
        types: null,
        active: true,
        since: 0,
        expected: received,
        delivered: received - missed,
        duplicates,
        missed,
        unchecked: 0,
        errors: 0,
      })),
      untracked: 0,
      idMemory: 128,
    },
  };
}

describe('(f) events reach every subscriber, once', () => {
  test('passes when every subscriber got every event once', () => {
    const rec = recordingOf(
      [
        at(1_000, hello()),
        at(1_000, conn(1)),
        at(2_000, debugAt(2_000, snapshot(5, { table: [0, 0], badge: [0, 0] }))),
        at(3_000, debugAt(3_000, snapshot(18, { table: [0, 0], badge: [0, 0] }))),
      ],
      10_000,
    );
    const v = evaluateDeliveredOnce(rec, whole, OPTIONS);
    expect(v.status).toBe('pass');
    expect(v.evidence[0]).toEqual({
      code: 'evidence.deliveries',
      params: { received: 18, subscribers: 2, documents: 1 },
    });
  });

  test('fails on a duplicate delivery, naming the subscriber and the connection', () => {
    const rec = recordingOf(
      [
        at(1_000, hello()),
        at(1_000, conn(1)),
        at(2_000, debugAt(2_000, snapshot(5, { table: [0, 0], badge: [0, 0] }))),
        at(3_000, debugAt(3_000, snapshot(9, { table: [0, 0], badge: [2, 0] }))),
      ],
      10_000,
    );
    const v = evaluateDeliveredOnce(rec, whole, OPTIONS);
    expect(v.status).toBe('fail');
    expect(v.at).toBe(3_000);
    expect(v.offenders).toEqual(['s1#1']);
    expect(v.evidence).toContainEqual({
      code: 'evidence.deliveryDuplicates',
      params: { n: 2, names: 'badge' },
    });
  });

  test('fails on a missed event', () => {
    const rec = recordingOf(
      [at(1_000, conn(1)), at(2_000, debugAt(2_000, snapshot(4, { table: [0, 1] })))],
      10_000,
    );
    const v = evaluateDeliveredOnce(rec, whole, OPTIONS);
    expect(v.status).toBe('fail');
    expect(v.evidence).toContainEqual({
      code: 'evidence.deliveryMisses',
      params: { n: 1, names: 'table' },
    });
  });

  test('judges a window by what happened in it: an earlier duplicate does not fail it', () => {
    const rec = recordingOf(
      [
        at(1_000, conn(1)),
        at(2_000, debugAt(2_000, snapshot(5, { table: [1, 0] }))),
        at(8_000, debugAt(8_000, snapshot(12, { table: [1, 0] }))),
      ],
      10_000,
    );
    expect(evaluateDeliveredOnce(rec, { from: 5_000, to: 10_000 }, OPTIONS)).toMatchObject({
      status: 'pass',
      evidence: [{ params: { received: 7 } }],
    });
    expect(evaluateDeliveredOnce(rec, whole, OPTIONS).status).toBe('fail');
  });

  test('says "no data" when the debug global reports no deliveries (a legacy app)', () => {
    const rec = recordingOf(
      [at(1_000, conn(1)), at(2_000, debugAt(2_000, { connects: 1, timers: 0 }))],
      10_000,
    );
    const v = evaluateDeliveredOnce(rec, whole, OPTIONS);
    expect(v.status).toBe('noData');
    expect(v.evidence).toEqual([{ code: 'evidence.noDeliveryData', params: {} }]);
  });

  test('says "no data" when no event was received in the window', () => {
    const rec = recordingOf(
      [
        at(1_000, conn(1)),
        at(2_000, debugAt(2_000, snapshot(3, { table: [0, 0] }))),
        at(8_000, debugAt(8_000, snapshot(3, { table: [0, 0] }))),
      ],
      10_000,
    );
    expect(evaluateDeliveredOnce(rec, { from: 5_000, to: 10_000 }, OPTIONS).status).toBe('noData');
  });

  test('each document is judged on its own client (counts restart after a reload)', () => {
    const rec = recordingOf(
      [at(1_000, conn(1)), at(2_000, debugAt(2_000, snapshot(40, { table: [0, 0] })))],
      10_000,
      [['s2', [at(5_000, conn(1)), at(6_000, debugAt(6_000, snapshot(3, { table: [0, 0] })))]]],
    );
    expect(evaluateDeliveredOnce(rec, whole, OPTIONS)).toMatchObject({
      status: 'pass',
      evidence: [{ params: { received: 43, documents: 2 } }],
    });
  });

  test('an exported report carries the numbers: imported, it gives the same failing verdict', () => {
    const recording = recordingOf(
      [
        at(1_000, hello()),
        at(1_000, conn(1)),
        at(2_000, debugAt(2_000, snapshot(9, { table: [0, 0], badge: [2, 0] }))),
      ],
      10_000,
    );
    const report = buildReport({
      recording,
      choice: { kind: 'session' },
      settings: DEFAULT_PANEL_SETTINGS,
      pageUrl: 'http://127.0.0.1:8080/',
      origin: 'http://127.0.0.1:8080',
      createdAt: new Date(10_000),
    });
    const parsed = parseReport(JSON.stringify(report));
    if (!parsed.ok) throw new Error(parsed.error);
    const imported = importReport(parsed.report, 'r.json');
    expect(imported.consistent).toBe(true);
    expect(imported.verdicts.find((v) => v.id === 'deliveredOnce')?.status).toBe('fail');
  });

  test('is the sixth verdict of evaluateAll', () => {
    const rec = recordingOf([at(1_000, conn(1))], 10_000);
    expect(evaluateAll(rec, whole, OPTIONS).map((v) => v.id)).toContain('deliveredOnce');
  });
});

describe('deliveriesOf (reading a debug value from the page)', () => {
  test('sums the per-subscriber numbers and keeps the offenders, worst first', () => {
    expect(deliveriesOf(snapshot(10, { a: [0, 1], b: [3, 0], c: [0, 0] }))).toEqual({
      received: 10,
      subscribers: 3,
      duplicates: 3,
      missed: 1,
      offenders: [
        { name: 'b', duplicates: 3, missed: 0 },
        { name: 'a', duplicates: 0, missed: 1 },
      ],
    });
  });

  test.each([
    ['no deliveries', { connects: 1 }],
    ['not an object', 'deliveries'],
    ['received not a count', { deliveries: { received: -1, subscribers: [] } }],
    ['subscribers not a list', { deliveries: { received: 1, subscribers: 3 } }],
  ])('is null for %s', (_label, value) => {
    expect(deliveriesOf(value)).toBeNull();
  });

  test('caps page-supplied names', () => {
    const long = 'x'.repeat(10_000);
    const d = deliveriesOf(snapshot(1, { [long]: [1, 0] }));
    expect(d?.offenders[0]?.name.length).toBeLessThan(1_000);
  });
});

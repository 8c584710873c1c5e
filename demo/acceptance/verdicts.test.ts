import { describe, expect, test } from 'vitest';
import type { Sample, Stage4Result } from './stage4';
import { judgeStage4, verdictTable } from './verdicts';

function sample(step: string, over: Partial<Sample> = {}): Sample {
  return {
    t: 0,
    step,
    steady: false,
    serverLive: 1,
    serverTotal: 1,
    serverRequests: 1,
    hookTotal: 1,
    hookLive: 1,
    hookTimers: 0,
    debugTimers: 0,
    logTimers: null,
    debugConnects: 1,
    panelLive: 1,
    panelTimers: 0,
    panelDuplicated: false,
    ...over,
  };
}

function run(samples: Sample[], over: Partial<Stage4Result> = {}): Stage4Result {
  return {
    mode: 'fixed',
    steps: [...new Set(samples.map((s) => s.step))].map((name) => ({ name, ms: 1 })),
    samples,
    orderEventIds: ['5', '6'],
    deliveries: { provider: ['5', '6'], orders: ['5', '6'] },
    totalStreams: 1,
    totalRequests: 1,
    requestsBeforeLastLoad: 0,
    ...over,
  };
}

const healthy = () =>
  run(
    [
      sample('load /dashboard', { steady: true }),
      sample('navigate to /orders', { steady: true }),
      sample('HMR edit', { steady: true }),
      sample('create, change and delete orders', { steady: true }),
      sample('rotate the token', { serverLive: 0, serverTotal: 1, debugTimers: 1 }),
      sample('rotate the token', { steady: true, serverTotal: 2, hookTotal: 2, debugConnects: 2 }),
    ],
    { totalStreams: 2, totalRequests: 2 },
  );

const byCriterion = (result: Stage4Result) =>
  Object.fromEntries(
    judgeStage4(result).map((v) => [v.criterion.split(' ').slice(0, 3).join(' '), v.pass]),
  );

describe('judgeStage4', () => {
  test('a healthy fixed-mode run passes every criterion', () => {
    expect(judgeStage4(healthy()).map((v) => v.pass)).toEqual([true, true, true, true, true, true]);
  });

  test('two live streams at any sample fail "exactly one"', () => {
    const r = healthy();
    const bad = run([...r.samples, sample('navigate to /orders', { serverLive: 2 })], {
      totalStreams: 2,
    });
    expect(byCriterion(bad)['At any moment']).toBe(false);
    expect(byCriterion(bad)['StrictMode, HMR and']).toBe(false);
  });

  test('zero live streams at a settled point fails "exactly one"', () => {
    const bad = run([sample('load /dashboard', { steady: true, serverLive: 0 })]);
    expect(byCriterion(bad)['At any moment']).toBe(false);
  });

  test('an EventSource created during navigation fails "repeated connect()"', () => {
    const bad = run([sample('load /dashboard'), sample('navigate to /orders', { hookTotal: 2 })]);
    expect(byCriterion(bad)['Repeated connect() calls']).toBe(false);
  });

  test('a new document restarting the hook count is not a creation', () => {
    const ok = run([
      sample('navigate to /orders', { hookTotal: 3 }),
      sample('load /dashboard', { hookTotal: 1 }),
      sample('navigate to /orders', { hookTotal: 1 }),
    ]);
    expect(byCriterion(ok)['Repeated connect() calls']).toBe(true);
  });

  test('connects that disagree with the stream requests the server saw fail "repeated connect()"', () => {
    const bad = run([sample('load /dashboard', { debugConnects: 3 })]);
    expect(byCriterion(bad)['Repeated connect() calls']).toBe(false);
  });

  test('a duplicate or missing delivery fails "events reach every subscriber"', () => {
    expect(
      byCriterion(run([sample('load')], { deliveries: { provider: ['5', '6', '6'] } }))[
        'Events reach every'
      ],
    ).toBe(false);
    expect(
      byCriterion(run([sample('load')], { deliveries: { provider: ['5'] } }))['Events reach every'],
    ).toBe(false);
  });

  test('no order events means no data, never a pass', () => {
    expect(
      byCriterion(run([sample('load')], { orderEventIds: [], deliveries: {} }))[
        'Events reach every'
      ],
    ).toBeNull();
  });

  test('parallel connections during a fault, or no recovery, fail the reconnect criterion', () => {
    expect(
      byCriterion(run([sample('server drops every stream', { serverLive: 2 })]))['On token change'],
    ).toBe(false);
    const unsettled = run([sample('server drops every stream')]);
    const steps = [{ name: 'server drops every stream', ms: 1, timedOut: 'a new open connection' }];
    expect(byCriterion({ ...unsettled, steps })['On token change']).toBe(false);
  });

  test('two pending timers from any witness fail the timer criterion', () => {
    expect(byCriterion(run([sample('load', { hookTimers: 2 })]))['On many errors']).toBe(false);
    expect(byCriterion(run([sample('load', { panelTimers: 2 })]))['On many errors']).toBe(false);
    expect(byCriterion(run([sample('load', { logTimers: 3 })]))['On many errors']).toBe(false);
  });

  test('the timer evidence names every witness and says whether errors in a row happened', () => {
    const step = 'server refuses every reconnect for a while, after a reload';
    const legacy = run([
      sample(step, { hookTimers: 3, debugTimers: null, logTimers: 3, panelTimers: 2 }),
    ]);
    const timer = (r: Stage4Result) =>
      judgeStage4(r).find((v) => v.criterion.startsWith('On many errors'))!;
    expect(timer(legacy)).toEqual({
      criterion: 'On many errors in a row at most one reconnect timer is scheduled',
      pass: false,
      evidence:
        "max 3 pending reconnect timer(s): page hook 3, the app's log 3, panel 2; " +
        'the server refused reconnects in a row after a reload',
    });
    const notTested = { ...legacy, steps: [{ name: step, ms: 1, timedOut: '6 refused' }] };
    expect(timer(notTested).evidence).toContain('6 refused did not happen');
  });

  test('a run without samples judges nothing', () => {
    expect(judgeStage4(run([])).every((v) => v.pass === null)).toBe(true);
  });
});

test('verdictTable renders one row per criterion and one column per mode, escaping pipes', () => {
  const table = verdictTable({
    legacy: [{ criterion: 'c', pass: false, evidence: 'a | b' }],
    fixed: [{ criterion: 'c', pass: true, evidence: 'ok' }],
  });
  expect(table.split('\n')).toEqual([
    '| criterion | legacy | fixed |',
    '|---|---|---|',
    '| c | ✗ a \\| b | ✓ ok |',
  ]);
});

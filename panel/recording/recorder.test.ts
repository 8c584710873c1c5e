import { describe, expect, test } from 'vitest';
import { batch, close, conn, debug, error, timer } from '../../src/protocol/testing/records';
import { createPanelModel, type PanelModelOptions } from '../model';
import { createRecorder, RECORDER_LIMITS } from './recorder';
import { isToEndpoint } from './recording';

/** A recorder over its own model; records and navigations go to the model, as in the panel. */
function setup(options: PanelModelOptions = {}) {
  const model = createPanelModel(options);
  return { model, r: createRecorder(model) };
}

describe('recorder', () => {
  test("keeps each connection's life, by the page's own times", () => {
    const { model, r } = setup({ now: () => 0 });
    model.recordsReceived(
      batch('s1', [
        { ...conn(1), t: 100 },
        { ...error(1, 2), t: 250 },
      ]),
    );
    const [c] = r.snapshot(1_000).connections;
    expect(c).toMatchObject({ key: 's1#1', createdAt: 100, closedAt: 250, closedBy: 'browser' });
  });

  test('ignores records it already holds when the hook replays them', () => {
    const { model, r } = setup();
    model.recordsReceived(batch('s1', [conn(1), timer(1, 1, 'created')]));
    expect(model.recordsReceived(batch('s1', [conn(1), timer(1, 1, 'created')]))).toBe(false);
    expect(r.snapshot(5_000).timers).toHaveLength(1);
  });

  test('reduces a debug poll to connects, timers and subscribers', () => {
    const { model, r } = setup();
    model.recordsReceived(
      batch('s1', [debug({ connects: 3, timers: 1, subscribers: ['a', 'b'], hasES: true })]),
    );
    expect(r.snapshot(5_000).debug[0]).toMatchObject({ connects: 3, timers: 1, subscribers: 2 });
  });

  test('counts records lost in a seq gap', () => {
    const { model, r } = setup();
    model.recordsReceived(batch('s1', [conn(1)]));
    model.recordsReceived(batch('s1', [close(1)], { from: 5 }));
    expect(r.snapshot(5_000).lostRecords).toBe(3);
  });

  test('clear keeps live connections and pending timers, and forgets the rest', () => {
    let now = 1_000;
    const { model, r } = setup({ now: () => now });
    model.recordsReceived(batch('s1', [conn(1), close(1), conn(2), timer(1, 2, 'created')]));
    now = 9_000;
    model.clear();
    const rec = r.snapshot(10_000);
    expect(rec.connections.map((c) => c.key)).toEqual(['s1#2']);
    expect(rec.timers).toHaveLength(1);
    expect(rec.start).toBe(9_000);
  });

  test('stays bounded and says how much it dropped', () => {
    const { model, r } = setup();
    const total = RECORDER_LIMITS.debugSamples + 5;
    for (let from = 1; from <= total; from += 1_000) {
      const n = Math.min(1_000, total - from + 1);
      model.recordsReceived(
        batch(
          's1',
          Array.from({ length: n }, (_, i) => debug({ connects: from + i })),
          { from },
        ),
      );
    }
    const rec = r.snapshot(1);
    expect(rec.debug).toHaveLength(RECORDER_LIMITS.debugSamples);
    expect(rec.truncated).toBe(5);
  });

  test('matches the endpoint by path, ignoring origin and query', () => {
    expect(isToEndpoint({ url: 'http://a.test/v1/events/sse?token=x' }, '/v1/events/sse')).toBe(
      true,
    );
    expect(isToEndpoint({ url: 'http://a.test/v1/events/sse/' }, '/v1/events/sse')).toBe(true);
    expect(isToEndpoint({ url: 'http://a.test/v1/events/sse2' }, '/v1/events/sse')).toBe(false);
  });

  test("a new top document ends the old page's connections when the new one started", () => {
    let now = 10_000;
    const { model, r } = setup({ now: () => now });
    model.recordsReceived(batch('s1', [{ ...conn(1), t: 1_000 }, timer(1, 1, 'created')]));
    now = 12_000; // the new page's records arrive a little after they happened
    model.recordsReceived(batch('s2', [{ ...conn(1), t: 11_950 }]));
    const rec = r.snapshot(20_000);
    expect(rec.connections.find((c) => c.key === 's1#1')).toMatchObject({
      closedAt: 11_950,
      closedBy: 'unload',
    });
    expect(rec.timers.at(-1)).toMatchObject({ phase: 'cleared', t: 11_950 });
    expect(rec.sessions.find((s) => s.session === 's1')?.unloadedAt).toBe(11_950);
  });

  test("a navigation to a document not seen yet ends the old page; the new page's start corrects the time", () => {
    let now = 1_000;
    const { model, r } = setup({ now: () => now });
    model.recordsReceived(batch('s1', [{ ...conn(1), t: 1_000 }]));
    now = 9_000;
    model.navigated('s2');
    now = 9_100;
    model.recordsReceived(batch('s2', [{ ...conn(1), t: 8_990 }]));
    expect(r.snapshot(10_000).connections.find((c) => c.key === 's1#1')?.closedAt).toBe(8_990);
  });

  test('a navigation event after the new page arrived keeps the new page', () => {
    let now = 1_000;
    const { model, r } = setup({ now: () => now });
    model.recordsReceived(batch('s1', [{ ...conn(1), t: 1_000 }]));
    now = 5_000;
    model.recordsReceived(batch('s2', [{ ...conn(1), t: 5_000 }]));
    now = 6_000;
    model.navigated('s2');
    expect(r.snapshot(10_000).connections.find((c) => c.key === 's2#1')?.closedAt).toBeNull();
  });

  test('a same-document navigation (pushState) ends nothing', () => {
    const { model, r } = setup({ now: () => 1_000 });
    model.recordsReceived(batch('spa', [{ ...conn(1), t: 1_000 }]));
    model.navigated('spa');
    model.navigated(undefined);
    expect(r.snapshot(10_000).connections.find((c) => c.key === 'spa#1')?.closedAt).toBeNull();
  });
});

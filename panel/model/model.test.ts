import { describe, expect, test } from 'vitest';
import type { HookRecord } from '../../src/protocol';
import {
  batch,
  close,
  conn,
  msgs,
  open,
  sample,
  timer,
  type RecordInput,
} from '../../src/protocol/testing/records';
import { createDocumentRegistry } from './documents';
import { createPanelModel } from './model';
import { admit, zeroCounts } from './sequence';

const record = (seq: number, extra: Partial<HookRecord> = {}): HookRecord =>
  ({ k: 'open', id: 1, seq, t: seq, ...extra }) as HookRecord;

describe('sequence accounting', () => {
  test('a replayed record is a duplicate and is not applied', () => {
    const state = { cursor: 0, covered: [] };
    const counts = zeroCounts();
    expect(admit(state, record(1), counts)).toBe(true);
    expect(admit(state, record(1), counts)).toBe(false);
    expect(counts).toEqual({ duplicates: 1, lost: 0, dropped: 0 });
  });

  test('a gap the hook declared is dropped, the rest of the gap is lost', () => {
    const state = { cursor: 1, covered: [] };
    const counts = zeroCounts();
    admit(state, { k: 'dropped', count: 2, from: 2, to: 3, seq: 6, t: 6 }, counts);
    expect(counts).toEqual({ duplicates: 0, lost: 2, dropped: 2 });
    expect(state.cursor).toBe(6);
  });

  test('records the panel already held are not dropped when the hook evicts them later', () => {
    const state = { cursor: 10, covered: [] };
    const counts = zeroCounts();
    admit(state, { k: 'dropped', count: 10, from: 1, to: 10, seq: 11, t: 11 }, counts);
    expect(counts.dropped).toBe(0);
  });
});

describe('document registry', () => {
  const top = (documentId: string) => ({ frameId: 0, documentId, frameUrl: 'http://x/' });

  test('a new top-level document retires the current ones; a sub-frame retires nothing', () => {
    const r = createDocumentRegistry();
    r.seen(top('a'), 1);
    expect([...r.seen({ ...top('f'), frameId: 3 }, 2).retire]).toEqual([]);
    expect([...r.seen(top('b'), 3).retire].sort()).toEqual(['a', 'f']);
  });

  test('a retired top document that speaks again is restored and retires the page shown since', () => {
    const r = createDocumentRegistry();
    r.seen(top('a'), 1);
    r.retire(r.seen(top('b'), 2).retire);
    const seen = r.seen(top('a'), 3);
    expect(seen.restored).toBe('a');
    expect([...seen.retire]).toEqual(['b']);
  });

  test('a navigation unloads the current documents only when the page holds another session', () => {
    const r = createDocumentRegistry();
    r.seen(top('a'), 1);
    r.session('s-a', 'a');
    expect(r.unloaded('s-a').size).toBe(0);
    expect(r.unloaded(undefined).size).toBe(0);
    expect([...r.unloaded('s-new')]).toEqual(['a']);
    expect([...r.unloaded(null)]).toEqual(['a']);
  });
});

describe('panel model', () => {
  test('the table and the history count lost records the same way', () => {
    const model = createPanelModel({ now: () => 5_000 });
    model.recordsReceived(batch('s1', [conn(1)]));
    model.recordsReceived(
      batch('s1', [{ k: 'dropped', count: 2, from: 2, to: 3 }, open(1)], { from: 6 }),
    );
    expect(model.counts).toEqual({ duplicates: 0, lost: 2, dropped: 2 });
    expect(model.recording(6_000).lostRecords).toBe(4);
  });

  test('gives each connection one displayed id, unique across frames and documents', () => {
    const model = createPanelModel({ now: () => 5_000 });
    model.preserveLog = true;
    model.recordsReceived(batch('top', [conn(1)]));
    model.recordsReceived(batch('frame-a', [conn(1)], { frameId: 4 }));
    model.recordsReceived(batch('frame-b', [conn(1), conn(2, { parent: 1 })], { frameId: 5 }));
    model.recordsReceived(batch('reloaded', [conn(1)])); // a reload: a new top document
    const ids = [...model.data.connections.values()].map((c) => c.displayId);
    expect(ids).toEqual([1, 2, 3, 4, 5]);
    expect(model.data.connections.get('frame-b#2')?.parentId).toBe(3);
    expect(model.recording(6_000).connections.map((c) => c.displayId)).toEqual([1, 2, 3, 4, 5]);
  });

  test('a connection keeps its displayed id through a Clear', () => {
    const model = createPanelModel({ now: () => 5_000 });
    model.recordsReceived(batch('s1', [conn(1), conn(2), open(2)]));
    model.clear();
    model.recordsReceived(batch('s1', [conn(3)], { from: 4 }));
    expect(model.data.connections.get('s1#2')?.displayId).toBe(2);
    expect(model.data.connections.get('s1#3')?.displayId).toBe(3);
  });

  test('says why a row is gone: cleared, or its document unloaded without Preserve log', () => {
    const model = createPanelModel({ now: () => 5_000 });
    model.recordsReceived(batch('s1', [conn(1), close(1), conn(2)]));
    model.clear();
    expect(model.goneReason('s1#1')).toBe('cleared');
    model.recordsReceived(batch('s2', [conn(1)]));
    expect(model.goneReason('s1#2')).toBe('notPreserved');
    expect(model.goneReason('nobody#1')).toBe('unknown');
  });

  test('an unload ends the history whatever Preserve log says, the table forgets without it', () => {
    const model = createPanelModel({ now: () => 5_000 });
    model.recordsReceived(batch('s1', [conn(1), timer(1, 1, 'created')]));
    model.recordsReceived(batch('s2', [{ ...conn(1), t: 4_000 }]));
    expect([...model.data.connections.keys()]).toEqual(['s2#1']);
    expect(model.data.pendingTimers.size).toBe(0);
    const rec = model.recording(6_000);
    expect(rec.connections.find((c) => c.key === 's1#1')).toMatchObject({
      closedBy: 'unload',
      closedAt: 4_000,
    });
    expect(rec.timers.at(-1)).toMatchObject({ phase: 'cleared', t: 4_000 });
  });
});

describe('message sizes', () => {
  test('messages whose size the hook estimated add up across records, exact ones add nothing', () => {
    const model = createPanelModel({ now: () => 5_000 });
    const flood = (count: number, bytes: number, unmeasured?: number): RecordInput =>
      ({
        ...msgs(1, [sample('abcd')], count),
        bytes,
        ...(unmeasured === undefined ? {} : { unmeasured }),
      }) as RecordInput;
    model.recordsReceived(batch('s1', [conn(1), open(1), flood(400, 1_600, 250)]));
    model.recordsReceived(batch('s1', [flood(2, 8)], { from: 4 }));
    model.recordsReceived(batch('s1', [flood(300, 1_200, 100)], { from: 5 }));
    const c = model.data.connections.get('s1#1');
    expect([c?.messages, c?.bytes, c?.bytesUnmeasured]).toEqual([702, 2_808, 350]);
  });
});

describe('fetch streams', () => {
  test('a fetch connection carries kind, method, status, end and retry; an EventSource is the default', () => {
    const model = createPanelModel({ now: () => 5_000 });
    model.recordsReceived(
      batch('s1', [
        conn(1),
        { ...conn(2), kind: 'fetch', method: 'POST' } as RecordInput,
        { k: 'open', id: 2, status: 200 },
        {
          k: 'msgs',
          id: 2,
          count: 1,
          bytes: 2,
          byType: { update: 1 },
          lastEventId: '',
          lastAt: 3,
          recent: [],
          skipped: 1,
          retry: 2500,
        },
        { k: 'error', id: 2, readyState: 2, end: 'server' },
      ]),
    );
    const es = model.data.connections.get('s1#1');
    const stream = model.data.connections.get('s1#2');
    expect([es?.kind, es?.method, es?.end]).toEqual(['eventsource', null, null]);
    expect([stream?.kind, stream?.method, stream?.status, stream?.end, stream?.retry]).toEqual([
      'fetch',
      'POST',
      200,
      'server',
      2500,
    ]);
    expect([stream?.closedBy, stream?.byType]).toEqual(['browser', { update: 1 }]);
  });
});

/**
 * Display ids name one connection everywhere the panel shows or exports one: the hook numbers
 * connections per document from 1, so two frames (or a reload with Preserve log) both have a `#1`.
 */
import { describe, expect, test } from 'vitest';
import { evaluateAll } from './acceptance/evaluate';
import { labelOfKey } from './acceptance/verdict';
import { OPTIONS } from './acceptance/test-recordings';
import { createRecorder } from './recording/recorder';
import { connectionsToHar } from './report/har';
import { reportToMarkdown } from './report/markdown';
import { buildReport } from './report/report';
import { DEFAULT_PANEL_SETTINGS } from './settings/panel-settings';
import { selectRows } from './selectors';
import { createPanelStore, DEFAULT_FILTER, type PanelStore } from './store';
import { batch, conn, open } from '../src/protocol/testing/records';

/** A top page and two iframes, each with its own `#1`. */
function threeFrames(): PanelStore {
  const store = createPanelStore({ now: () => 10_000 });
  const s = store.getState();
  s.messageReceived(batch('top', [conn(1), open(1)]));
  s.messageReceived(batch('frame-a', [conn(1), open(1)], { frameId: 3 }));
  s.messageReceived(batch('frame-b', [conn(1), open(1), conn(2, { parent: 1 })], { frameId: 4 }));
  return store;
}

describe('display ids', () => {
  test('the table shows distinct ids for connections the hook numbered alike', () => {
    const s = threeFrames().getState();
    const rows = selectRows(s.view, DEFAULT_FILTER, s.sort);
    expect(rows.map((c) => [c.key, c.displayId])).toEqual([
      ['top#1', 1],
      ['frame-a#1', 2],
      ['frame-b#1', 3],
      ['frame-b#2', 4],
    ]);
    expect(s.connections.get('frame-b#2')?.parentId).toBe(3);
  });

  test('the text filter finds a connection by its displayed id, not by the hook id', () => {
    const s = threeFrames().getState();
    const find = (text: string) =>
      selectRows(s.view, { ...DEFAULT_FILTER, text }, s.sort).map((c) => c.key);
    expect(find('#2')).toEqual(['frame-a#1']);
    expect(find('3')).toEqual(['frame-b#1']);
  });

  test('offenders, evidence, Markdown and HAR name connections by their displayed ids', () => {
    const store = threeFrames();
    const model = store.getState().model;
    const rec = createRecorder(model).snapshot(20_000);
    const verdicts = evaluateAll(rec, { from: 0, to: 20_000 }, OPTIONS);
    const overlap = verdicts.find((v) => v.id === 'noOverlap')!;
    expect(overlap.status).toBe('fail');
    expect(overlap.offenders.map((key) => labelOfKey(rec, key)).sort()).toEqual([
      '#1',
      '#2',
      '#3',
      '#4',
    ]);
    expect(overlap.evidence.find((e) => e.code === 'evidence.overlapPair')?.params).toMatchObject({
      a: '#1',
      b: '#2',
    });

    const report = buildReport({
      recording: rec,
      choice: { kind: 'session' },
      settings: DEFAULT_PANEL_SETTINGS,
      pageUrl: 'http://127.0.0.1:8080/',
      origin: 'http://127.0.0.1:8080',
      createdAt: new Date(20_000),
    });
    expect(report.connections.map((c) => c.displayId)).toEqual([1, 2, 3, 4]);
    const md = reportToMarkdown(report, (key) => key, String);
    expect(md).toContain(
      `md.offenders: ${overlap.offenders.map((k) => labelOfKey(rec, k)).join(', ')}`,
    );
    expect(md).not.toMatch(/#1, #1/);

    const har = connectionsToHar(store.getState().connections.values(), {
      redactParams: [],
      now: 20_000,
      version: 'test',
    });
    expect(har.log.entries.map((e) => e._connectionId).sort()).toEqual(['#1', '#2', '#3', '#4']);
    expect(har.log.entries.find((e) => e._connectionKey === 'frame-b#2')?._sse.parentId).toBe('#3');
  });

  test('a report saved before display ids names connections by the hook id', () => {
    expect(labelOfKey({ connections: [] }, 'session-x#7')).toBe('#7');
  });
});

describe('revealConnection', () => {
  test('selects the row, switches to the table and drops a filter that hides it', () => {
    const store = threeFrames();
    store.getState().setTab('acceptance');
    store.getState().setFilter({ text: 'no-such-url' });
    expect(store.getState().revealConnection('frame-a#1')).toBeNull();
    const s = store.getState();
    expect([s.selectedKey, s.tab, s.filter]).toEqual(['frame-a#1', 'connections', DEFAULT_FILTER]);
  });

  test('keeps a filter that already shows the row', () => {
    const store = threeFrames();
    store.getState().setFilter({ liveOnly: true });
    store.getState().revealConnection('top#1');
    expect(store.getState().filter.liveOnly).toBe(true);
  });

  test('says why the row is gone', () => {
    const store = threeFrames();
    store
      .getState()
      .messageReceived(
        batch('top', [{ k: 'close', id: 1, stack: '', readyState: 1 }], { from: 3 }),
      );
    store.getState().clearRecords();
    expect(store.getState().revealConnection('top#1')).toBe('cleared');
    store.getState().messageReceived(batch('reloaded', [conn(1)]));
    expect(store.getState().revealConnection('frame-a#1')).toBe('notPreserved');
    expect(store.getState().selectedKey).toBeNull();
  });
});

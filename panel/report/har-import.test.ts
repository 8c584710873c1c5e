import { describe, expect, test } from 'vitest';
import { createPanelStore } from '../store';
import { batch, close, conn, msgs, sample, stackAt } from '../../src/protocol/testing/records';
import { connectionsToHar } from './har';
import { importFileText, importHar, MAX_HAR_TEXT } from './har-import';

const URL = 'http://127.0.0.1:8080/v1/events/sse?token=tok-secret';

/** Our own export of two connections: one closed by the page, one still live. */
function ownHar() {
  const store = createPanelStore();
  store
    .getState()
    .messageReceived(
      batch('s1', [
        { ...conn(1, { url: URL, stack: stackAt('connect') }), t: 1_000 },
        { k: 'open', id: 1, t: 1_040 },
        msgs(1, [sample('hello'), { ...sample('{"n":1}'), type: 'update' }]),
        { ...close(1), t: 3_000 },
        { ...conn(2, { url: URL, parent: 1 }), t: 3_500 },
      ]),
    );
  return connectionsToHar(store.getState().connections.values(), {
    redactParams: ['token'],
    now: 9_000,
    version: '0.1.0',
  });
}

type Json = Record<string, unknown>;
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
const entry0 = (har: Json) => ((har['log'] as Json)['entries'] as Json[])[0] as Json;
const reject = (value: unknown) => {
  const result = importHar(value, 'x.har');
  if (result.ok) throw new Error('accepted');
  return result.error;
};

describe('importing our own HAR', () => {
  test('round trip: each exported entry comes back as a row and a recorded connection', () => {
    const har = ownHar();
    const result = importFileText(JSON.stringify(har), 'session.har');
    if (!result.ok) throw new Error(result.error);
    const { imported } = result;
    expect(imported.fileName).toBe('session.har');
    expect(imported.harRows?.map((r) => [r.label, r.kind, r.method, r.status, r.url])).toEqual([
      ['#1', 'eventsource', 'GET', 200, 'http://127.0.0.1:8080/v1/events/sse?token=[redacted]'],
      ['#2', 'eventsource', 'GET', 0, 'http://127.0.0.1:8080/v1/events/sse?token=[redacted]'],
    ]);
    expect(imported.harRows?.[0]?.types).toEqual(['message', 'update']);
    expect(imported.harRows?.[0]?.network).toBe(false);
    const [first, second] = imported.recording.connections;
    expect([first?.key, first?.createdAt, first?.openedAt, first?.closedAt]).toEqual([
      's1#1',
      1_000,
      1_040,
      3_000,
    ]);
    expect(first?.closedBy).toBe('page');
    expect(first?.stack).toContain('connect');
    expect([second?.closedAt, second?.parent]).toEqual([null, 's1#1']);
    // Judged like an imported report: the verdicts are recomputed from these connections.
    expect(imported.verdicts.length).toBeGreaterThan(0);
    expect(imported.report.page.origin).toBe('http://127.0.0.1:8080');
  });

  test('an evidence report still imports through the same entry point', () => {
    const result = importFileText('{"schema":"nope"}', 'r.json');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/\$\.schema/);
  });

  test('malformed files are refused with the path of the first problem', () => {
    expect(importFileText('{"log":', 'x.har')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^not JSON/) as unknown,
    });
    expect(reject({ log: null })).toMatch(/^\$\.log: expected an object/);
    expect(
      reject({ log: { creator: { name: 'WebInspector' }, version: '1.2', entries: [] } }),
    ).toMatch(/^\$\.log\.creator\.name: not a HAR exported by SSE DevTools/);
    const mutate = (f: (e: Json) => void) => {
      const har = clone(ownHar()) as unknown as Json;
      f(entry0(har));
      return reject(har);
    };
    expect(mutate((e) => delete e['request'])).toBe('$.log.entries[0].request: missing');
    expect(mutate((e) => (e['startedDateTime'] = 'yesterday'))).toBe(
      '$.log.entries[0].startedDateTime: not a date',
    );
    expect(mutate((e) => ((e['response'] as Json)['status'] = 1e6))).toBe(
      '$.log.entries[0].response.status: invalid value',
    );
    expect(mutate((e) => ((e['request'] as Json)['url'] = 'x'.repeat(10_000)))).toMatch(
      /^\$\.log\.entries\[0\]\.request\.url: longer than/,
    );
    expect(mutate((e) => (e['_resourceType'] = 'websocket'))).toMatch(
      /^\$\.log\.entries\[0\]\._resourceType: expected one of/,
    );
    expect(
      mutate((e) => ((e['_sseMessages'] as Json[])[0]!['data'] = 'd'.repeat(MAX_HAR_TEXT + 1))),
    ).toMatch(/_sseMessages\[0\]\.data: longer than/);
    expect(mutate((e) => ((e['_sse'] as Json)['closedBy'] = 'server'))).toMatch(
      /_sse\.closedBy: expected one of/,
    );
    expect(
      mutate((e) => (((e['_initiator'] as Json)['stack'] as Json)['callFrames'] = 'frames')),
    ).toBe('$.log.entries[0]._initiator.stack.callFrames: expected an array');
  });

  test('a key seen twice, and entries that are not a list, are refused', () => {
    const har = clone(ownHar()) as unknown as Json;
    const entries = (har['log'] as Json)['entries'] as Json[];
    entries[1]!['_connectionKey'] = entries[0]!['_connectionKey'];
    expect(reject(har)).toBe('$.log.entries[1]._connectionKey: duplicate key');
    (har['log'] as Json)['entries'] = { length: 1 };
    expect(reject(har)).toBe('$.log.entries: expected an array');
  });
});

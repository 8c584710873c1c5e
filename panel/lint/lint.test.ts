import { describe, expect, test } from 'vitest';
import type { MessageSample } from '../../src/protocol';
import {
  batch,
  conn,
  msgs,
  open,
  sample,
  SSE_URL,
  type RecordInput,
} from '../../src/protocol/testing/records';
import { createPanelModel, type Connection } from '../model';
import { applyCdpEvent, createNetworkCapture, type NetworkCapture } from '../network/cdp-reducer';
import { createLintContext, lintConnection, lintTotals, type LintContext } from './index';
import { busiestMinute, hostOf } from './context';

/** A context with nothing beyond one connection (storm threshold far away). */
const quiet = (rows: Iterable<Connection> = []): LintContext =>
  createLintContext(rows, { stormPerMinute: 1_000 });

const rulesOf = (c: Connection, context = quiet([c])): string[] =>
  lintConnection(c, context).map((f) => f.rule);

/** The rows a page made: records of one session, `s1`. */
function rowsOf(records: readonly RecordInput[], capture?: NetworkCapture): Connection[] {
  const model = createPanelModel({ now: () => 100_000 });
  model.recordsReceived(batch('s1', records));
  if (capture) model.networkUpdated(capture);
  return [...model.data.connections.values()];
}

function only(records: readonly RecordInput[], capture?: NetworkCapture): Connection {
  const [c] = rowsOf(records, capture);
  if (!c) throw new Error('no row');
  return c;
}

const messages = (recent: readonly MessageSample[]): RecordInput[] => [
  conn(1),
  open(1),
  { k: 'listen', id: 1, type: 'message' },
  msgs(1, recent),
];

/** What network capture saw of the test URL's EventSource, requested at page time 1 001 ms. */
function network(
  response: { status?: number; mimeType?: string; protocol?: string } | null,
  steps: (c: NetworkCapture, at: (ms: number) => number) => void = () => {},
): NetworkCapture {
  const capture = createNetworkCapture();
  const requestId = 'r1';
  const at = (ms: number) => 10 + ms / 1000;
  applyCdpEvent(capture, 'Network.requestWillBeSent', {
    requestId,
    request: { url: SSE_URL, method: 'GET', headers: {} },
    timestamp: at(0),
    wallTime: 1_001 / 1000,
    type: 'EventSource',
  });
  if (response)
    applyCdpEvent(capture, 'Network.responseReceived', {
      requestId,
      timestamp: at(5),
      type: 'EventSource',
      response: {
        status: response.status ?? 200,
        statusText: response.status === 404 ? 'Not Found' : 'OK',
        headers: { 'content-type': response.mimeType ?? 'text/event-stream' },
        mimeType: response.mimeType ?? 'text/event-stream',
        protocol: response.protocol ?? 'http/1.1',
      },
    });
  steps(capture, at);
  return capture;
}

const data = (c: NetworkCapture, t: number, text: string | null, size = 10) =>
  applyCdpEvent(c, 'Network.dataReceived', {
    requestId: 'r1',
    timestamp: t,
    dataLength: text === null ? size : text.length,
    encodedDataLength: size,
    ...(text === null ? {} : { data: btoa(text) }),
  });
const event = (c: NetworkCapture, t: number, eventName: string, eventId = '', text = 'x') =>
  applyCdpEvent(c, 'Network.eventSourceMessageReceived', {
    requestId: 'r1',
    timestamp: t,
    eventName,
    eventId,
    data: text,
  });

describe('http-status and wrong-content-type', () => {
  test('a 404 is reported with its status, and its text/html is not a second finding', () => {
    const c = only([conn(1)], network({ status: 404, mimeType: 'text/html' }));
    const findings = lintConnection(c, quiet([c]));
    expect(findings).toEqual([{ rule: 'http-status', evidence: { status: '404 Not Found' } }]);
  });

  test("a fetch stream's own status counts without capture", () => {
    const c = { ...only([conn(1)]), kind: 'fetch' as const, status: 500 };
    expect(rulesOf(c)).toEqual(['http-status']);
  });

  test('200 served as text/plain is a wrong content type; with a charset event-stream is fine', () => {
    const plain = only([conn(1)], network({ mimeType: 'text/plain' }));
    expect(lintConnection(plain, quiet([plain]))).toEqual([
      { rule: 'wrong-content-type', evidence: { type: 'text/plain' } },
    ]);
    const ok = only([conn(1)], network({ mimeType: 'text/event-stream; charset=utf-8' }));
    expect(rulesOf(ok)).toEqual([]);
  });

  test('without capture or before the headers nothing is claimed', () => {
    expect(rulesOf(only([conn(1), open(1)]))).toEqual([]);
    expect(rulesOf(only([conn(1)], network(null)))).toEqual([]);
  });
});

describe('unterminated-event', () => {
  test('bytes arriving for 2.5 s with no completed event are reported with their size', () => {
    const c = only(
      [conn(1), open(1)],
      network({}, (cap, at) => {
        for (let ms = 100; ms <= 2_600; ms += 500) data(cap, at(ms), 'data: tick\n');
      }),
    );
    const [finding] = lintConnection(c, quiet([c]));
    expect(finding?.rule).toBe('unterminated-event');
    expect(finding?.evidence).toEqual({ bytes: 66, seconds: 2.6 });
  });

  test('events completing in between, or comment heartbeats, are not unterminated', () => {
    const events = only(
      [conn(1), open(1), { k: 'listen', id: 1, type: 'message' }],
      network({}, (cap, at) => {
        for (let ms = 100; ms <= 5_000; ms += 500) {
          event(cap, at(ms), 'message');
          data(cap, at(ms), null, 12);
        }
      }),
    );
    expect(rulesOf(events)).toEqual([]);
    const heartbeats = only(
      [conn(1), open(1)],
      network({}, (cap, at) => {
        for (let ms = 100; ms <= 9_000; ms += 1_000) data(cap, at(ms), ':ping\n\n');
      }),
    );
    expect(rulesOf(heartbeats)).toEqual([]);
  });
});

describe('buffered-delivery', () => {
  const burst = (from: number, n: number) =>
    Array.from({ length: n }, (_, i) => sample(`e${from + i}`, { t: from + i }));

  test('two bursts after long silences are reported', () => {
    const c = only(messages([...burst(1_000, 1), ...burst(5_000, 6), ...burst(9_000, 5)]));
    expect(lintConnection(c, quiet([c]))).toEqual([
      { rule: 'buffered-delivery', evidence: { bursts: 2, largest: 6, seconds: 4 } },
    ]);
  });

  test('a steady stream, or a single batch, is not', () => {
    const steady = Array.from({ length: 20 }, (_, i) => sample(`e${i}`, { t: 1_000 + i * 2_500 }));
    expect(rulesOf(only(messages(steady)))).toEqual([]);
    expect(rulesOf(only(messages([...burst(1_000, 1), ...burst(5_000, 8)])))).toEqual([]);
  });
});

describe('invalid-json', () => {
  test('data that starts like JSON and does not parse is reported with a sample', () => {
    const c = only(
      messages([
        sample('{"ok":true}'),
        sample('  {"price": 12,'),
        sample('plain text'),
        sample('[1, 2'),
        sample('[1, 2]'),
      ]),
    );
    expect(lintConnection(c, quiet([c]))).toEqual([
      { rule: 'invalid-json', evidence: { count: 2, sample: '  {"price": 12,' } },
    ]);
  });

  test('a sample cut by the cap is not judged', () => {
    expect(rulesOf(only(messages([sample('{"long":', { cut: true })])))).toEqual([]);
  });
});

describe('duplicate-id', () => {
  test('the same non-empty id on consecutive events is reported', () => {
    const c = only(
      messages([sample('a', { id: '7', own: true }), sample('b', { id: '7' }), sample('c')]),
    );
    expect(lintConnection(c, quiet([c]))).toEqual([
      { rule: 'duplicate-id', evidence: { id: '7', repeats: 2 } },
    ]);
  });

  test('increasing ids and no ids are fine', () => {
    const ids = ['1', '2', '3'].map((id) => sample(id, { id, own: true }));
    expect(rulesOf(only(messages([...ids, sample('x'), sample('y')])))).toEqual([]);
  });
});

describe('no-listener', () => {
  test('types the network delivered that the page never listened to are named', () => {
    const capture = network({}, (cap, at) => {
      event(cap, at(10), 'message', '1');
      event(cap, at(20), 'update', '2');
      event(cap, at(30), 'update', '3');
    });
    const c = only([conn(1), open(1), { k: 'listen', id: 1, type: 'message' }], capture);
    expect(lintConnection(c, quiet([c]))).toEqual([
      { rule: 'no-listener', evidence: { types: 'update', count: 2 } },
    ]);
  });
});

describe('reconnect-storm', () => {
  const storm = (n: number, spacing: number): Connection[] =>
    rowsOf(
      Array.from({ length: n }, (_, i) => [
        { ...conn(i + 1), t: 1_000 + i * spacing },
        { ...open(i + 1), t: 1_001 + i * spacing },
      ]).flat(),
    );

  test('more connects in a minute than the threshold: one finding, on the newest row', () => {
    const rows = storm(31, 1_000);
    const context = createLintContext(rows, { stormPerMinute: 30 });
    const flagged = rows.filter((c) => lintConnection(c, context).length > 0);
    expect(flagged.map((c) => c.id)).toEqual([31]);
    expect(lintConnection(flagged[0] as Connection, context)).toEqual([
      { rule: 'reconnect-storm', evidence: { connects: 31, threshold: 30 } },
    ]);
    expect(lintTotals(rows, context)).toEqual({ total: 1, byRule: { 'reconnect-storm': 1 } });
  });

  test('at the threshold, or spread over ten minutes, there is no storm', () => {
    const rows = storm(31, 1_000);
    expect(lintTotals(rows, createLintContext(rows, { stormPerMinute: 31 })).total).toBe(0);
    const slow = storm(31, 20_000);
    expect(lintTotals(slow, createLintContext(slow, { stormPerMinute: 5 })).total).toBe(0);
  });

  test('the busiest minute of ascending times', () => {
    expect(busiestMinute([0, 10, 59_999, 60_000, 60_001, 200_000])).toEqual({
      connects: 4,
      from: 10,
    });
    expect(busiestMinute([])).toEqual({ connects: 0, from: 0 });
  });
});

describe('socket-starved', () => {
  const HTTP = 'http://127.0.0.1:8080/v1/events/sse';
  /** `open` rows open, then one left connecting, each to its own path on the same host. */
  const page = (opened: number, base = HTTP): Connection[] =>
    rowsOf(
      Array.from({ length: opened + 1 }, (_, i) => [
        conn(i + 1, { url: `${base}?n=${i}` }),
        ...(i < opened ? [open(i + 1)] : []),
      ]).flat(),
    );
  const starved = (rows: Connection[], context = quiet(rows)) =>
    rows.filter((c) => lintConnection(c, context).some((f) => f.rule === 'socket-starved'));

  test('the 7th connection to an http: host waits while 6 are open: only it is flagged', () => {
    const rows = page(6);
    const flagged = starved(rows);
    expect(flagged.map((c) => c.id)).toEqual([7]);
    expect(lintConnection(flagged[0] as Connection, quiet(rows))).toEqual([
      { rule: 'socket-starved', evidence: { live: 6, tabs: 1, limit: 6 } },
    ]);
    expect(starved(page(5))).toEqual([]);
  });

  test('https with an unknown protocol is not claimed; over h2 nothing is starved', () => {
    const https = page(6, 'https://example.test/sse');
    expect(starved(https)).toEqual([]);
    const h2 = https.map((c) => ({ ...c, protocol: 'h2' }));
    expect(starved(h2)).toEqual([]);
    const h1 = https.map((c) => ({ ...c, protocol: 'http/1.1' }));
    expect(starved(h1).map((c) => c.id)).toEqual([7]);
  });

  test('the census of other tabs counts when it is larger and names this host', () => {
    const rows = page(2);
    const census = { host: '127.0.0.1:8080', live: 8, tabs: 3 };
    const context = createLintContext(rows, { stormPerMinute: 1_000, census });
    expect(starved(rows, context).map((c) => lintConnection(c, context))).toEqual([
      [{ rule: 'socket-starved', evidence: { live: 7, tabs: 3, limit: 6 } }],
    ]);
    const elsewhere = createLintContext(rows, {
      stormPerMinute: 1_000,
      census: { ...census, host: 'other:1' },
    });
    expect(starved(rows, elsewhere)).toEqual([]);
  });

  test("https rows: the census's protocol for the host decides", () => {
    const rows = page(6, 'https://example.test/sse');
    const census = (protocol: string) => ({ host: 'example.test', live: 7, tabs: 1, protocol });
    const with1 = createLintContext(rows, { stormPerMinute: 1_000, census: census('http/1.1') });
    expect(starved(rows, with1).map((c) => c.id)).toEqual([7]);
    const with2 = createLintContext(rows, { stormPerMinute: 1_000, census: census('h2') });
    expect(starved(rows, with2)).toEqual([]);
  });
});

describe('memoisation', () => {
  test('an unchanged row gives back the same findings object', () => {
    const c = only(messages([sample('{bad')]));
    const first = lintConnection(c, quiet([c]));
    expect(lintConnection(c, quiet([c]))).toBe(first);
    expect(lintConnection({ ...c }, quiet([c]))).not.toBe(first);
  });
});

describe('hostOf', () => {
  test('reads host:port as URL.host does', () => {
    for (const url of [
      'http://127.0.0.1:8080/sse?token=x',
      'https://Example.TEST/a',
      'http://example.test:80/a',
      'https://example.test:443/a',
      'https://user:pw@example.test:8443/a#f',
      'http://[::1]:3000/sse',
    ])
      expect(hostOf(url), url).toBe(new URL(url).host);
    expect(hostOf('#3 (placeholder)')).toBe('');
  });
});

import { describe, expect, test } from 'vitest';
import { applyCdpEvent, createNetworkCapture } from '../network/cdp-reducer';
import { batch, conn, SSE_URL } from '../../src/protocol/testing/records';
import { createPanelModel } from './model';
import {
  MAX_EARLIER_REQUESTS,
  NETWORK_SESSION,
  requestsOf,
  sourcesOf,
  unlistenedTypes,
} from './network';

/** The network's view of an EventSource to the test records' URL, sent at `wallMs`. */
function eventSource(
  requestId: string,
  wallMs: number,
  types: readonly string[],
  session?: string,
) {
  const capture = createNetworkCapture();
  const url = SSE_URL.replace('[redacted]', 'secret');
  const ts = 10;
  applyCdpEvent(
    capture,
    'Network.requestWillBeSent',
    {
      requestId,
      request: { url, method: 'GET', headers: {} },
      timestamp: ts,
      wallTime: wallMs / 1000,
      type: 'EventSource',
    },
    session,
  );
  applyCdpEvent(
    capture,
    'Network.responseReceived',
    {
      requestId,
      timestamp: ts,
      type: 'EventSource',
      response: { status: 200, headers: {}, mimeType: 'text/event-stream' },
    },
    session,
  );
  for (const eventName of types)
    applyCdpEvent(
      capture,
      'Network.eventSourceMessageReceived',
      { requestId, timestamp: ts + 0.1, eventName, eventId: '', data: 'x' },
      session,
    );
  return capture;
}

describe('network capture in the model', () => {
  test("the network's view of the hook's request joins its row; unlistened types are counted", () => {
    const model = createPanelModel({ now: () => 5_000 });
    model.recordsReceived(batch('s1', [conn(1), { k: 'listen', id: 1, type: 'message' }]));
    const capture = eventSource('r1', 1_001, ['message', 'update', 'update']);
    expect(model.networkUpdated(capture)).toBe(true);
    expect(model.data.connections.size).toBe(1);
    const row = model.data.connections.get('s1#1');
    expect(row && sourcesOf(row)).toBe('both');
    expect(row?.network?.events).toBe(3);
    expect(row && unlistenedTypes(row)).toEqual([{ type: 'update', count: 2 }]);
    // A fetch stream has no listeners to miss: the page reads every event (its network events
    // are parsed from the bytes).
    expect(row && unlistenedTypes({ ...row, kind: 'fetch' })).toEqual([]);
  });

  test('a stream only the network saw gets its own row, which gives way when the hook speaks', () => {
    const model = createPanelModel({ now: () => 5_000 });
    const capture = eventSource('r1', 1_001, ['tick']);
    model.networkUpdated(capture);
    const [only] = model.data.connections.values();
    expect(only?.session).toBe(NETWORK_SESSION);
    expect(only && sourcesOf(only)).toBe('network');
    expect(only?.byType).toEqual({ tick: 1 });
    expect(only?.readyState).toBe(1);
    model.recordsReceived(batch('s1', [conn(1)]));
    expect([...model.data.connections.keys()]).toEqual(['s1#1']);
    expect(model.data.connections.get('s1#1')?.network?.events).toBe(1);
  });

  test("a worker's stream is named by the worker's URL; far-apart requests do not match", () => {
    const model = createPanelModel({ now: () => 5_000 });
    model.recordsReceived(batch('s1', [conn(1)]));
    const capture = createNetworkCapture();
    applyCdpEvent(capture, 'Target.attachedToTarget', {
      sessionId: 'W',
      targetInfo: { type: 'worker', url: 'http://127.0.0.1:8080/w.js' },
    });
    const far = eventSource('r9', 60_000, ['tick'], 'W');
    for (const [k, v] of far.streams)
      capture.streams.set(k, {
        ...v,
        target: { sessionId: 'W', type: 'worker', url: 'http://127.0.0.1:8080/w.js' },
      });
    model.networkUpdated(capture);
    expect(model.data.connections.size).toBe(2);
    const worker = [...model.data.connections.values()].find((c) => c.session === NETWORK_SESSION);
    expect(worker?.frameUrl).toBe('http://127.0.0.1:8080/w.js');
    expect(worker?.network?.target?.type).toBe('worker');
  });

  test("a worker's stream to the same path is never joined to a page's row, however near in time", () => {
    const model = createPanelModel({ now: () => 5_000 });
    model.recordsReceived(batch('s1', [conn(1)]));
    const createdAt = model.data.connections.get('s1#1')?.createdAt ?? 0;
    const worker = { sessionId: 'W', type: 'worker', url: 'http://127.0.0.1:8080/w.js' };
    const capture = createNetworkCapture();
    // The worker's request at the very time of the hook's construction, the page's 40 ms later.
    for (const [k, v] of eventSource('w1', createdAt, ['tick'], 'W').streams)
      capture.streams.set(k, { ...v, target: worker });
    for (const [k, v] of eventSource('p1', createdAt + 40, ['tick', 'tick']).streams)
      capture.streams.set(k, v);
    model.networkUpdated(capture);
    const rows = [...model.data.connections.values()];
    expect(rows).toHaveLength(2);
    expect(model.data.connections.get('s1#1')?.network?.events).toBe(2);
    const only = rows.find((c) => c.session === NETWORK_SESSION);
    expect(only?.network?.target?.type).toBe('worker');
  });

  test('Clear keeps a network-only stream that is still open (counting from the Clear) and drops an ended one for good', () => {
    let now = 5_000;
    const model = createPanelModel({ now: () => now });
    const capture = eventSource('open', 1_001, ['tick', 'tick']);
    const ended = eventSource('ended', 1_002, ['tick']);
    for (const [k, v] of ended.streams) capture.streams.set(k, v);
    for (const [k, v] of ended.clocks) capture.clocks.set(k, v);
    applyCdpEvent(capture, 'Network.loadingFinished', { requestId: 'ended', timestamp: 11 });
    model.networkUpdated(capture);
    const rows = () => [...model.data.connections.values()].map((c) => c.network?.requestId);
    expect(rows().sort()).toEqual(['ended', 'open']);

    now = 6_000;
    model.clear();
    expect(rows()).toEqual(['open']);
    expect(model.data.connections.get(`${NETWORK_SESSION}#|open`)?.messages).toBe(0);

    // The next events of any stream must not bring the ended one back, and the open one counts on
    // from the Clear, not from its start.
    applyCdpEvent(capture, 'Network.eventSourceMessageReceived', {
      requestId: 'open',
      timestamp: 10 + (6_500 - 1_001) / 1000,
      eventName: 'update',
      eventId: '7',
      data: 'y',
    });
    model.networkUpdated(capture);
    expect(rows()).toEqual(['open']);
    const open = model.data.connections.get(`${NETWORK_SESSION}#|open`);
    expect(open?.messages).toBe(1);
    expect(open?.byType).toEqual({ update: 1 });
    expect(open?.recent.map((e) => e.type)).toEqual(['update']);

    // Ended after the Clear: it keeps its row until the next Clear, which drops it.
    applyCdpEvent(capture, 'Network.loadingFailed', {
      requestId: 'open',
      timestamp: 17,
      errorText: 'net::ERR_ABORTED',
    });
    model.networkUpdated(capture);
    expect(rows()).toEqual(['open']);
    model.clear();
    applyCdpEvent(capture, 'Network.eventSourceMessageReceived', {
      requestId: 'open',
      timestamp: 18,
      eventName: 'late',
      eventId: '',
      data: 'z',
    });
    model.networkUpdated(capture);
    expect(rows()).toEqual([]);
  });

  test('Clear takes the row from the capture as it is now, not from the last merge it was shown', () => {
    let now = 5_000;
    const model = createPanelModel({ now: () => now });
    const capture = eventSource('open', 1_001, ['tick', 'tick']);
    model.networkUpdated(capture);
    const shownAs = model.data.connections.get(`${NETWORK_SESSION}#|open`)?.displayId;
    // The capture moves on in place; the store folds it into the table on its next batch, which
    // the Clear comes before.
    applyCdpEvent(capture, 'Network.eventSourceMessageReceived', {
      requestId: 'open',
      timestamp: 10.5,
      eventName: 'tick',
      eventId: '',
      data: 'y',
    });
    now = 6_000;
    model.clear();
    const row = model.data.connections.get(`${NETWORK_SESSION}#|open`);
    // The row says what the Clear counted from: three events seen, none since.
    expect(row?.network?.events).toBe(3);
    expect(row?.messages).toBe(0);
    expect(row?.recent).toEqual([]);
    expect(row?.displayId).toBe(shownAs);
  });

  /** A request of the network's view: an EventSource to SSE_URL at `wallMs`, from `documentUrl`. */
  function request(
    capture: ReturnType<typeof createNetworkCapture>,
    requestId: string,
    wallMs: number,
    documentUrl?: string,
  ) {
    applyCdpEvent(capture, 'Network.requestWillBeSent', {
      requestId,
      request: { url: SSE_URL.replace('[redacted]', 'secret'), method: 'GET', headers: {} },
      timestamp: 10,
      wallTime: wallMs / 1000,
      type: 'EventSource',
      ...(documentUrl === undefined ? {} : { documentURL: documentUrl }),
    });
  }
  const linkOf = (model: ReturnType<typeof createPanelModel>, key: string) =>
    model.data.connections.get(key)?.network?.requestId;

  test('two constructions back to back across a millisecond are matched in order, not by the nearer stamp', () => {
    const model = createPanelModel({ now: () => 5_000 });
    // The hook stamps whole ms after the constructor returned; the network stamps the request
    // itself, in fractions: c1 at 100.9 reads 100, c2 at 101.1 reads 101. By gap alone r1
    // (100.95) is nearer c2 (0.05 ms) than c1 (0.95 ms).
    model.recordsReceived(
      batch('s1', [
        { ...conn(1), t: 100 },
        { ...conn(2), t: 101 },
      ]),
    );
    const capture = createNetworkCapture();
    request(capture, 'r1', 100.95);
    request(capture, 'r2', 101.15);
    model.networkUpdated(capture);
    expect(linkOf(model, 's1#1')).toBe('r1');
    expect(linkOf(model, 's1#2')).toBe('r2');
  });

  test('streams are matched in request order whatever order the capture holds them in', () => {
    const model = createPanelModel({ now: () => 5_000 });
    model.recordsReceived(
      batch('s1', [
        { ...conn(1), t: 100 },
        { ...conn(2), t: 100 },
      ]),
    );
    const capture = createNetworkCapture();
    request(capture, 'r2', 100.6);
    request(capture, 'r1', 100.3);
    model.networkUpdated(capture);
    expect(linkOf(model, 's1#1')).toBe('r1');
    expect(linkOf(model, 's1#2')).toBe('r2');
  });

  test('a row made before the capture attached is never matched: its request went unseen', () => {
    const model = createPanelModel({ now: () => 5_000 });
    model.recordsReceived(
      batch('s1', [
        { ...conn(1), t: 100 },
        { ...conn(2), t: 400 },
      ]),
    );
    const capture = createNetworkCapture();
    capture.since = 300;
    // Only the second construction's request was seen (the capture came on in between).
    request(capture, 'r2', 400.2);
    model.networkUpdated(capture);
    expect(linkOf(model, 's1#2')).toBe('r2');
    expect(linkOf(model, 's1#1')).toBeUndefined();
  });

  test('a request sent late, after the next construction, still joins its own row', () => {
    const model = createPanelModel({ now: () => 5_000 });
    // A busy page: each request goes out 60 ms after its construction, 30 ms after the next one.
    model.recordsReceived(
      batch('s1', [
        { ...conn(1), t: 100 },
        { ...conn(2), t: 130 },
        { ...conn(3), t: 160 },
      ]),
    );
    const capture = createNetworkCapture();
    request(capture, 'r1', 160.5);
    model.networkUpdated(capture);
    expect(linkOf(model, 's1#1')).toBe('r1');
    request(capture, 'r2', 190.5);
    request(capture, 'r3', 220.5);
    model.networkUpdated(capture);
    expect([linkOf(model, 's1#2'), linkOf(model, 's1#3')]).toEqual(['r2', 'r3']);
  });

  test('a request made after its construction only, and never by a row closed before it', () => {
    const model = createPanelModel({ now: () => 5_000 });
    model.recordsReceived(
      batch('s1', [
        { ...conn(1), t: 100 },
        // Closed at 110 without a request ever seen (it was blocked, say): it sends nothing later.
        { k: 'close', id: 1, stack: '', readyState: 0, t: 110 },
        { ...conn(2), t: 120 },
        { ...conn(3), t: 300 },
      ]),
    );
    const capture = createNetworkCapture();
    request(capture, 'r2', 120.5);
    model.networkUpdated(capture);
    expect(linkOf(model, 's1#2')).toBe('r2');
    expect(linkOf(model, 's1#1')).toBeUndefined();
    // A request before every free row's construction joins none of them.
    request(capture, 'early', 200);
    model.networkUpdated(capture);
    expect(linkOf(model, 's1#3')).toBeUndefined();
    const early = [...model.data.connections.values()].find(
      (c) => c.network?.requestId === 'early',
    );
    expect(early?.session).toBe(NETWORK_SESSION);
  });

  test('a row closed just after it sent still holds its request (the close stamp is floored)', () => {
    const model = createPanelModel({ now: () => 5_000 });
    model.recordsReceived(
      batch('s1', [
        { ...conn(1), t: 100 },
        { k: 'close', id: 1, stack: '', readyState: 0, t: 100 },
      ]),
    );
    const capture = createNetworkCapture();
    request(capture, 'r1', 100.6);
    model.networkUpdated(capture);
    expect(linkOf(model, 's1#1')).toBe('r1');
  });

  /** The server ended request `requestId` (sent at `wallMs`, see `request`) at `endMs`. */
  function ended(
    capture: ReturnType<typeof createNetworkCapture>,
    requestId: string,
    wallMs: number,
    endMs: number,
  ) {
    applyCdpEvent(capture, 'Network.loadingFinished', {
      requestId,
      timestamp: 10 + (endMs - wallMs) / 1000,
    });
  }

  test("an EventSource's reconnect requests join its row, which shows the latest; never a closed one's", () => {
    const model = createPanelModel({ now: () => 9_000 });
    model.recordsReceived(batch('s1', [{ ...conn(1), t: 100 }]));
    const capture = createNetworkCapture();
    request(capture, 'r1', 100.4);
    model.networkUpdated(capture);
    expect(linkOf(model, 's1#1')).toBe('r1');
    // The server ends the stream; the source reconnects after its retry delay, twice.
    ended(capture, 'r1', 100.4, 1_000);
    request(capture, 'r2', 1_200);
    model.networkUpdated(capture);
    expect(linkOf(model, 's1#1')).toBe('r2');
    ended(capture, 'r2', 1_200, 2_000);
    request(capture, 'r3', 2_200);
    model.networkUpdated(capture);
    expect(linkOf(model, 's1#1')).toBe('r3');
    // One row: no request of it shown as a stream only the network saw.
    expect([...model.data.connections.values()].map((c) => c.key)).toEqual(['s1#1']);
    // Its earlier requests are kept, oldest first, each as the capture last saw it (ended).
    const row = model.data.connections.get('s1#1')!;
    expect(requestsOf(row).requests.map((r) => [r.requestId, r.endedAt !== null])).toEqual([
      ['r1', true],
      ['r2', true],
      ['r3', false],
    ]);
    expect(requestsOf(row).dropped).toBe(0);
    // Closed after r3 ended: a later request to the endpoint is not its.
    ended(capture, 'r3', 2_200, 3_000);
    model.recordsReceived(
      batch('s1', [{ k: 'close', id: 1, stack: '', readyState: 2, t: 3_100 }], { from: 2 }),
    );
    request(capture, 'other', 3_500);
    model.networkUpdated(capture);
    expect(linkOf(model, 's1#1')).toBe('r3');
  });

  test("an earlier request's late news reaches the row; past the bound earlier requests are counted", () => {
    const model = createPanelModel({ now: () => 90_000 });
    model.recordsReceived(batch('s1', [{ ...conn(1), t: 100 }]));
    const capture = createNetworkCapture();
    // r1 ends and r2 is sent before the panel merges: both join in one pass, in request order.
    request(capture, 'r1', 100.4);
    ended(capture, 'r1', 100.4, 1_000);
    request(capture, 'r2', 1_200);
    model.networkUpdated(capture);
    const first = model.data.connections.get('s1#1')!;
    expect(requestsOf(first).requests.map((r) => r.requestId)).toEqual(['r1', 'r2']);
    // Something more of r1 arrives after r2 took over (its data, here): the earlier entry updates.
    applyCdpEvent(capture, 'Network.dataReceived', {
      requestId: 'r1',
      timestamp: 10.95,
      dataLength: 7,
      encodedDataLength: 7,
    });
    const r1 = capture.streams.get('|r1')!;
    model.networkUpdated(capture);
    expect(model.data.connections.get('s1#1')!.networkEarlier?.[0]).toBe(r1);
    // Many reconnects: the newest MAX_EARLIER_REQUESTS earlier ones are kept, the rest counted.
    let at = 1_200;
    let prev = 'r2';
    for (let i = 3; i <= MAX_EARLIER_REQUESTS + 5; i++) {
      ended(capture, prev, at, at + 500);
      prev = `r${i}`;
      at += 1_000;
      request(capture, prev, at);
      model.networkUpdated(capture);
    }
    const last = model.data.connections.get('s1#1')!;
    const { requests, dropped } = requestsOf(last);
    expect(last.network?.requestId).toBe(prev);
    expect(requests).toHaveLength(MAX_EARLIER_REQUESTS + 1);
    expect(dropped).toBe(MAX_EARLIER_REQUESTS + 5 - (MAX_EARLIER_REQUESTS + 1));
    expect(requests[0]!.requestId).toBe(`r${dropped + 1}`);
  });

  test('a new row takes the request before a reconnecting one; a live request is not reconnected', () => {
    const model = createPanelModel({ now: () => 9_000 });
    model.recordsReceived(batch('s1', [{ ...conn(1), t: 100 }]));
    const capture = createNetworkCapture();
    request(capture, 'r1', 100.4);
    model.networkUpdated(capture);
    // A second source while the first is still streaming: its own request.
    model.recordsReceived(batch('s1', [{ ...conn(2), t: 500 }], { from: 2 }));
    request(capture, 'r2', 500.3);
    model.networkUpdated(capture);
    expect([linkOf(model, 's1#1'), linkOf(model, 's1#2')]).toEqual(['r1', 'r2']);
    // The first one's stream ends and a new source is made: the next request is the new one's.
    ended(capture, 'r1', 100.4, 1_000);
    model.recordsReceived(batch('s1', [{ ...conn(3), t: 1_100 }], { from: 3 }));
    request(capture, 'r3', 1_100.5);
    model.networkUpdated(capture);
    expect(linkOf(model, 's1#3')).toBe('r3');
    expect(linkOf(model, 's1#1')).toBe('r1');
    // Then the first one's reconnect.
    request(capture, 'r1b', 1_300);
    model.networkUpdated(capture);
    expect(linkOf(model, 's1#1')).toBe('r1b');
  });

  test("a request joins the row of its own document's hook before another frame's of the same instant", () => {
    const model = createPanelModel({ now: () => 5_000 });
    model.recordsReceived(batch('top', [{ ...conn(1), t: 100 }]));
    model.recordsReceived(
      batch('child', [{ ...conn(1), t: 100 }], {
        frameId: 3,
        frameUrl: 'http://127.0.0.1:8080/frame.html?x=1',
      }),
    );
    const capture = createNetworkCapture();
    request(capture, 'fromChild', 100.2, 'http://127.0.0.1:8080/frame.html?x=2');
    model.networkUpdated(capture);
    expect(linkOf(model, 'child#1')).toBe('fromChild');
    expect(linkOf(model, 'top#1')).toBeUndefined();
    // A request whose document the hook never reported (a URL changed by pushState) still joins.
    request(capture, 'fromTop', 100.4, 'http://127.0.0.1:8080/route');
    model.networkUpdated(capture);
    expect(linkOf(model, 'top#1')).toBe('fromTop');
  });

  test('a source closed in the task that made it never reached the network: its twin takes the request', () => {
    const model = createPanelModel({ now: () => 5_000 });
    // StrictMode: mount, cleanup, mount again, in one task; only the second made a request.
    model.recordsReceived(
      batch('s1', [
        { ...conn(1), t: 100 },
        { ...conn(2), t: 101 },
        { k: 'close', id: 1, stack: '', readyState: 0, unsent: true, t: 101 },
      ]),
    );
    expect(model.data.connections.get('s1#1')?.unsent).toBe(true);
    const capture = createNetworkCapture();
    request(capture, 'r2', 101.4);
    model.networkUpdated(capture);
    expect(linkOf(model, 's1#2')).toBe('r2');
    expect(linkOf(model, 's1#1')).toBeUndefined();
  });

  test('a row that opened is never taken for unsent, whatever a record says', () => {
    const model = createPanelModel({ now: () => 5_000 });
    model.recordsReceived(
      batch('s1', [
        { ...conn(1), t: 100 },
        { k: 'open', id: 1, t: 150 },
        { k: 'close', id: 1, stack: '', readyState: 1, unsent: true, t: 200 },
      ]),
    );
    expect(model.data.connections.get('s1#1')?.unsent).toBeUndefined();
  });
});

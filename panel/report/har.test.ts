import { describe, expect, test } from 'vitest';
import type { Connection } from '../model';
import { applyCdpEvent, createNetworkCapture, type NetworkStream } from '../network/cdp-reducer';
import { createPanelStore } from '../store';
import { batch, close, conn, msgs, sample } from '../../src/protocol/testing/records';
import { connectionsToHar, HAR_CREATOR, isSecretHeader } from './har';

const URL_WITH_TOKEN = 'http://127.0.0.1:8080/v1/events/sse?token=tok-secret&room=7';
/** Epoch seconds of the request (CDP wallTime) and the monotonic clock at that moment. */
const WALL = 1_796_539_613;
const MONO = 11_525;

/** What chrome.debugger delivers for an EventSource: real CDP event shapes, secrets included. */
function capturedStream(): NetworkStream {
  const capture = createNetworkCapture();
  const cdp = (method: string, params: Record<string, unknown>) =>
    applyCdpEvent(capture, method, { requestId: '77.3', ...params });
  cdp('Network.requestWillBeSent', {
    timestamp: MONO,
    wallTime: WALL,
    type: 'EventSource',
    request: {
      url: URL_WITH_TOKEN,
      method: 'GET',
      headers: {
        Accept: 'text/event-stream',
        Authorization: 'Bearer abc.def.ghi',
        Cookie: 'sid=cookie-secret',
        'X-Auth-Token': 'hdr-secret',
        Referer: 'http://127.0.0.1:8080/app?token=page-secret',
      },
    },
  });
  cdp('Network.responseReceived', {
    timestamp: MONO + 0.05,
    type: 'EventSource',
    response: {
      url: URL_WITH_TOKEN,
      status: 200,
      statusText: 'OK',
      mimeType: 'text/event-stream',
      protocol: 'http/1.1',
      headers: {
        'content-type': 'text/event-stream',
        'cache-control': 'no-cache',
        'set-cookie': 'sid=new-secret; HttpOnly',
      },
      timing: {
        requestTime: MONO,
        dnsStart: -1,
        dnsEnd: -1,
        connectStart: 1,
        connectEnd: 3,
        sslStart: -1,
        sslEnd: -1,
        sendStart: 4,
        sendEnd: 4.5,
        receiveHeadersEnd: 40.5,
      },
    },
  });
  cdp('Network.eventSourceMessageReceived', {
    timestamp: MONO + 0.1,
    eventName: 'message',
    eventId: '1',
    data: 'hello',
  });
  cdp('Network.eventSourceMessageReceived', {
    timestamp: MONO + 0.2,
    eventName: 'update',
    eventId: '2',
    data: '{"next":"/more?token=data-secret"}',
  });
  cdp('Network.loadingFinished', { timestamp: MONO + 2 });
  const [stream] = capture.streams.values();
  if (!stream) throw new Error('the capture kept no stream');
  return stream;
}

/** The hook's row for the same EventSource, with the network's view joined as the model does. */
function rowWithNetwork(network: NetworkStream | undefined): Connection {
  const store = createPanelStore();
  const start = WALL * 1000;
  store
    .getState()
    .messageReceived(
      batch('s1', [
        { ...conn(1, { url: URL_WITH_TOKEN }), t: start },
        { k: 'open', id: 1, t: start + 50 },
        msgs(1, [sample('hello')]),
        { ...close(1), t: start + 2_000 },
      ]),
    );
  const [row] = store.getState().connections.values();
  if (!row) throw new Error('no row');
  return network ? { ...row, network } : row;
}

const harOf = (c: Connection) =>
  connectionsToHar([c], { redactParams: ['token'], now: WALL * 1000 + 9_000, version: '0.1.0' });

describe('HAR export with network capture', () => {
  test('carries the real status, headers, protocol, timings and every event', () => {
    const har = harOf(rowWithNetwork(capturedStream()));
    expect(har.log.creator.name).toBe(HAR_CREATOR);
    const [entry] = har.log.entries;
    expect(entry?.response).toMatchObject({
      status: 200,
      statusText: 'OK',
      httpVersion: 'HTTP/1.1',
      content: { mimeType: 'text/event-stream' },
    });
    expect(entry?.request.httpVersion).toBe('HTTP/1.1');
    expect(entry?.response['headers']).toContainEqual({
      name: 'cache-control',
      value: 'no-cache',
    });
    expect(entry?.request['headers']).toContainEqual({
      name: 'accept',
      value: 'text/event-stream',
    });
    // CDP's phases: no DNS or TLS (-1), connect 2 ms, send 0.5 ms, headers 36 ms after send.
    expect(entry?.timings).toMatchObject({ dns: -1, connect: 2, ssl: -1, send: 0.5, wait: 36 });
    // The stream's life after its headers: ended 2 s after the request, headers at 38.5 ms.
    expect(entry?.timings.receive).toBeCloseTo(1_961.5, 3);
    expect(entry?._eventSourceMessages?.map((m) => [m.type, m.id, m.time])).toEqual([
      ['message', '1', WALL + 0.1],
      ['update', '2', WALL + 0.2],
    ]);
    expect(entry?._sse['network']).toMatchObject({ end: 'finished', events: 2 });
  });

  test("keeps the row's earlier requests (its reconnects), redacted, beside the latest", () => {
    const first = capturedStream();
    const latest: NetworkStream = {
      ...first,
      key: '|r2',
      requestId: 'r2',
      startedAt: first.startedAt + 3_000,
      status: 500,
      statusText: 'Internal Server Error',
      events: 0,
      byType: {},
    };
    const row: Connection = { ...rowWithNetwork(latest), networkEarlier: [first] };
    const [entry] = harOf(row).log.entries;
    expect(entry?.response.status).toBe(500);
    const network = entry?._sse['network'] as Record<string, unknown>;
    expect(network['earlierRequestsDropped']).toBe(0);
    const earlier = network['earlierRequests'] as Array<Record<string, unknown>>;
    expect(earlier).toHaveLength(1);
    expect(earlier[0]).toMatchObject({
      requestId: first.requestId,
      startedDateTime: new Date(first.startedAt).toISOString(),
      endedDateTime: new Date(first.endedAt!).toISOString(),
      status: 200,
      end: 'finished',
      events: 2,
      byType: { message: 1, update: 1 },
    });
    // Its headers go through the same redaction as the latest request's.
    expect(JSON.stringify(earlier)).not.toContain('new-secret');
  });

  test('redacts every field: URL and query list, credential headers, URLs in headers, data', () => {
    const entry = harOf(rowWithNetwork(capturedStream())).log.entries[0];
    const text = JSON.stringify(entry);
    for (const secret of [
      'tok-secret',
      'abc.def.ghi',
      'cookie-secret',
      'hdr-secret',
      'page-secret',
      'new-secret',
      'data-secret',
    ])
      expect(text, secret).not.toContain(secret);
    expect(entry?.request.url).toBe('http://127.0.0.1:8080/v1/events/sse?token=[redacted]&room=7');
    expect(entry?.request['queryString']).toEqual([
      { name: 'token', value: '[redacted]' },
      { name: 'room', value: '7' },
    ]);
    const header = (list: unknown, name: string) =>
      (list as Array<{ name: string; value: string }>).find((h) => h.name === name)?.value;
    expect(header(entry?.request['headers'], 'authorization')).toBe('[redacted]');
    expect(header(entry?.request['headers'], 'cookie')).toBe('[redacted]');
    expect(header(entry?.request['headers'], 'x-auth-token')).toBe('[redacted]');
    expect(header(entry?.request['headers'], 'referer')).toBe(
      'http://127.0.0.1:8080/app?token=[redacted]',
    );
    expect(header(entry?.response['headers'], 'set-cookie')).toBe('[redacted]');
    expect(entry?._eventSourceMessages?.[1]?.data).toBe('{"next":"/more?token=[redacted]"}');
  });

  test('without capture the entry is the hook-based one: no headers or events from the wire', () => {
    const [entry] = harOf(rowWithNetwork(undefined)).log.entries;
    expect(entry?.response).toMatchObject({ status: 200, httpVersion: '', headers: [] });
    expect(entry?.timings).toEqual({ send: 0, wait: 50, receive: 1_950 });
    expect(entry?._eventSourceMessages).toBeUndefined();
    expect(entry?._sseMessages.map((m) => m.data)).toEqual(['hello']);
  });

  test('without capture a fetch stream keeps the status and method its hook saw', () => {
    const row = {
      ...rowWithNetwork(undefined),
      kind: 'fetch',
      method: 'POST',
      status: 401,
    } as const;
    const [entry] = harOf(row).log.entries;
    expect([entry?._resourceType, entry?.request.method, entry?.response['status']]).toEqual([
      'fetch',
      'POST',
      401,
    ]);
  });

  test('a size the hook partly estimated (a flood) says so in content.comment', () => {
    const exact = harOf(rowWithNetwork(undefined)).log.entries[0];
    expect(exact?.response['content']).not.toHaveProperty('comment');
    const flood = {
      ...rowWithNetwork(undefined),
      messages: 500,
      bytes: 4_000,
      bytesUnmeasured: 300,
    };
    const [entry] = harOf(flood).log.entries;
    expect(entry?.response['content']).toMatchObject({
      size: 4_000,
      comment: expect.stringContaining('300 of 500 messages') as unknown,
    });
    expect(entry?._sse['bytesUnmeasured']).toBe(300);
    // With capture, the wire's byte count wins when larger, and it is exact: no comment.
    const wire = { ...flood, network: { ...capturedStream(), bytes: 9_000 } };
    const [captured] = harOf(wire).log.entries;
    expect(captured?.response['content']).toMatchObject({ size: 9_000 });
    expect(captured?.response['content']).not.toHaveProperty('comment');
  });

  test('credential headers are recognised by name, case-insensitively', () => {
    for (const name of ['Authorization', 'COOKIE', 'Set-Cookie', 'X-Api-Key', 'x-csrf-token'])
      expect(isSecretHeader(name), name).toBe(true);
    for (const name of ['content-type', 'cache-control', 'accept', 'last-event-id'])
      expect(isSecretHeader(name), name).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import {
  NETWORK_BODY_CHARS,
  NETWORK_CHUNKS_KEPT,
  NETWORK_CHUNK_CHARS,
  applyCdpEvent,
  createNetworkCapture,
  decodeBase64Text,
  isRefused,
  type NetworkCapture,
} from './cdp-reducer';
import refusedAndRaw from './fixtures/refused-and-raw.json';
import { redactBody } from './redact-body';

// Recorded from Chromium 156 (Fetch.requestPaused + getResponseBody as the controller does): an EventSource refused with
// 401 + JSON echoing its token, one served as text/plain, and a fetch stream, with the results
// of the capture controller's streamResourceContent folded in as it does.
interface Fixture {
  readonly method: string;
  readonly params: unknown;
  readonly session?: string;
}

function play(events: readonly Fixture[], capture = createNetworkCapture()): NetworkCapture {
  for (const e of events) applyCdpEvent(capture, e.method, e.params, e.session);
  return capture;
}

const b64 = (s: string) => btoa(String.fromCharCode(...new TextEncoder().encode(s)));

describe('a refused stream: status, headers, timing and body from the network', () => {
  const c = play(refusedAndRaw);

  it('keeps the 401, its protocol, its timing and its body (token redacted)', () => {
    const s = c.streams.get('|14475.3');
    expect(s).toMatchObject({
      kind: 'eventsource',
      status: 401,
      statusText: 'Unauthorized',
      mimeType: 'application/json',
      protocol: 'http/1.1',
      // Chrome aborts a refused EventSource itself: CDP reports it canceled (ERR_ABORTED).
      end: 'canceled',
    });
    expect(s?.responseHeaders['cache-control']).toBe('no-cache');
    expect(s?.timing).toEqual({
      dnsMs: -1,
      connectMs: -1,
      sslMs: -1,
      sendMs: 0.061,
      waitMs: 257.94,
    });
    expect(s?.body).toEqual({
      text: '{"error":"token expired","token":"[redacted]"}',
      cut: false,
      binary: false,
    });
    expect(s && isRefused(s)).toBe(true);
    expect(s?.chunks).toEqual([]);
    expect(c.invalid).toBe(0);
  });

  it('keeps a text/plain answer as refused, with its body', () => {
    const s = c.streams.get('|14475.4');
    expect(s).toMatchObject({ status: 200, mimeType: 'text/plain' });
    expect(s && isRefused(s)).toBe(true);
    expect(s?.body?.text).toBe('data: hi\n\n');
  });

  it('shows a fetch stream’s raw chunks in order, buffered bytes first', () => {
    const s = c.streams.get('|14475.5');
    expect(s).toMatchObject({ kind: 'fetch', status: 200, body: null, end: 'finished' });
    expect(s && isRefused(s)).toBe(false);
    expect(s?.chunks.map((k) => k.text).join('')).toBe(
      'retry: 1000\n\ndata: 0\n\ndata: 1\n\ndata: 2\n\n',
    );
    // Every byte the network counted is in a chunk: nothing to report as dropped.
    expect(s?.chunks.reduce((n, k) => n + k.size, 0)).toBe(s?.bytes);
    expect(s?.chunks[1]?.t).toBeGreaterThan(s?.startedAt ?? Infinity);
  });
});

describe('bounds and hostile input', () => {
  const open = (accept: string): NetworkCapture => {
    const c = createNetworkCapture();
    applyCdpEvent(c, 'Network.requestWillBeSent', {
      requestId: 'r',
      timestamp: 1,
      wallTime: 1000,
      type: 'Fetch',
      request: { url: 'http://h/s', method: 'GET', headers: { Accept: accept } },
    });
    return c;
  };
  const respond = (c: NetworkCapture, status: number, mimeType: string) =>
    applyCdpEvent(c, 'Network.responseReceived', {
      requestId: 'r',
      timestamp: 1.1,
      type: 'Fetch',
      response: { status, statusText: '', headers: {}, mimeType },
    });

  it('a fetch that asked for an event stream is tracked even when refused; others are not', () => {
    const asked = open('text/event-stream');
    respond(asked, 403, 'text/html');
    expect(asked.streams.get('|r')?.status).toBe(403);
    const plain = open('application/json');
    respond(plain, 403, 'text/html');
    expect(plain.streams.size).toBe(0);
  });

  it('keeps the newest chunks within the count and character bounds', () => {
    const c = open('text/event-stream');
    respond(c, 200, 'text/event-stream');
    for (let i = 0; i < NETWORK_CHUNKS_KEPT + 5; i++)
      applyCdpEvent(c, 'Network.dataReceived', {
        requestId: 'r',
        timestamp: 2,
        dataLength: 9,
        data: b64(`data: ${i % 10}\n\n`),
      });
    let s = c.streams.get('|r');
    expect(s?.chunks).toHaveLength(NETWORK_CHUNKS_KEPT);
    expect(s?.chunks.at(-1)?.text).toBe(`data: ${(NETWORK_CHUNKS_KEPT + 4) % 10}\n\n`);
    applyCdpEvent(c, 'Network.dataReceived', {
      requestId: 'r',
      timestamp: 3,
      dataLength: 40_000,
      data: b64('x'.repeat(40_000)),
    });
    s = c.streams.get('|r');
    expect(s?.chunks.reduce((n, k) => n + k.text.length, 0)).toBeLessThanOrEqual(
      NETWORK_CHUNK_CHARS,
    );
    expect(s?.chunks.at(-1)?.size).toBe(40_000);
  });

  it('caps a refused body, marks it cut, and never keeps bytes that are not text', () => {
    const c = open('text/event-stream');
    respond(c, 500, 'text/html');
    applyCdpEvent(c, 'Network.getResponseBody', {
      requestId: 'r',
      body: 'e'.repeat(NETWORK_BODY_CHARS + 10),
      base64Encoded: false,
    });
    expect(c.streams.get('|r')?.body).toMatchObject({ cut: true, binary: false });
    expect(c.streams.get('|r')?.body?.text).toHaveLength(NETWORK_BODY_CHARS);
    applyCdpEvent(c, 'Network.getResponseBody', {
      requestId: 'r',
      body: btoa('\x89PNG\r\n\x1a\n\xff\xfe'),
      base64Encoded: true,
    });
    expect(c.streams.get('|r')?.body).toEqual({ text: '10 B', cut: false, binary: true });
  });

  it('refuses a malformed body result and garbage base64 without throwing', () => {
    const c = open('text/event-stream');
    respond(c, 401, 'application/json');
    expect(applyCdpEvent(c, 'Network.getResponseBody', { requestId: 'r', body: 5 })).toBe(false);
    expect(
      applyCdpEvent(c, 'Network.getResponseBody', {
        requestId: 'r',
        body: '%%%',
        base64Encoded: true,
      }),
    ).toBe(false);
    expect(c.invalid).toBe(2);
    expect(decodeBase64Text('%%%')).toBeNull();
  });

  it('reads timing phases that happened and -1 for those that did not', () => {
    const c = open('text/event-stream');
    applyCdpEvent(c, 'Network.responseReceived', {
      requestId: 'r',
      timestamp: 1.1,
      response: {
        status: 200,
        headers: {},
        mimeType: 'text/event-stream',
        protocol: 'h2',
        timing: {
          dnsStart: 1,
          dnsEnd: 3,
          connectStart: 3,
          connectEnd: 10,
          sslStart: 5,
          sslEnd: 10,
          sendStart: 10,
          sendEnd: 11,
          receiveHeadersEnd: 'x',
        },
      },
    });
    expect(c.streams.get('|r')).toMatchObject({
      protocol: 'h2',
      timing: { dnsMs: 2, connectMs: 7, sslMs: 5, sendMs: 1, waitMs: -1 },
    });
  });
});

describe('redactBody', () => {
  it('redacts JSON fields, name=value pairs and bearer tokens by name, case-insensitively', () => {
    expect(redactBody('{"Token": "abc", "n": 1, "password":"p\\"w"}', ['token'])).toBe(
      '{"Token": "[redacted]", "n": 1, "password":"[redacted]"}',
    );
    expect(
      redactBody('see /sse?a=1&access_token=xyz&b=2 or token=q', ['access_token', 'token']),
    ).toBe('see /sse?a=1&access_token=[redacted]&b=2 or token=[redacted]');
    expect(redactBody('Authorization: Bearer eyJhbGciOi.x-y_z', [])).toBe(
      'Authorization: Bearer [redacted]',
    );
    expect(redactBody('{"tokens": 3, "mytoken=1"}', ['token'])).toBe('{"tokens": 3, "mytoken=1"}');
  });
});

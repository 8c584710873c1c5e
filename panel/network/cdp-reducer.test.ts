import { describe, expect, it } from 'vitest';
import {
  NETWORK_EVENTS_PER_STREAM,
  NETWORK_TYPES_PER_STREAM,
  applyCdpEvent,
  createNetworkCapture,
  lastRetry,
  type NetworkCapture,
} from './cdp-reducer';
import onmessageOnly from './fixtures/onmessage-only.json';
import worker from './fixtures/worker.json';

interface Fixture {
  readonly method: string;
  readonly params: unknown;
  readonly session?: string;
}

function play(events: readonly Fixture[], capture = createNetworkCapture()): NetworkCapture {
  for (const e of events) applyCdpEvent(capture, e.method, e.params, e.session);
  return capture;
}

describe('CDP events → network streams', () => {
  it('counts every EventSource event by type, with status, headers and times', () => {
    const c = play(onmessageOnly);
    const s = c.streams.get('|1000.7');
    expect(s).toMatchObject({
      kind: 'eventsource',
      url: 'http://127.0.0.1:4000/sse?token=abc',
      method: 'GET',
      status: 200,
      events: 3,
      byType: { message: 1, update: 2 },
      end: 'finished',
      bytes: 60,
      target: null,
    });
    expect(s?.responseHeaders['content-type']).toBe('text/event-stream');
    expect(s?.startedAt).toBe(1760000000250);
    // Later times are the request's wall time plus CDP's monotonic delta.
    expect(s?.recent[1]?.t).toBeCloseTo(1760000000450, 3);
    expect(s?.endedAt).toBeCloseTo(1760000001250, 3);
    expect(c.invalid).toBe(0);
  });

  it('names the worker that made a stream, keeps only event-stream fetches, reads retry:', () => {
    const c = play(worker);
    expect([...c.streams.keys()]).toEqual(['S-W1|2000.1', '|3000.2']);
    expect(c.streams.get('S-W1|2000.1')?.target).toEqual({
      sessionId: 'S-W1',
      type: 'worker',
      url: 'http://127.0.0.1:4000/worker.js',
    });
    const chat = c.streams.get('|3000.2');
    expect(chat).toMatchObject({ kind: 'fetch', method: 'POST', retry: 2500, end: 'canceled' });
    expect(c.pending.size).toBe(0);
  });

  it("parses a fetch or XHR stream's bytes into events (Chrome reports none for them)", () => {
    const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
    const stream = (id: string, type: string, status: number, chunks: readonly string[]) => [
      {
        method: 'Network.requestWillBeSent',
        params: {
          requestId: id,
          request: { url: `http://127.0.0.1:4000/${id}`, method: 'GET', headers: {} },
          timestamp: 10,
          wallTime: 1760000000,
          type,
        },
      },
      {
        method: 'Network.responseReceived',
        params: {
          requestId: id,
          timestamp: 10.1,
          type,
          response: { status, statusText: '', headers: {}, mimeType: 'text/event-stream' },
        },
      },
      // The bytes before streaming started, then chunks with their data.
      {
        method: 'Network.streamResourceContent',
        params: { requestId: id, bufferedData: b64(chunks[0] ?? '') },
      },
      ...chunks.slice(1).map((text, i) => ({
        method: 'Network.dataReceived',
        params: {
          requestId: id,
          timestamp: 10.2 + i / 10,
          dataLength: text.length,
          data: b64(text),
        },
      })),
    ];
    const text = ['data: hello\n\nevent: up', 'date\nid: 4\ndata: {"n":1}\r', '\n\r\ndata: x\n\n'];
    const c = play([
      ...stream('x1', 'XHR', 200, text),
      ...stream('f1', 'Fetch', 200, text),
      ...stream('f2', 'Fetch', 401, text),
    ]);
    for (const key of ['|x1', '|f1']) {
      const s = c.streams.get(key);
      expect(s?.kind).toBe(key === '|x1' ? 'xhr' : 'fetch');
      expect(s?.events).toBe(3);
      expect(s?.byType).toEqual({ message: 2, update: 1 });
      expect(s?.recent.map((e) => [e.type, e.id, e.data])).toEqual([
        ['message', '', 'hello'],
        ['update', '4', '{"n":1}'],
        ['message', '4', 'x'],
      ]);
      // The buffered bytes date from the start; later events from their chunk.
      expect(s?.recent[0]?.t).toBe(1760000000000);
      expect(s?.recent[2]?.t).toBeCloseTo(1760000000300, 3);
    }
    // Ended, a stream keeps its events but no parse state.
    play([{ method: 'Network.loadingFinished', params: { requestId: 'x1', timestamp: 11 } }], c);
    expect(c.streams.get('|x1')?.events).toBe(3);
    expect(c.streams.get('|x1')?.parse).toBeUndefined();
    expect(c.streams.get('|f1')?.parse).toBeDefined();
    // A refused response's bytes are its body, not events.
    expect(c.streams.get('|f2')?.events).toBe(0);
    expect(c.invalid).toBe(0);
  });

  it('refuses malformed events without throwing and counts them', () => {
    const c = createNetworkCapture();
    expect(applyCdpEvent(c, 'Network.requestWillBeSent', null)).toBe(false);
    expect(applyCdpEvent(c, 'Network.requestWillBeSent', { requestId: 1 })).toBe(false);
    expect(applyCdpEvent(c, 'Network.requestWillBeSent', { requestId: 'x', request: 'no' })).toBe(
      false,
    );
    expect(applyCdpEvent(c, 'Target.attachedToTarget', { sessionId: 5 })).toBe(false);
    expect(c.invalid).toBe(4);
    expect(c.streams.size).toBe(0);
  });

  it('keeps events, types and data bounded; a type named like a prototype member is a type', () => {
    const c = play(onmessageOnly.slice(0, 2));
    for (let i = 0; i < NETWORK_EVENTS_PER_STREAM + 10; i++)
      applyCdpEvent(c, 'Network.eventSourceMessageReceived', {
        requestId: '1000.7',
        timestamp: 101,
        eventName: i < 5 ? '__proto__' : `t${i}`,
        eventId: '',
        data: 'x'.repeat(5000),
      });
    const s = c.streams.get('|1000.7');
    expect(s?.recent).toHaveLength(NETWORK_EVENTS_PER_STREAM);
    expect(s?.skipped).toBe(10);
    expect(Object.keys(s?.byType ?? {})).toHaveLength(NETWORK_TYPES_PER_STREAM);
    expect(Object.hasOwn(s?.byType ?? {}, '__proto__')).toBe(true);
    expect(s?.events).toBe(NETWORK_EVENTS_PER_STREAM + 10);
    expect(s?.recent[0]?.data.length).toBeLessThan(5000);
    expect(s?.recent[0]?.cut).toBe(true);
  });

  it('lastRetry reads the last retry field and ignores junk', () => {
    expect(lastRetry(btoa('retry: 10\n\nretry:20\ndata: a\n'))).toBe(20);
    expect(lastRetry(btoa('data: retry: 5\n'))).toBeNull();
    expect(lastRetry('%%%not base64')).toBeNull();
  });
});

import { afterEach, describe, expect, test } from 'vitest';
import { createDemoServer, type DemoServer } from './index';
import {
  callJson,
  openSse,
  waitUntil,
  type SseTestConnection,
} from './test-support/sse-test-client';

let server: DemoServer;
const open: SseTestConnection[] = [];

async function start(): Promise<void> {
  server = await createDemoServer({ heartbeatMs: 0 });
}

async function stream(token = 'tok-a'): Promise<SseTestConnection> {
  const connection = await openSse(`${server.url}/v1/events/sse?token=${token}`);
  open.push(connection);
  return connection;
}

const isReady = (c: SseTestConnection): boolean => c.events.some((e) => e.event === 'ready');

afterEach(async () => {
  for (const connection of open.splice(0)) connection.close();
  await server.close();
});

describe('fault injection over HTTP', () => {
  test('reports the current fault and accepts a new one', async () => {
    await start();
    expect((await callJson(server.url, 'GET', '/v1/faults')).body).toEqual({
      fault: { mode: 'none', remaining: null, delayMs: 0, served: 0 },
    });
    const set = await callJson(server.url, 'POST', '/v1/faults', { mode: 'status500', count: 2 });
    expect(set.body).toEqual({ fault: { mode: 'status500', remaining: 2, delayMs: 0, served: 0 } });
  });

  test('rejects an unknown mode with 400', async () => {
    await start();
    const response = await callJson(server.url, 'POST', '/v1/faults', { mode: 'meteor' });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ error: expect.stringContaining('"mode" must be one of') });
  });

  test.each([
    ['status500', 500, 'application/json; charset=utf-8'],
    ['status204', 204, undefined],
    ['unauthorized', 401, 'application/json; charset=utf-8'],
    ['wrongContentType', 200, 'text/plain; charset=utf-8'],
  ] as const)('%s answers %i (%s): terminal for EventSource', async (mode, status, contentType) => {
    await start();
    await callJson(server.url, 'POST', '/v1/faults', { mode, count: 1 });
    const faulted = await stream();
    expect(faulted.status).toBe(status);
    expect(faulted.headers['content-type']).toBe(contentType);
    await faulted.waitFor((c) => c.ended, 'the response to end');
    expect(server.stats()).toMatchObject({ live: 0, totalStreams: 0, rejectedRequests: 1 });

    // count: 1 → the next request is served normally again.
    const next = await stream();
    expect(next.status).toBe(200);
    expect(next.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(server.stats().fault.mode).toBe('none');
  });

  test('drop opens the stream, then destroys it (transient: the client would retry)', async () => {
    await start();
    await callJson(server.url, 'POST', '/v1/faults', { mode: 'drop', count: 1 });
    const dropped = await stream();
    expect(dropped.status).toBe(200);
    await dropped.waitFor((c) => c.ended, 'the drop');
    expect(dropped.retry).toBe(3000);
    const { history } = (
      await callJson<{ history: { closeReason: string }[] }>(server.url, 'GET', '/v1/debug/streams')
    ).body;
    expect(history[0]?.closeReason).toBe('fault-drop');
  });

  test('stall sends headers and then nothing at all, while other streams get events', async () => {
    await start();
    server.setFault({ mode: 'stall', count: 1 });
    const stalled = await stream('tok-stalled');
    const healthy = await stream('tok-healthy');
    expect(stalled.status).toBe(200);
    expect(stalled.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    await healthy.waitFor(isReady, 'healthy ready');
    server.broadcast('demo.ping', {});
    await healthy.waitFor((c) => c.messages().length === 1, 'the broadcast');

    const { streams } = (
      await callJson<{ streams: { token: string; mode: string; bytesSent: number }[] }>(
        server.url,
        'GET',
        '/v1/debug/streams',
      )
    ).body;
    expect(streams.find((s) => s.token === 'tok-stalled')).toMatchObject({
      mode: 'stall',
      bytesSent: 0,
    });
    expect(stalled.text).toBe('');
    expect(server.stats().live).toBe(2);
  });

  test('slow delays each event by delayMs', async () => {
    await start();
    server.setFault({ mode: 'slow', delayMs: 60, count: 1 });
    const slow = await stream();
    await slow.waitFor(isReady, 'ready (itself delayed)', 2000);
    const sentAt = performance.now();
    server.broadcast('demo.ping', {});
    await slow.waitFor((c) => c.messages().length === 1, 'the delayed event');
    // A lower bound only: the event cannot arrive before its delay has passed.
    expect(performance.now() - sentAt).toBeGreaterThanOrEqual(50);
  });

  test('drop-all destroys every live stream at once', async () => {
    await start();
    const streams = await Promise.all([stream(), stream(), stream('tok-b')]);
    await waitUntil(() => server.stats().live === 3, 'three live streams');
    const response = await callJson(server.url, 'POST', '/v1/faults/drop-all');
    expect(response.body).toEqual({ dropped: 3 });
    expect(server.stats().live).toBe(0);
    await Promise.all(streams.map((s) => s.waitFor((c) => c.ended, 'stream end')));
    // The server itself keeps serving: a reconnect works.
    expect((await stream()).status).toBe(200);
  });

  test('an uncounted fault lasts until reset', async () => {
    await start();
    server.setFault({ mode: 'status500' });
    expect((await stream()).status).toBe(500);
    expect((await stream()).status).toBe(500);
    await callJson(server.url, 'POST', '/v1/faults', { mode: 'none' });
    expect((await stream()).status).toBe(200);
    expect(server.stats().fault.served).toBe(2);
  });

  test('a bad token is rejected before a counted fault is consumed', async () => {
    await start();
    server.setFault({ mode: 'status500', count: 1 });
    expect((await stream('bad')).status).toBe(401);
    expect((await stream()).status).toBe(500);
  });
});

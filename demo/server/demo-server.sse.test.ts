import { afterEach, describe, expect, test } from 'vitest';
import { createDemoServer, type DemoServer, type DemoServerOptions } from './index';
import {
  callJson,
  openSse,
  waitUntil,
  type SseTestConnection,
} from './test-support/sse-test-client';

let server: DemoServer;
const open: SseTestConnection[] = [];

async function start(options: DemoServerOptions = {}): Promise<DemoServer> {
  server = await createDemoServer({ heartbeatMs: 0, ...options });
  return server;
}

async function stream(
  query = 'token=tok-a',
  headers: Record<string, string> = {},
): Promise<SseTestConnection> {
  const connection = await openSse(`${server.url}/v1/events/sse?${query}`, headers);
  open.push(connection);
  return connection;
}

const isReady = (c: SseTestConnection): boolean => c.events.some((e) => e.event === 'ready');

afterEach(async () => {
  for (const connection of open.splice(0)) connection.close();
  await server?.close();
});

describe('GET /v1/events/sse', () => {
  test('answers with an event stream that starts with retry, a comment and a ready event', async () => {
    await start();
    const sse = await stream();
    expect(sse.status).toBe(200);
    expect(sse.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(sse.headers['cache-control']).toContain('no-cache');
    expect(sse.headers.connection).toBe('keep-alive');
    const ready = await sse.waitForEvent((e) => e.event === 'ready', 'ready');
    expect(sse.retry).toBe(3000);
    expect(sse.comments[0]).toMatch(/^stream \d+ open$/);
    expect(JSON.parse(ready.data)).toMatchObject({ type: 'ready', replayed: 0, lastEventId: 0 });
    expect(sse.text.startsWith('retry: 3000\n')).toBe(true);
  });

  test('delivers JSON events on message and named events, each with a monotonic id', async () => {
    await start();
    const sse = await stream();
    await sse.waitFor(isReady, 'ready');
    server.broadcast('demo.ping', { n: 1 });
    server.broadcast('notification', { text: 'hello' }, { event: 'notification' });
    server.broadcast('demo.ping', 'plain value');
    await sse.waitFor(
      (c) => c.events.filter((e) => e.id !== undefined).length === 3,
      'three id events',
    );
    const withIds = sse.events.filter((e) => e.id !== undefined);
    expect(withIds.map((e) => [e.event, e.id])).toEqual([
      ['message', '1'],
      ['notification', '2'],
      ['message', '3'],
    ]);
    expect(withIds.map((e) => JSON.parse(e.data))).toEqual([
      { type: 'demo.ping', n: 1 },
      { type: 'notification', text: 'hello' },
      { type: 'demo.ping', data: 'plain value' },
    ]);
  });

  test.each([
    ['no token', '', 'missing token'],
    ['a malformed token', 'token=not-a-token', 'invalid token'],
  ])('rejects %s with 401 and a JSON error', async (_name, query, message) => {
    await start();
    const response = await callJson(server.url, 'GET', `/v1/events/sse?${query}`);
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ error: expect.stringContaining(message) });
    expect(server.stats()).toMatchObject({ live: 0, totalStreams: 0, rejectedRequests: 1 });
  });

  test('uses the injected token check', async () => {
    await start({ validTokens: (token) => token === 'secret' });
    expect((await stream('token=secret')).status).toBe(200);
    expect((await stream('token=tok-a')).status).toBe(401);
  });

  test('sends heartbeat events without ids on the shared interval', async () => {
    await start({ heartbeatMs: 20 });
    const sse = await stream();
    const heartbeat = await sse.waitForEvent((e) => e.event === 'heartbeat', 'a heartbeat');
    expect(heartbeat.id).toBeUndefined();
    expect(JSON.parse(heartbeat.data)).toMatchObject({ type: 'heartbeat' });
  });
});

describe('Last-Event-ID replay', () => {
  async function startWithFiveEvents(options: DemoServerOptions = {}): Promise<void> {
    await start(options);
    for (let n = 1; n <= 5; n++) server.broadcast('demo.n', { n });
  }

  test('replays missed events from the Last-Event-ID header before going live', async () => {
    await startWithFiveEvents();
    const sse = await stream('token=tok-a', { 'Last-Event-ID': '3' });
    await sse.waitFor(isReady, 'ready');
    server.broadcast('demo.n', { n: 6 });
    await sse.waitFor((c) => c.messages().length === 3, 'replayed + live events');
    expect(sse.events.filter((e) => e.id !== undefined).map((e) => e.id)).toEqual(['4', '5', '6']);
    expect(JSON.parse(sse.events.find((e) => e.event === 'ready')?.data ?? '')).toMatchObject({
      replayed: 2,
    });
    expect(server.stats().live).toBe(1);
  });

  test('replays from the lastEventId query parameter too', async () => {
    await startWithFiveEvents();
    const sse = await stream('token=tok-a&lastEventId=4');
    await sse.waitFor(isReady, 'ready');
    expect(sse.messages()).toEqual([{ type: 'demo.n', n: 5 }]);
  });

  test('tells the client to resync when the events it missed were evicted', async () => {
    await startWithFiveEvents({ replayLimit: 2 });
    const sse = await stream('token=tok-a', { 'Last-Event-ID': '1' });
    const resync = await sse.waitForEvent((e) => e.event === 'resync', 'resync');
    expect(JSON.parse(resync.data)).toMatchObject({
      type: 'resync',
      reason: 'replay-gap',
      oldestAvailableId: 4,
      newestId: 5,
    });
    expect(sse.messages()).toEqual([
      { type: 'demo.n', n: 4 },
      { type: 'demo.n', n: 5 },
    ]);
  });

  test('tells the client to resync when its id is not one of ours', async () => {
    await startWithFiveEvents();
    const sse = await stream('token=tok-a', { 'Last-Event-ID': 'abc' });
    const resync = await sse.waitForEvent((e) => e.event === 'resync', 'resync');
    expect(JSON.parse(resync.data)).toMatchObject({
      reason: 'unknown-event-id',
      lastEventId: 'abc',
    });
    expect(sse.messages()).toEqual([]);
  });
});

describe('stream tracking', () => {
  test('reports live streams per token with remote ports, and closed ones in the history', async () => {
    await start();
    const a = await stream('token=tok-a');
    const b = await stream('token=tok-b');
    await a.waitFor(isReady, 'a ready');
    await b.waitFor(isReady, 'b ready');
    const debug = await callJson<{
      live: number;
      liveByToken: Record<string, number>;
      streams: { remotePort: number }[];
    }>(server.url, 'GET', '/v1/debug/streams');
    expect(debug.body.live).toBe(2);
    expect(debug.body.liveByToken).toEqual({ 'tok-a': 1, 'tok-b': 1 });
    expect(debug.body.streams.map((s) => s.remotePort).sort()).toEqual(
      [a.localPort, b.localPort].sort(),
    );

    a.close();
    await waitUntil(() => server.stats().live === 1, 'one stream left');
    const after = await callJson<{
      live: number;
      history: { token: string; closeReason: string; closedAt: number }[];
    }>(server.url, 'GET', '/v1/debug/streams?token=tok-a');
    expect(after.body.history).toEqual([
      expect.objectContaining({
        token: 'tok-a',
        closeReason: 'client-closed',
        closedAt: expect.any(Number),
      }),
    ]);
  });

  test('serves 300 concurrent streams that all receive one broadcast, and closes them all', async () => {
    await start();
    const streams = await Promise.all(
      Array.from({ length: 300 }, (_, i) => stream(`token=tok-load-${i % 10}`)),
    );
    await waitUntil(() => server.stats().live === 300, '300 live streams', 10_000);
    expect(server.stats().liveByToken['tok-load-3']).toBe(30);
    server.broadcast('demo.load', { ok: true });
    await Promise.all(
      streams.map((s) => s.waitFor((c) => c.messages().length === 1, 'the broadcast', 10_000)),
    );
    expect(streams.every((s) => (s.messages()[0] as { ok: boolean }).ok)).toBe(true);

    await server.close();
    expect(server.stats().live).toBe(0);
    await Promise.all(streams.map((s) => s.waitFor((c) => c.ended, 'end of stream')));
  });

  test('close() ends open streams and resolves even with idle keep-alive connections', async () => {
    await start();
    const sse = await stream();
    await callJson(server.url, 'GET', '/v1/orders');
    await server.close();
    await sse.waitFor((c) => c.ended, 'stream end');
    expect(server.stats()).toMatchObject({ live: 0, totalStreams: 1 });
  });
});

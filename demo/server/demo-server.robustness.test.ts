import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
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

async function stream(token = 'tok-a', paused = false): Promise<SseTestConnection> {
  const connection = await openSse(`${server.url}/v1/events/sse?token=${token}`, {}, { paused });
  open.push(connection);
  return connection;
}

/** A raw request: node:http does not normalise the path (fetch would resolve `..`). */
function rawRequest(
  method: string,
  pathname: string,
  options: { headers?: Record<string, string | number>; body?: string } = {},
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const target = {
      host: '127.0.0.1',
      port: server.port,
      path: pathname,
      method,
      agent: false,
      headers: options.headers ?? {},
    };
    const req = request(target, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    // The server may close after answering an oversized upload; the answer is what the test checks.
    req.on('error', reject);
    req.end(options.body);
  });
}

/** Writes raw bytes on a fresh socket and returns everything read until the server closes it. */
function rawExchange(bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, '127.0.0.1', () => socket.write(bytes));
    let text = '';
    socket.on('data', (chunk) => (text += chunk.toString()));
    socket.on('close', () => resolve(text));
    socket.on('error', reject);
  });
}

const healthy = async (): Promise<boolean> =>
  (await callJson(server.url, 'GET', '/v1/health')).status === 200;

afterEach(async () => {
  for (const connection of open.splice(0)) connection.close();
  await server.close();
});

describe('bad requests get clear errors and the server keeps serving', () => {
  test('malformed JSON → 400 naming the problem', async () => {
    await start();
    const response = await callJson(server.url, 'POST', '/v1/orders', '{"customer": "Ada", amount');
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ error: expect.stringContaining('malformed JSON body') });
    expect(await healthy()).toBe(true);
  });

  test('a body over the limit → 413, on the same keep-alive connection as later requests', async () => {
    await start();
    const response = await callJson(server.url, 'POST', '/v1/orders', {
      customer: 'x'.repeat(100 * 1024),
      amount: 1,
    });
    expect(response.status).toBe(413);
    expect(response.body).toEqual({ error: 'request body exceeds 65536 bytes' });
    expect(await healthy()).toBe(true);
    expect(server.stats().orders).toBe(3);
  });

  test('a declared huge body is refused at once and the connection closed', async () => {
    await start();
    const reply = await rawExchange(
      'POST /v1/orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 52428800\r\n\r\n{"cust',
    );
    expect(reply).toMatch(/^HTTP\/1\.1 413 /);
    expect(reply).toContain('Connection: close');
    expect(reply).toContain('{"error":"request body exceeds 65536 bytes"}');
    expect(await healthy()).toBe(true);
  });

  test('unknown route → 404, wrong method → 405 with Allow', async () => {
    await start();
    expect(await callJson(server.url, 'GET', '/v1/nope')).toMatchObject({
      status: 404,
      body: { error: 'no route for GET /v1/nope' },
    });
    const wrongMethod = await callJson(server.url, 'PUT', '/v1/orders');
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('GET, POST');
    expect(wrongMethod.body).toEqual({ error: expect.stringContaining('PUT is not allowed') });
  });

  test('malformed URL escapes → 400; a //host path stays a path', async () => {
    await start();
    expect((await rawRequest('GET', '/v1/orders/%E0%A4%A')).status).toBe(400);
    expect((await rawRequest('GET', '//evil.example/v1/health')).status).toBe(404);
  });

  test('a garbage request line is answered 400 without disturbing the server', async () => {
    await start();
    expect(await rawExchange('NONSENSE\r\n\r\n')).toContain('400 Bad Request');
    expect(await healthy()).toBe(true);
  });

  test.each([
    [{ count: 0 }, '"count"'],
    [{ count: 10, size: -1 }, '"size"'],
    [{ count: 10, event: 'bad name\n' }, '"event"'],
  ])('POST /v1/burst %j → 400', async (body, message) => {
    await start();
    const response = await callJson(server.url, 'POST', '/v1/burst', body);
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ error: expect.stringContaining(message) });
  });
});

describe('broadcast and burst', () => {
  test('POST /v1/broadcast sends JSON or raw data (HTML stays text), on a named event if asked', async () => {
    await start();
    const sse = await stream();
    await sse.waitForEvent((e) => e.event === 'ready', 'ready');
    expect(
      (
        await callJson(server.url, 'POST', '/v1/broadcast', {
          type: 'demo.html',
          data: '<img src=x onerror=alert(1)>',
        })
      ).body,
    ).toEqual({
      id: 1,
      streams: 1,
    });
    await callJson(server.url, 'POST', '/v1/broadcast', {
      raw: '<b>bold</b>\nsecond line',
      event: 'custom',
    });
    await sse.waitFor((c) => c.events.filter((e) => e.id !== undefined).length === 2, 'two events');
    const [json, raw] = sse.events.filter((e) => e.id !== undefined);
    expect(JSON.parse(json?.data ?? '')).toEqual({
      type: 'demo.html',
      data: '<img src=x onerror=alert(1)>',
    });
    expect(raw).toMatchObject({ event: 'custom', data: '<b>bold</b>\nsecond line', id: '2' });
  });

  test('POST /v1/burst pushes count messages with consecutive ids', async () => {
    await start();
    const sse = await stream();
    await sse.waitForEvent((e) => e.event === 'ready', 'ready');
    const response = await callJson(server.url, 'POST', '/v1/burst', {
      count: 500,
      size: 8,
      event: 'tick',
    });
    expect(response.body).toMatchObject({ count: 500, firstId: 1, lastId: 500, streams: 1 });
    await sse.waitFor((c) => c.events.length === 501, '500 burst events');
    const ticks = sse.events.filter((e) => e.event === 'tick');
    expect(ticks.map((e) => Number(e.id))).toEqual(Array.from({ length: 500 }, (_, i) => i + 1));
    expect(JSON.parse(ticks[499]?.data ?? '')).toEqual({
      type: 'burst',
      seq: 499,
      pad: 'xxxxxxxx',
    });
  });

  test('a burst waits for a slow reader instead of buffering without bound', async () => {
    // 256 KB of allowed buffering vs 6.4 MB of burst: without waiting for 'drain' the stream
    // would be cut as a slow consumer.
    await start({ maxBufferedBytes: 256 * 1024 });
    const reader = await stream('tok-a', true);
    await waitUntil(() => server.stats().live === 1, 'the stream to be live');
    const burst = server.burst({ count: 400, size: 16 * 1024 });
    let burstDone = false;
    void burst.then(() => (burstDone = true));
    await waitUntil(() => server.stats().backpressureWaits > 0, 'the burst to wait for drain');
    expect(burstDone).toBe(false);

    reader.resume();
    expect(await burst).toMatchObject({ count: 400, lastId: 400 });
    await reader.waitFor((c) => c.events.length === 401, 'every burst message', 10_000);
    expect(reader.events.filter((e) => e.id !== undefined).map((e) => Number(e.id))).toEqual(
      Array.from({ length: 400 }, (_, i) => i + 1),
    );
    expect(server.stats().live).toBe(1);
  });

  test('a client that aborts mid-burst neither stalls the burst nor crashes the server', async () => {
    await start();
    const quitter = await stream('tok-quitter', true);
    const stayer = await stream('tok-stayer');
    await waitUntil(() => server.stats().live === 2, 'two live streams');
    const burst = server.burst({ count: 300, size: 16 * 1024 });
    await waitUntil(
      () => server.stats().backpressureWaits > 0,
      'the burst to block on the paused client',
    );
    quitter.close();
    expect(await burst).toMatchObject({ count: 300 });
    await stayer.waitFor((c) => c.events.length === 301, 'the stayer to get everything', 10_000);
    expect(server.stats().live).toBe(1);
    // Writes to the closed stream after the abort were no-ops.
    server.broadcast('demo.after', {});
    await stayer.waitFor((c) => c.events.length === 302, 'one more event');
    expect(await healthy()).toBe(true);
  });
});

describe('CORS', () => {
  test('answers a preflight allowing Last-Event-ID for the app origin', async () => {
    await start({ cors: true });
    const response = await rawRequest('OPTIONS', '/v1/events/sse?token=tok-a', {
      headers: {
        Origin: 'http://localhost:5173',
        'Access-Control-Request-Headers': 'last-event-id',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    expect(String(response.headers['access-control-allow-headers'])).toContain('Last-Event-ID');
  });

  test('adds the allow-origin header to the stream and API responses when on', async () => {
    await start({ cors: ['http://localhost:5173'] });
    const sse = await openSse(`${server.url}/v1/events/sse?token=tok-a`, {
      Origin: 'http://localhost:5173',
    });
    open.push(sse);
    expect(sse.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    const other = await callJson(server.url, 'GET', '/v1/orders', undefined, {
      Origin: 'http://evil.example',
    });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  test('sends no CORS headers when off', async () => {
    await start();
    const response = await callJson(server.url, 'GET', '/v1/orders', undefined, {
      Origin: 'http://localhost:5173',
    });
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('pages and static files', () => {
  let root: string;
  let staticDir: string;

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'demo-server-'));
    staticDir = path.join(root, 'public');
    await mkdir(path.join(staticDir, 'assets'), { recursive: true });
    await writeFile(path.join(staticDir, 'index.html'), '<!doctype html><title>app</title>');
    await writeFile(path.join(staticDir, 'assets', 'app.js'), 'console.log(1)');
    await writeFile(path.join(staticDir, '.env'), 'SECRET=1');
    await writeFile(path.join(root, 'secret.txt'), 'outside the root');
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  test('serves fixture pages as HTML', async () => {
    await start({ pages: { '/fixture': '<p>fixture</p>' } });
    const response = await fetch(`${server.url}/fixture`);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await response.text()).toBe('<p>fixture</p>');
  });

  test('serves files with their content type, and index.html for app routes', async () => {
    await start({ staticDir });
    const script = await fetch(`${server.url}/assets/app.js`);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).toBe('console.log(1)');
    expect(await (await fetch(`${server.url}/`)).text()).toContain('<title>app</title>');
    const route = await fetch(`${server.url}/dashboard/orders`, {
      headers: { Accept: 'text/html' },
    });
    expect(await route.text()).toContain('<title>app</title>');
    expect((await fetch(`${server.url}/assets/missing.js`)).status).toBe(404);
  });

  test.each(['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/.env'])(
    'refuses %s',
    async (pathname) => {
      await start({ staticDir });
      const response = await rawRequest('GET', pathname);
      expect(response.status).toBe(404);
      expect(response.body).not.toContain('outside the root');
      expect(response.body).not.toContain('SECRET');
    },
  );
});

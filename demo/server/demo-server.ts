/**
 * The demo SSE server: `GET /v1/events/sse`, a small orders API whose changes are broadcast to
 * every stream, fault injection, debug endpoints, static files. Plain `node:http`, no dependencies.
 * The routes and the event catalogue are documented in ./README.md.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { corsHeaders, preflightHeaders, type CorsSetting } from './cors';
import { createFaultController, parseFaultInput, type FaultInput, type FaultState } from './faults';
import { DEFAULT_BODY_LIMIT, HttpError, readJsonBody, sendError, sendJson } from './http-json';
import {
  createOrderStore,
  DEMO_ORDERS,
  describeOrderChange,
  parseNewOrder,
  parseOrderPatch,
  type NewOrder,
  type Order,
  type OrderChanges,
} from './orders';
import { handleSseRequest } from './sse-endpoint';
import { serveStatic } from './static-files';
import { createStreamHub, type HubStats } from './stream-hub';
import {
  findUnknownKey,
  isEventName,
  isNonNegativeInteger,
  isPlainObject,
  type ParseResult,
} from './validation';

export interface DemoServerOptions {
  /** Interface to listen on. Default '127.0.0.1' (never exposed beyond the machine by default). */
  readonly host?: string;
  /** Port; default 0 = an ephemeral port (read it back from `DemoServer.port`). */
  readonly port?: number;
  /** Interval of the shared `heartbeat` event; 0 disables it. Default 15000. */
  readonly heartbeatMs?: number;
  /** Which `?token=` values may open a stream. Default: /^tok-[A-Za-z0-9_-]{1,64}$/. */
  readonly validTokens?: (token: string) => boolean;
  /** Directory served for non-API GETs (e.g. the built admin app). */
  readonly staticDir?: string;
  /** Extra HTML routes, path → HTML (test fixtures). Checked before `staticDir`. */
  readonly pages?: Readonly<Record<string, string>>;
  /** Events kept for Last-Event-ID replay. Default 1000. */
  readonly replayLimit?: number;
  /** CORS: true reflects any Origin; a list allows only those. Default false. */
  readonly cors?: CorsSetting;
  /** The `retry:` sent at stream start (browser reconnect delay). Default 3000. */
  readonly retryMs?: number;
  /** Log sink; default silent. */
  readonly log?: (line: string) => void;
  /** Cap on request bodies in bytes. Default 64 KB. */
  readonly bodyLimit?: number;
  /** Cap on simultaneous sockets. Default 4096. */
  readonly maxConnections?: number;
  /** Unflushed bytes after which a stream counts as a slow consumer and is dropped. Default 4 MB. */
  readonly maxBufferedBytes?: number;
  /** Orders present at start. Default: three demo orders. */
  readonly seedOrders?: readonly NewOrder[];
  /** Clock for timestamps (tests inject one). Default Date.now. */
  readonly now?: () => number;
}

export interface DemoServerStats extends HubStats {
  readonly fault: FaultState;
  readonly orders: number;
  /** Times a burst paused for a full socket to drain (evidence that backpressure is respected). */
  readonly backpressureWaits: number;
}

export interface BurstInput {
  readonly count: number;
  /** Characters of padding in each message's data. Default 16. */
  readonly size?: number;
  /** SSE event name; omitted → default `message`. */
  readonly event?: string;
}

export interface BurstResult {
  readonly count: number;
  readonly firstId: number | null;
  readonly lastId: number | null;
  readonly streams: number;
  readonly durationMs: number;
}

export interface DemoServer {
  /** e.g. 'http://127.0.0.1:54321' */
  readonly url: string;
  readonly port: number;
  /** Stops listening and destroys every open stream and connection. Idempotent. */
  close(): Promise<void>;
  stats(): DemoServerStats;
  /**
   * Publishes a JSON event `{ type, ...payload }` (a non-object payload goes under `data`) with the
   * next event id, on `options.event` or the default `message` event. Returns the event id.
   */
  broadcast(type: string, payload?: unknown, options?: { event?: string }): number;
  /** Sets the fault applied to subsequent stream requests (throws TypeError on invalid input). */
  setFault(fault: FaultInput): FaultState;
  /** Destroys every live stream (a transient failure for the clients); returns how many. */
  dropAll(): number;
  /** Publishes `count` messages as fast as the slowest stream accepts them. */
  burst(input: BurstInput): Promise<BurstResult>;
}

export const DEFAULT_TOKEN_PATTERN = /^tok-[A-Za-z0-9_-]{1,64}$/;
const MAX_BURST_COUNT = 1_000_000;
const MAX_BURST_SIZE = 64 * 1024;
/** A burst yields to the event loop this often, so API requests are still answered during it. */
const BURST_YIELD_EVERY = 256;

type Handler = (ctx: RouteContext) => void | Promise<void>;
interface RouteContext {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly url: URL;
  readonly params: Readonly<Record<string, string>>;
  readonly headers: Record<string, string>;
}
interface Route {
  readonly pattern: string;
  readonly methods: Readonly<Partial<Record<string, Handler>>>;
}

function matchRoute(pattern: string, pathname: string): Record<string, string> | null {
  const want = pattern.split('/');
  const got = pathname.replace(/\/+$/, '').split('/');
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i] ?? '';
    const g = got[i] ?? '';
    if (w.startsWith(':')) {
      if (g === '') return null;
      try {
        params[w.slice(1)] = decodeURIComponent(g);
      } catch {
        // A malformed %-escape in an id is a bad request, not a crash.
        throw new HttpError(400, 'malformed URL path');
      }
    } else if (w !== g) {
      return null;
    }
  }
  return params;
}

function parseRequestUrl(raw: string | undefined): URL {
  // Prefix instead of using a base: a request for '//evil.example/x' must stay a path.
  if (raw === undefined || !raw.startsWith('/'))
    throw new HttpError(400, 'request target must be a path');
  try {
    return new URL(`http://demo.invalid${raw}`);
  } catch {
    // Unparseable targets are a client error worth a clear answer.
    throw new HttpError(400, 'malformed request URL');
  }
}

function withoutType(payload: Record<string, unknown>): Record<string, unknown> {
  const { type: _ignored, ...rest } = payload;
  return rest;
}

function valid<T>(result: ParseResult<T>): T {
  if (!result.ok) throw new HttpError(400, result.error);
  return result.value;
}

function parseBurstInput(body: unknown): ParseResult<BurstInput> {
  if (!isPlainObject(body))
    return { ok: false, error: 'expected a JSON object like {"count":1000,"size":64}' };
  const unknownKey = findUnknownKey(body, ['count', 'size', 'event']);
  if (unknownKey !== undefined) return { ok: false, error: `unknown field "${unknownKey}"` };
  const { count, size, event } = body;
  if (!isNonNegativeInteger(count, MAX_BURST_COUNT) || count < 1) {
    return { ok: false, error: `"count" must be an integer from 1 to ${MAX_BURST_COUNT}` };
  }
  if (size !== undefined && !isNonNegativeInteger(size, MAX_BURST_SIZE)) {
    return { ok: false, error: `"size" must be an integer from 0 to ${MAX_BURST_SIZE}` };
  }
  if (event !== undefined && !isEventName(event))
    return { ok: false, error: '"event" must be a plain event name' };
  return {
    ok: true,
    value: {
      count,
      ...(size === undefined ? {} : { size }),
      ...(event === undefined ? {} : { event }),
    },
  };
}

interface BroadcastInput {
  readonly event?: string;
  readonly data: string;
}

/** `{ type, data?, event? }` → JSON data; `{ raw, event? }` → the raw string as data, verbatim. */
function parseBroadcastInput(body: unknown): ParseResult<BroadcastInput> {
  if (!isPlainObject(body))
    return { ok: false, error: 'expected a JSON object like {"type":"demo","data":{}}' };
  const unknownKey = findUnknownKey(body, ['type', 'data', 'event', 'raw']);
  if (unknownKey !== undefined) return { ok: false, error: `unknown field "${unknownKey}"` };
  const { type, data, event, raw } = body;
  if (event !== undefined && !isEventName(event))
    return { ok: false, error: '"event" must be a plain event name' };
  const named = event === undefined ? {} : { event };
  if (raw !== undefined) {
    if (typeof raw !== 'string') return { ok: false, error: '"raw" must be a string' };
    if (type !== undefined || data !== undefined)
      return { ok: false, error: 'send either "raw" or "type"/"data", not both' };
    return { ok: true, value: { ...named, data: raw } };
  }
  if (typeof type !== 'string' || type === '' || type.length > 256) {
    return { ok: false, error: '"type" must be a non-empty string of at most 256 characters' };
  }
  return {
    ok: true,
    value: { ...named, data: JSON.stringify(data === undefined ? { type } : { type, data }) },
  };
}

export async function createDemoServer(options: DemoServerOptions = {}): Promise<DemoServer> {
  const now = options.now ?? Date.now;
  const log = options.log ?? (() => undefined);
  const cors = options.cors ?? false;
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const validToken = options.validTokens ?? ((token: string) => DEFAULT_TOKEN_PATTERN.test(token));
  const pages = new Map(Object.entries(options.pages ?? {}));
  const hub = createStreamHub({
    replayLimit: options.replayLimit ?? 1000,
    heartbeatMs: options.heartbeatMs ?? 15_000,
    historyLimit: 200,
    now,
  });
  const faults = createFaultController();
  const orders = createOrderStore({ now, seed: options.seedOrders ?? DEMO_ORDERS });
  let closing = false;
  let backpressureWaits = 0;

  const publishJson = (type: string, payload: unknown, event?: string): number => {
    // `type` first for readability on the wire; a `type` inside the payload cannot override it.
    const body = isPlainObject(payload)
      ? { type, ...withoutType(payload) }
      : payload === undefined
        ? { type }
        : { type, data: payload };
    return hub.publish({ data: JSON.stringify(body), ...(event === undefined ? {} : { event }) })
      .id;
  };

  /** Each order change = a JSON `message` event plus a named `notification` event (README). */
  const announce = (
    kind: 'created' | 'updated' | 'deleted',
    order: Order,
    changes?: OrderChanges,
  ): void => {
    publishJson(`order.${kind}`, changes === undefined ? { order } : { order, changes });
    publishJson(
      'notification',
      {
        level: kind === 'deleted' ? 'warning' : 'info',
        text: describeOrderChange(kind, order, changes),
        orderId: order.id,
      },
      'notification',
    );
  };

  const burst = async ({ count, size = 16, event }: BurstInput): Promise<BurstResult> => {
    const started = now();
    const pad = 'x'.repeat(size);
    let firstId: number | null = null;
    let lastId: number | null = null;
    let sent = 0;
    for (let seq = 0; seq < count && !closing; seq++) {
      const data = `{"type":"burst","seq":${seq},"pad":"${pad}"}`;
      const { id, congested } = hub.publish({ data, ...(event === undefined ? {} : { event }) });
      firstId ??= id;
      lastId = id;
      sent++;
      // Backpressure: wait for every full socket to drain instead of buffering without bound.
      if (congested.length > 0) {
        backpressureWaits++;
        await Promise.all(congested.map((stream) => stream.whenWritable()));
      } else if (seq % BURST_YIELD_EVERY === BURST_YIELD_EVERY - 1)
        await new Promise((resolve) => setImmediate(resolve));
    }
    return { count: sent, firstId, lastId, streams: hub.stats().live, durationMs: now() - started };
  };

  const readBody = (req: IncomingMessage): Promise<unknown> => readJsonBody(req, bodyLimit);

  const routes: readonly Route[] = [
    {
      pattern: '/v1/events/sse',
      methods: {
        GET: ({ req, res, url }) =>
          handleSseRequest(req, res, url, {
            hub,
            faults,
            validToken,
            retryMs: options.retryMs ?? 3000,
            now,
            log,
            maxBufferedBytes: options.maxBufferedBytes ?? 4 * 1024 * 1024,
            extraHeaders: (r) => corsHeaders(r, cors),
          }),
      },
    },
    {
      pattern: '/v1/debug/streams',
      methods: {
        GET: ({ res, url, headers }) => {
          const token = url.searchParams.get('token') ?? undefined;
          const { live, history } = hub.snapshot(token === undefined ? {} : { token });
          sendJson(res, 200, { ...server.stats(), streams: live, history }, headers);
        },
      },
    },
    {
      pattern: '/v1/health',
      methods: { GET: ({ res, headers }) => sendJson(res, 200, { ok: true }, headers) },
    },
    {
      pattern: '/v1/orders',
      methods: {
        GET: ({ res, headers }) => sendJson(res, 200, { orders: orders.list() }, headers),
        POST: async ({ req, res, headers }) => {
          const order = orders.create(valid(parseNewOrder(await readBody(req))));
          announce('created', order);
          sendJson(res, 201, { order }, headers);
        },
      },
    },
    {
      pattern: '/v1/orders/:id',
      methods: {
        GET: ({ res, params, headers }) => {
          const order = orders.get(params.id ?? '');
          if (order === undefined) throw new HttpError(404, `no order "${params.id}"`);
          sendJson(res, 200, { order }, headers);
        },
        PATCH: async ({ req, res, params, headers }) => {
          const patch = valid(parseOrderPatch(await readBody(req)));
          const result = orders.update(params.id ?? '', patch);
          if (result === undefined) throw new HttpError(404, `no order "${params.id}"`);
          announce('updated', result.order, result.changes);
          sendJson(res, 200, result, headers);
        },
        DELETE: ({ res, params, headers }) => {
          const order = orders.remove(params.id ?? '');
          if (order === undefined) throw new HttpError(404, `no order "${params.id}"`);
          announce('deleted', order);
          sendJson(res, 200, { order }, headers);
        },
      },
    },
    {
      pattern: '/v1/faults',
      methods: {
        GET: ({ res, headers }) => sendJson(res, 200, { fault: faults.current() }, headers),
        POST: async ({ req, res, headers }) => {
          const fault = faults.set(valid(parseFaultInput(await readBody(req))));
          log(`fault set: ${JSON.stringify(fault)}`);
          sendJson(res, 200, { fault }, headers);
        },
      },
    },
    {
      pattern: '/v1/faults/drop-all',
      methods: {
        POST: ({ res, headers }) => sendJson(res, 200, { dropped: server.dropAll() }, headers),
      },
    },
    {
      pattern: '/v1/broadcast',
      methods: {
        POST: async ({ req, res, headers }) => {
          const input = valid(parseBroadcastInput(await readBody(req)));
          const { id } = hub.publish(input);
          sendJson(res, 200, { id, streams: hub.stats().live }, headers);
        },
      },
    },
    {
      pattern: '/v1/burst',
      methods: {
        POST: async ({ req, res, headers }) => {
          const result = await burst(valid(parseBurstInput(await readBody(req))));
          sendJson(res, 200, result, headers);
        },
      },
    },
  ];

  const serveNonApi = async ({ req, res, url, headers }: RouteContext): Promise<boolean> => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const page = pages.get(url.pathname);
    if (page !== undefined) {
      res.writeHead(200, {
        ...headers,
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Length': Buffer.byteLength(page),
        'Cache-Control': 'no-store',
      });
      res.end(req.method === 'HEAD' ? undefined : page);
      return true;
    }
    if (options.staticDir !== undefined && !url.pathname.startsWith('/v1/')) {
      if (await serveStatic(req, res, options.staticDir, url.pathname, headers)) return true;
    }
    if (url.pathname === '/') {
      sendJson(
        res,
        200,
        {
          name: 'sse-devtools demo server',
          routes: routes.map((r) => `${Object.keys(r.methods).join('|')} ${r.pattern}`),
        },
        headers,
      );
      return true;
    }
    return false;
  };

  const dispatch = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = parseRequestUrl(req.url);
    const method = req.method ?? 'GET';
    if (method === 'OPTIONS') {
      const preflight = preflightHeaders(req, cors);
      if (preflight !== null) {
        res.writeHead(204, preflight).end();
        return;
      }
    }
    const headers = corsHeaders(req, cors);
    for (const route of routes) {
      const params = matchRoute(route.pattern, url.pathname);
      if (params === null) continue;
      const handler = route.methods[method];
      if (handler === undefined) {
        const allow = Object.keys(route.methods).join(', ');
        throw new HttpError(
          405,
          `${method} is not allowed on ${route.pattern} (allowed: ${allow})`,
          { ...headers, Allow: allow },
        );
      }
      await handler({ req, res, url, params, headers });
      return;
    }
    if (await serveNonApi({ req, res, url, params: {}, headers })) return;
    throw new HttpError(404, `no route for ${method} ${url.pathname}`, headers);
  };

  const httpServer = createServer(
    { keepAliveTimeout: 5_000, headersTimeout: 10_000 },
    (req, res) => {
      dispatch(req, res).catch((error: unknown) => {
        if (error instanceof HttpError) {
          sendError(res, error.status, error.message, {
            ...corsHeaders(req, cors),
            ...error.headers,
          });
          return;
        }
        log(
          `error on ${req.method} ${req.url}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        );
        if (res.headersSent) res.destroy();
        else sendError(res, 500, 'internal error', corsHeaders(req, cors));
      });
    },
  );
  httpServer.maxConnections = options.maxConnections ?? 4096;
  // Sockets that error before a request is parsed: answer 400 where possible, never crash.
  httpServer.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (error.code !== 'ECONNRESET' && socket.writable)
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port ?? 0, host, () => {
      httpServer.off('error', reject);
      resolve();
    });
  });
  const port = (httpServer.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  let closed: Promise<void> | undefined;

  const server: DemoServer = {
    url: `http://${urlHost}:${port}`,
    port,
    close() {
      closed ??= new Promise<void>((resolve) => {
        closing = true;
        hub.stop();
        httpServer.close(() => resolve());
        // Keep-alive sockets of ordinary requests would hold close() open for keepAliveTimeout.
        httpServer.closeAllConnections();
      });
      return closed;
    },
    stats: () => ({
      ...hub.stats(),
      fault: faults.current(),
      orders: orders.list().length,
      backpressureWaits,
    }),
    broadcast: (type, payload, broadcastOptions = {}) => {
      if (broadcastOptions.event !== undefined && !isEventName(broadcastOptions.event)) {
        throw new TypeError(`invalid event name: ${broadcastOptions.event}`);
      }
      return publishJson(type, payload, broadcastOptions.event);
    },
    setFault(fault) {
      const parsed = parseFaultInput(fault);
      if (!parsed.ok) throw new TypeError(`invalid fault: ${parsed.error}`);
      return faults.set(parsed.value);
    },
    dropAll() {
      const dropped = hub.destroyAll('drop-all');
      log(`drop-all: ${dropped} stream(s) destroyed`);
      return dropped;
    },
    burst,
  };
  log(`demo server listening on ${server.url}`);
  return server;
}

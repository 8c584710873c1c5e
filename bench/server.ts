/**
 * A minimal, fast SSE source for benchmarks (127.0.0.1, ephemeral port). Separate from the demo
 * server on purpose: benchmarks need a stream whose own cost is as close to zero as possible.
 *   GET /bench.html            the benchmark page (functions on window, see page.ts)
 *   GET /stream?n=N&size=S     N small JSON messages as fast as the socket takes them, then idles
 *   GET /fail                  500 (a terminal EventSource failure)
 *   GET /plain                 a small JSON body (a fetch() the hook must not read)
 *   GET /empty.html[?coi]      an empty page (bystander.ts: a page without SSE); coi: isolated
 *   GET /frames.html?n=N[&coi] N iframes of /empty.html[?coi] (bystander.ts: install cost per frame)
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { BENCH_PAGE } from './page';

export interface BenchServer {
  readonly url: string;
  close(): Promise<void>;
}

/** Messages per write (and per cached buffer). */
const CHUNK = 2000;
/** Bodies built so far, by `n:size`: a figure asks for the same stream in every run. */
const bodies = new Map<string, Buffer[]>();
const BODIES_KEPT = 8;

/**
 * The body of `/stream?n&size`, built once: building 200 000 messages' strings took the server
 * tens of milliseconds of CPU (and GC) in every run, on the same two cores as the browsers it
 * measures.
 */
function bodyOf(n: number, size: number): Buffer[] {
  const key = `${n}:${size}`;
  let body = bodies.get(key);
  if (body) return body;
  const pad = 'x'.repeat(Math.max(0, size));
  body = [];
  for (let i = 0; i < n;) {
    let chunk = '';
    const end = Math.min(n, i + CHUNK);
    for (; i < end; i++) chunk += `data: {"i":${i},"v":"${pad}"}\n\n`;
    body.push(Buffer.from(chunk));
  }
  if (bodies.size >= BODIES_KEPT) bodies.delete(bodies.keys().next().value as string);
  bodies.set(key, body);
  return body;
}

function streamMessages(res: http.ServerResponse, n: number, size: number): void {
  res.writeHead(200, {
    'Content-Type': 'text/event-stream',
    'Cache-Control': 'no-cache',
    Connection: 'keep-alive',
  });
  const body = bodyOf(n, size);
  let i = 0;
  const writeMore = (): void => {
    while (i < body.length) {
      if (!res.write(body[i++])) {
        res.once('drain', writeMore);
        return;
      }
    }
  };
  writeMore();
}

export async function startBenchServer(): Promise<BenchServer> {
  const sockets = new Set<import('node:net').Socket>();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/bench.html') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(BENCH_PAGE);
    } else if (url.pathname === '/stream') {
      streamMessages(
        res,
        Number(url.searchParams.get('n') ?? 1000),
        Number(url.searchParams.get('size') ?? 8),
      );
    } else if (url.pathname === '/empty.html' || url.pathname === '/frames.html') {
      const n = url.pathname === '/empty.html' ? 0 : Number(url.searchParams.get('n') ?? 50);
      // ?coi: cross-origin isolated, so performance.now() ticks in 5 µs (bystander.ts times in-page).
      const isolated = url.searchParams.has('coi')
        ? {
            'Cross-Origin-Opener-Policy': 'same-origin',
            'Cross-Origin-Embedder-Policy': 'require-corp',
          }
        : {};
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', ...isolated });
      res.end(
        `<!doctype html><title>bystander</title>${(url.searchParams.has('coi') ? '<iframe src="/empty.html?coi"></iframe>' : '<iframe src="/empty.html"></iframe>').repeat(n)}`,
      );
    } else if (url.pathname === '/plain') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"ok":true}');
    } else if (url.pathname === '/fail') {
      res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end('fail');
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.setNoDelay(true);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

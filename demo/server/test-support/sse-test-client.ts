/**
 * A real SSE client for tests: one `node:http` request per stream (its own socket, `agent: false`),
 * parsed like a browser would, with condition-based waits instead of sleeps. Test support only.
 */
import { request, type IncomingHttpHeaders } from 'node:http';
import { createSseParser, type ParsedSseEvent } from './sse-parser';

export interface SseTestConnection {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  /** Everything received so far, raw. */
  readonly text: string;
  readonly events: readonly ParsedSseEvent[];
  readonly comments: readonly string[];
  readonly retry: number | null;
  /** The response ended or the socket closed. */
  readonly ended: boolean;
  readonly localPort: number | undefined;
  /** Resolves when `predicate` holds (checked on every chunk and at end); rejects after `timeoutMs`. */
  waitFor(
    predicate: (connection: SseTestConnection) => boolean,
    what: string,
    timeoutMs?: number,
  ): Promise<void>;
  /** The first event (already received or arriving) that matches. */
  waitForEvent(
    predicate: (event: ParsedSseEvent) => boolean,
    what: string,
    timeoutMs?: number,
  ): Promise<ParsedSseEvent>;
  /** JSON payloads of default `message` events, in order. */
  messages(): unknown[];
  /** Starts reading a connection opened with `paused: true`. */
  resume(): void;
  close(): void;
}

const DEFAULT_WAIT_MS = 5000;

export interface OpenSseOptions {
  /** Do not read the body until `resume()`: lets the socket fill up, to test backpressure. */
  readonly paused?: boolean;
}

export function openSse(
  url: string,
  headers: Record<string, string> = {},
  options: OpenSseOptions = {},
): Promise<SseTestConnection> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { agent: false, headers: { Accept: 'text/event-stream', ...headers } },
      (res) => {
        const parser = createSseParser();
        let text = '';
        let ended = false;
        const waiters = new Set<() => void>();
        const notify = (): void => {
          for (const waiter of [...waiters]) waiter();
        };
        res.setEncoding('utf8');
        // Attaching a 'data' listener starts the flow; a paused connection reads nothing until resume().
        let reading = false;
        const startReading = (): void => {
          if (reading) return;
          reading = true;
          res.on('data', (chunk: string) => {
            text += chunk;
            parser.push(chunk);
            notify();
          });
        };
        if (!options.paused) startReading();
        const markEnded = (): void => {
          ended = true;
          notify();
        };
        res.on('end', markEnded);
        res.on('close', markEnded);
        // A destroyed socket (drop faults, server close) errors the response; `ended` reports it.
        res.on('error', markEnded);

        const connection: SseTestConnection = {
          status: res.statusCode ?? 0,
          headers: res.headers,
          get text() {
            return text;
          },
          events: parser.events,
          comments: parser.comments,
          get retry() {
            return parser.retry;
          },
          get ended() {
            return ended;
          },
          localPort: req.socket?.localPort,
          waitFor(predicate, what, timeoutMs = DEFAULT_WAIT_MS) {
            return new Promise((resolveWait, rejectWait) => {
              const check = (): void => {
                if (!predicate(connection)) return;
                waiters.delete(check);
                clearTimeout(timer);
                resolveWait();
              };
              const timer = setTimeout(() => {
                waiters.delete(check);
                rejectWait(
                  new Error(
                    `timed out after ${timeoutMs} ms waiting for ${what}; received:\n${text.slice(-2000)}`,
                  ),
                );
              }, timeoutMs);
              waiters.add(check);
              check();
            });
          },
          async waitForEvent(predicate, what, timeoutMs) {
            await connection.waitFor((c) => c.events.some(predicate), what, timeoutMs);
            return connection.events.find(predicate) as ParsedSseEvent;
          },
          messages: () =>
            parser.events
              .filter((e) => e.event === 'message')
              .map((e) => JSON.parse(e.data) as unknown),
          resume: startReading,
          close() {
            req.destroy();
            res.destroy();
          },
        };
        resolve(connection);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** Polls a server-side condition (e.g. `stats().live`) until it holds. */
export async function waitUntil(
  predicate: () => boolean,
  what: string,
  timeoutMs = DEFAULT_WAIT_MS,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export interface JsonResponse<T = Record<string, unknown>> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
}

/** A JSON API call with fetch; `body` strings are sent verbatim (to test malformed input). */
export async function callJson<T = Record<string, unknown>>(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<JsonResponse<T>> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: (text === '' ? {} : JSON.parse(text)) as T,
  };
}

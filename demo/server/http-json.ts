/**
 * JSON in and out over plain `node:http`, with the caps and error shapes every route shares.
 * Errors are `{ "error": "…" }` with a 4xx/5xx status; nothing here throws past the dispatcher.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** An error that maps to an HTTP response; anything else thrown by a route is a 500. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** Default cap on request bodies. Orders and fault settings are tiny; 64 KB leaves room for tests. */
export const DEFAULT_BODY_LIMIT = 64 * 1024;

/**
 * Past this many bytes an oversized body is no longer drained: the connection is closed instead.
 * Draining (rather than closing at once) is what lets a client that is still sending read the 413.
 */
const MAX_DRAIN_BYTES = 16 * 1024 * 1024;

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): void {
  if (res.headersSent || res.destroyed || res.writableEnded) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
  });
  res.end(text);
}

export function sendError(
  res: ServerResponse,
  status: number,
  message: string,
  headers: Readonly<Record<string, string>> = {},
): void {
  sendJson(res, status, { error: message }, headers);
}

/**
 * Reads and parses a JSON body. An empty body reads as `undefined` (the route decides whether that
 * is allowed). Rejects with HttpError 413 past `limit` bytes and 400 on malformed JSON.
 */
export function readJsonBody(req: IncomingMessage, limit = DEFAULT_BODY_LIMIT): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > MAX_DRAIN_BYTES) {
      reject(tooLarge(limit, { Connection: 'close' }));
      return;
    }
    const chunks: Buffer[] = [];
    let received = 0;
    let settled = false;

    const settle = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      outcome();
    };

    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > MAX_DRAIN_BYTES) {
        req.pause();
        settle(() => reject(tooLarge(limit, { Connection: 'close' })));
        return;
      }
      // Past the limit keep reading (and dropping) so the 413 can be sent once the client is done.
      if (received <= limit) chunks.push(chunk);
    });
    req.on('end', () => {
      if (received > limit) {
        settle(() => reject(tooLarge(limit)));
        return;
      }
      const text = Buffer.concat(chunks).toString('utf8');
      if (text.trim() === '') {
        settle(() => resolve(undefined));
        return;
      }
      try {
        const parsed: unknown = JSON.parse(text);
        settle(() => resolve(parsed));
      } catch (error) {
        const detail = error instanceof Error ? error.message : String(error);
        settle(() => reject(new HttpError(400, `malformed JSON body: ${detail}`)));
      }
    });
    // 'aborted' / 'error': the client went away; there is nobody to answer, but the promise must settle.
    req.on('error', (error) =>
      settle(() => reject(new HttpError(400, `request body failed: ${error.message}`))),
    );
    req.on('aborted', () =>
      settle(() => reject(new HttpError(400, 'request aborted while sending the body'))),
    );
  });
}

function tooLarge(limit: number, headers: Record<string, string> = {}): HttpError {
  return new HttpError(413, `request body exceeds ${limit} bytes`, headers);
}

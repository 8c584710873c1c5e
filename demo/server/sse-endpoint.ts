/**
 * `GET /v1/events/sse?token=…` — authenticates, applies the injected fault (if any), replays what
 * a reconnecting client missed, then keeps the stream live until someone closes it.
 *
 * Order matters: the replay is written and the stream registered in the same tick, so no event
 * published meanwhile can fall between "replayed" and "live".
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AppliedFault, FaultController } from './faults';
import { sendError } from './http-json';
import { formatSseComment, formatSseEvent, formatSseRetry } from './sse-frame';
import { createSseStream, type StreamMode } from './sse-stream';
import type { StreamHub } from './stream-hub';

export interface SseEndpointOptions {
  readonly hub: StreamHub;
  readonly faults: FaultController;
  readonly validToken: (token: string) => boolean;
  readonly retryMs: number;
  readonly now: () => number;
  readonly log: (line: string) => void;
  readonly maxBufferedBytes: number;
  /** Headers every response carries (CORS). */
  readonly extraHeaders: (req: IncomingMessage) => Record<string, string>;
}

/** Unflushed-frame cap for `slow` streams before they count as a slow consumer. */
const MAX_SLOW_QUEUE = 10_000;

/** Last-Event-ID from the header (what browsers send) or `?lastEventId=` (manual resumption). */
export function readLastEventId(
  req: IncomingMessage,
  url: URL,
): { value: number | null; raw: string | null } {
  const header = req.headers['last-event-id'];
  const raw = (Array.isArray(header) ? header[0] : header) ?? url.searchParams.get('lastEventId');
  if (raw === undefined || raw === null || raw.trim() === '') return { value: null, raw: null };
  // Our ids are decimal integers; anything else is another server's id and cannot be replayed.
  return { value: /^\d{1,15}$/.test(raw.trim()) ? Number(raw.trim()) : null, raw };
}

function readToken(req: IncomingMessage, url: URL): string | null {
  const fromQuery = url.searchParams.get('token');
  if (fromQuery !== null && fromQuery !== '') return fromQuery;
  // EventSource cannot send headers, but curl and fetch-based clients can.
  const auth = req.headers.authorization;
  const match = auth === undefined ? null : /^Bearer\s+(\S+)$/i.exec(auth);
  return match?.[1] ?? null;
}

export function handleSseRequest(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  options: SseEndpointOptions,
): void {
  const { hub, faults, log } = options;
  const cors = options.extraHeaders(req);
  const reject = (status: number, message: string): void => {
    hub.countRequest(false);
    sendError(res, status, message, {
      ...cors,
      ...(status === 401 ? { 'WWW-Authenticate': 'Bearer' } : {}),
    });
  };

  const token = readToken(req, url);
  if (token === null) return reject(401, 'missing token: pass ?token=…');
  if (!options.validToken(token)) return reject(401, 'invalid token');

  const fault = faults.take();
  if (fault.mode !== 'none') log(`sse fault ${fault.mode} for token=${token}`);
  switch (fault.mode) {
    case 'unauthorized':
      return reject(401, 'token rejected (injected fault: unauthorized)');
    case 'status500':
      return reject(500, 'internal server error (injected fault: status500)');
    case 'status204':
      hub.countRequest(false);
      res.writeHead(204, cors).end();
      return;
    case 'wrongContentType': {
      hub.countRequest(false);
      const body = 'data: this is not an event stream (injected fault: wrongContentType)\n\n';
      res.writeHead(200, {
        ...cors,
        'Content-Type': 'text/plain; charset=utf-8',
        'Content-Length': Buffer.byteLength(body),
      });
      res.end(body);
      return;
    }
    default:
      openStream(req, res, url, token, fault, cors, options);
  }
}

function openStream(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  token: string,
  fault: AppliedFault,
  cors: Record<string, string>,
  options: SseEndpointOptions,
): void {
  const { hub, now, log } = options;
  const socket = req.socket;
  if (res.destroyed || socket.destroyed) {
    // The client left before we could answer; registering it would leave a ghost "live" stream.
    hub.countRequest(false);
    return;
  }
  hub.countRequest(true);
  const mode: StreamMode =
    fault.mode === 'stall' ? 'stall' : fault.mode === 'slow' ? 'slow' : 'live';
  const lastEventId = readLastEventId(req, url);
  // Small frames must leave now, not when Nagle decides; SSE streams idle, so keep TCP probing.
  socket.setNoDelay(true);
  socket.setKeepAlive(true, 30_000);
  socket.setTimeout(0);

  const stream = createSseStream({
    res,
    id: hub.nextStreamId(),
    token,
    mode,
    remoteAddress: socket.remoteAddress ?? null,
    remotePort: socket.remotePort ?? null,
    openedAt: now(),
    resumedFrom: lastEventId.value,
    now,
    delayMs: fault.delayMs,
    maxBufferedBytes: options.maxBufferedBytes,
    maxQueuedFrames: MAX_SLOW_QUEUE,
    onClose: (closed, reason) => {
      hub.closed(closed);
      log(
        `sse stream#${closed.id} closed (${reason}) token=${closed.token} frames=${closed.framesSent}`,
      );
    },
  });

  res.writeHead(200, {
    ...cors,
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache, no-transform',
    Connection: 'keep-alive',
    // Tells reverse proxies (nginx) not to buffer the stream.
    'X-Accel-Buffering': 'no',
    'X-Stream-Id': String(stream.id),
  });
  res.flushHeaders();
  hub.add(stream);
  log(
    `sse stream#${stream.id} open (${mode}) token=${token} port=${String(stream.remotePort)} lastEventId=${lastEventId.raw ?? '-'}`,
  );
  if (mode === 'stall') return; // Headers only, then silence: that is the whole fault.

  // The preamble is written directly even in slow mode: only events are delayed.
  stream.sendNow(formatSseRetry(options.retryMs) + formatSseComment(`stream ${stream.id} open`));
  let replayed = 0;
  if (lastEventId.raw !== null) {
    const replay = lastEventId.value === null ? null : hub.replay(lastEventId.value);
    for (const frame of replay?.frames ?? []) stream.send(frame);
    replayed = replay?.frames.length ?? 0;
    if (replay === null || replay.kind === 'gap') {
      // The client holds state we can no longer bring up to date: tell it to refetch.
      stream.send(
        formatSseEvent({
          event: 'resync',
          data: JSON.stringify({
            type: 'resync',
            reason: replay === null ? 'unknown-event-id' : 'replay-gap',
            lastEventId: lastEventId.raw,
            oldestAvailableId: replay?.kind === 'gap' ? replay.oldestId : null,
            newestId: hub.lastEventId(),
          }),
        }),
      );
    }
  }
  stream.send(
    formatSseEvent({
      event: 'ready',
      data: JSON.stringify({
        type: 'ready',
        streamId: stream.id,
        replayed,
        lastEventId: hub.lastEventId(),
      }),
    }),
  );
  if (fault.mode === 'drop') stream.destroyAfter(fault.delayMs, 'fault-drop');
}

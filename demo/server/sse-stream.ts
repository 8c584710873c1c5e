/**
 * One open `text/event-stream` response: writes frames, tracks what it sent, and closes exactly
 * once whoever ends it (client abort, drop-all, fault, server close, slow consumer).
 *
 * Writes after close are no-ops by design: broadcasts race with disconnects all the time and a
 * late write must neither throw nor resurrect the stream.
 */
import type { ServerResponse } from 'node:http';

export type StreamCloseReason =
  'client-closed' | 'drop-all' | 'fault-drop' | 'server-close' | 'slow-consumer' | 'error';

/** `live`: normal; `stall`: headers only, receives nothing; `slow`: every frame delayed. */
export type StreamMode = 'live' | 'stall' | 'slow';

export interface StreamInfo {
  readonly id: number;
  readonly token: string;
  readonly mode: StreamMode;
  readonly remoteAddress: string | null;
  readonly remotePort: number | null;
  readonly openedAt: number;
  /** Last-Event-ID the client reconnected with, if any. */
  readonly resumedFrom: number | null;
}

export interface SseStream extends StreamInfo {
  readonly closed: boolean;
  readonly closeReason: StreamCloseReason | null;
  readonly closedAt: number | null;
  readonly framesSent: number;
  readonly bytesSent: number;
  /** Writes a frame (or queues it, in slow mode). false = the socket buffer is full: await `whenWritable`. */
  send(frame: string): boolean;
  /** Writes immediately, bypassing the slow-mode queue (the stream preamble). */
  sendNow(frame: string): boolean;
  /** Resolves once the socket buffer has drained, or the stream closed. */
  whenWritable(): Promise<void>;
  /** Destroys the socket after `delayMs` (used by the `drop` fault). */
  destroyAfter(delayMs: number, reason: StreamCloseReason): void;
  destroy(reason: StreamCloseReason): void;
}

export interface SseStreamOptions extends StreamInfo {
  readonly res: ServerResponse;
  readonly now: () => number;
  /** Slow mode: delay before each frame. */
  readonly delayMs: number;
  /** Past this many unflushed bytes the client is too slow to keep: the stream is destroyed. */
  readonly maxBufferedBytes: number;
  /** Slow mode: past this many queued frames the stream is destroyed. */
  readonly maxQueuedFrames: number;
  readonly onClose: (stream: SseStream, reason: StreamCloseReason) => void;
}

export function createSseStream(options: SseStreamOptions): SseStream {
  const { res, now, delayMs, maxBufferedBytes, maxQueuedFrames, onClose } = options;
  let closeReason: StreamCloseReason | null = null;
  let closedAt: number | null = null;
  let framesSent = 0;
  let bytesSent = 0;
  // Only the slow and drop faults use per-stream timers; normal streams share the hub's heartbeat.
  let slowTimer: NodeJS.Timeout | undefined;
  let dropTimer: NodeJS.Timeout | undefined;
  const slowQueue: string[] = [];

  const isWritable = (): boolean => closeReason === null && !res.destroyed && !res.writableEnded;

  const finish = (reason: StreamCloseReason): void => {
    if (closeReason !== null) return;
    closeReason = reason;
    closedAt = now();
    clearTimeout(slowTimer);
    clearTimeout(dropTimer);
    slowQueue.length = 0;
    onClose(stream, reason);
  };

  const writeNow = (frame: string): boolean => {
    if (!isWritable()) return true;
    const flushed = res.write(frame);
    framesSent++;
    bytesSent += Buffer.byteLength(frame);
    if (res.writableLength > maxBufferedBytes) {
      stream.destroy('slow-consumer');
      return true;
    }
    return flushed;
  };

  const pumpSlowQueue = (): void => {
    if (slowTimer !== undefined || slowQueue.length === 0 || !isWritable()) return;
    slowTimer = setTimeout(() => {
      slowTimer = undefined;
      const frame = slowQueue.shift();
      if (frame !== undefined) writeNow(frame);
      pumpSlowQueue();
    }, delayMs);
  };

  const stream: SseStream = {
    id: options.id,
    token: options.token,
    mode: options.mode,
    remoteAddress: options.remoteAddress,
    remotePort: options.remotePort,
    openedAt: options.openedAt,
    resumedFrom: options.resumedFrom,
    get closed() {
      return closeReason !== null;
    },
    get closeReason() {
      return closeReason;
    },
    get closedAt() {
      return closedAt;
    },
    get framesSent() {
      return framesSent;
    },
    get bytesSent() {
      return bytesSent;
    },
    send(frame) {
      if (options.mode === 'stall' || !isWritable()) return true;
      if (options.mode === 'slow') {
        if (slowQueue.length >= maxQueuedFrames) {
          stream.destroy('slow-consumer');
          return true;
        }
        slowQueue.push(frame);
        pumpSlowQueue();
        return true;
      }
      return writeNow(frame);
    },
    sendNow: (frame) => (options.mode === 'stall' ? true : writeNow(frame)),
    whenWritable() {
      if (!isWritable() || !res.writableNeedDrain) return Promise.resolve();
      return new Promise((resolve) => {
        const done = (): void => {
          res.off('drain', done);
          res.off('close', done);
          resolve();
        };
        res.on('drain', done);
        res.on('close', done);
      });
    },
    destroyAfter(ms, reason) {
      if (!isWritable()) return;
      clearTimeout(dropTimer);
      dropTimer = setTimeout(() => stream.destroy(reason), ms);
    },
    destroy(reason) {
      if (closeReason !== null) return;
      finish(reason);
      res.destroy();
    },
  };

  res.on('close', () => finish('client-closed'));
  // A socket error surfaces here after headers were sent; 'close' follows and does the bookkeeping.
  res.on('error', () => finish('error'));
  return stream;
}

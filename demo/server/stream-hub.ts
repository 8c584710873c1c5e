/**
 * Every open SSE stream of one server: fan-out of events, the shared heartbeat, the replay log,
 * and the bookkeeping behind `stats()` and `GET /v1/debug/streams` ("exactly one live connection").
 *
 * One shared heartbeat interval for all streams (never a timer per stream), so hundreds of
 * streams cost one timer.
 */
import { createEventLog, type ReplayResult } from './event-log';
import { formatSseEvent } from './sse-frame';
import type { SseStream, StreamCloseReason, StreamInfo } from './sse-stream';

/** A stream as history keeps it: its identity and final counters, without the socket. */
export type StreamSummary = StreamInfo &
  Pick<SseStream, 'closedAt' | 'closeReason' | 'framesSent' | 'bytesSent'>;

export interface HubStats {
  /** Streams open right now (stalled ones included: they hold a connection). */
  readonly live: number;
  /** Streams ever accepted (status 200 text/event-stream). */
  readonly totalStreams: number;
  /** Stream requests ever received, accepted or not. */
  readonly totalRequests: number;
  /** Stream requests answered with an error status (bad token or an injected fault). */
  readonly rejectedRequests: number;
  readonly liveByToken: Readonly<Record<string, number>>;
  /** Id of the newest event published (0 before the first); ids are consecutive, so also a count. */
  readonly lastEventId: number;
}

export interface PublishInput {
  /** SSE event name; omitted → default `message`. */
  readonly event?: string;
  readonly data: string;
}

export interface StreamHub {
  /** Assigns the next event id, logs the frame for replay and writes it to every live stream. */
  publish(input: PublishInput): { id: number; congested: SseStream[] };
  /** Frames a client reconnecting with `lastEventId` missed. */
  replay(lastEventId: number): ReplayResult;
  /** Id of the newest event published (0 before the first). */
  lastEventId(): number;
  nextStreamId(): number;
  add(stream: SseStream): void;
  /** Called by a stream when it closes, whatever the reason. */
  closed(stream: SseStream): void;
  countRequest(accepted: boolean): void;
  /** Destroys every open stream; returns how many. */
  destroyAll(reason: StreamCloseReason): number;
  stats(): HubStats;
  snapshot(filter?: { token?: string }): {
    live: StreamSummary[];
    history: StreamSummary[];
  };
  /** Stops the heartbeat and destroys all streams. */
  stop(): void;
}

export interface StreamHubOptions {
  readonly replayLimit: number;
  readonly heartbeatMs: number;
  readonly historyLimit: number;
  readonly now: () => number;
}

export function summarize(stream: SseStream): StreamSummary {
  return {
    id: stream.id,
    token: stream.token,
    mode: stream.mode,
    remoteAddress: stream.remoteAddress,
    remotePort: stream.remotePort,
    openedAt: stream.openedAt,
    closedAt: stream.closedAt,
    closeReason: stream.closeReason,
    resumedFrom: stream.resumedFrom,
    framesSent: stream.framesSent,
    bytesSent: stream.bytesSent,
  };
}

export function createStreamHub(options: StreamHubOptions): StreamHub {
  const log = createEventLog(options.replayLimit);
  const live = new Map<number, SseStream>();
  const history: StreamSummary[] = [];
  let streamIds = 0;
  let totalStreams = 0;
  let totalRequests = 0;
  let rejectedRequests = 0;

  const heartbeat =
    options.heartbeatMs > 0
      ? setInterval(() => {
          if (live.size === 0) return;
          // No id: heartbeats are not replayable and must not move the client's Last-Event-ID.
          const frame = formatSseEvent({
            event: 'heartbeat',
            data: JSON.stringify({ type: 'heartbeat', at: options.now() }),
          });
          for (const stream of live.values()) stream.send(frame);
        }, options.heartbeatMs)
      : undefined;
  // The heartbeat alone must never keep a process alive (tests, CLI shutdown).
  heartbeat?.unref();

  const hub: StreamHub = {
    publish({ event, data }) {
      const { id, frame } = log.append((id) =>
        formatSseEvent({ id, data, ...(event === undefined ? {} : { event }) }),
      );
      const congested: SseStream[] = [];
      for (const stream of live.values()) {
        if (!stream.send(frame)) congested.push(stream);
      }
      return { id, congested };
    },
    replay: (lastEventId) => log.since(lastEventId),
    lastEventId: () => log.newestId,
    nextStreamId: () => ++streamIds,
    add(stream) {
      if (stream.closed) return; // closed before it was registered: nothing to track
      live.set(stream.id, stream);
      totalStreams++;
    },
    closed(stream) {
      if (!live.delete(stream.id)) return;
      history.push(summarize(stream));
      if (history.length > options.historyLimit)
        history.splice(0, history.length - options.historyLimit);
    },
    countRequest(accepted) {
      totalRequests++;
      if (!accepted) rejectedRequests++;
    },
    destroyAll(reason) {
      const streams = [...live.values()];
      for (const stream of streams) stream.destroy(reason);
      return streams.length;
    },
    stats() {
      const liveByToken: Record<string, number> = {};
      for (const stream of live.values())
        liveByToken[stream.token] = (liveByToken[stream.token] ?? 0) + 1;
      return {
        live: live.size,
        totalStreams,
        totalRequests,
        rejectedRequests,
        liveByToken,
        lastEventId: log.newestId,
      };
    },
    snapshot(filter = {}) {
      const matches = (s: { token: string }): boolean =>
        filter.token === undefined || s.token === filter.token;
      return {
        live: [...live.values()].filter(matches).map(summarize),
        // Newest first: the recent churn is what a reader of this endpoint is after.
        history: history.filter(matches).reverse(),
      };
    },
    stop() {
      clearInterval(heartbeat);
      hub.destroyAll('server-close');
    },
  };
  return hub;
}

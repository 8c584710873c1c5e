/**
 * How many SSE streams the server holds right now (GET /v1/debug/streams, all tabs). The ticket's
 * acceptance criterion is "exactly 1", so it is shown next to the status. One request in flight at
 * most; a request that hangs is itself a symptom (legacy mode exhausts the browser's six
 * connections per host), so it is shown as "stalled" instead of piling up.
 */
import { useEffect, useState } from 'react';
import { countLiveStreams } from '../api/orders-api';

const POLL_MS = 2000;
const TIMEOUT_MS = 4000;

type Reading =
  | { kind: 'count'; live: number }
  | { kind: 'stalled' }
  | { kind: 'error'; message: string }
  | { kind: 'pending' };

export function ServerStreams() {
  const [reading, setReading] = useState<Reading>({ kind: 'pending' });
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async (): Promise<void> => {
      const abort = new AbortController();
      const timeout = setTimeout(() => abort.abort(), TIMEOUT_MS);
      try {
        const live = await countLiveStreams(abort.signal);
        if (!stopped) setReading({ kind: 'count', live });
      } catch (error) {
        if (!stopped) {
          setReading(
            abort.signal.aborted
              ? { kind: 'stalled' }
              : { kind: 'error', message: error instanceof Error ? error.message : String(error) },
          );
        }
      } finally {
        clearTimeout(timeout);
        if (!stopped) timer = setTimeout(() => void poll(), POLL_MS);
      }
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, []);

  const text =
    reading.kind === 'count'
      ? String(reading.live)
      : reading.kind === 'stalled'
        ? 'stalled'
        : reading.kind === 'error'
          ? 'error'
          : '…';
  const bad = reading.kind === 'count' ? reading.live > 1 : reading.kind !== 'pending';
  return (
    <span
      className={`server-streams${bad ? ' server-streams-bad' : ''}`}
      data-testid="server-streams"
      title={
        reading.kind === 'stalled'
          ? 'The request to /v1/debug/streams did not finish: the browser allows 6 connections per host over HTTP/1.1, and open SSE streams hold them.'
          : reading.kind === 'error'
            ? reading.message
            : 'Live SSE streams on the server, all tabs (GET /v1/debug/streams)'
      }
    >
      server streams: <b>{text}</b>
    </span>
  );
}

/**
 * When bytes and events last arrived on a stream, and how many bytes have arrived since the last
 * completed event: what the `unterminated-event` and `buffered-delivery` lint rules read
 * (panel/lint). Pure: the reducer spreads the patch into its own update.
 *
 * "Completed" means the browser dispatched an event (`Network.eventSourceMessageReceived`) or,
 * when the raw bytes are visible (`Network.streamResourceContent`), a blank line ended a block:
 * a comment-only heartbeat (`:ping\n\n`) dispatches nothing, yet it is a well-formed stream and
 * must not look like an event that never ends
 * (https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation).
 */
import type { NetworkStream } from './cdp-reducer';

type Activity = Pick<NetworkStream, 'lastDataAt' | 'lastEventAt' | 'bytesSinceEvent'>;

export type ActivityInput =
  | { readonly kind: 'event'; readonly t: number }
  /** `raw`: the chunk's bytes as base64 when visible, else null (only `dataLength` is known). */
  | {
      readonly kind: 'data';
      readonly t: number;
      readonly size: number;
      readonly raw: string | null;
    };

/** Bytes after the last blank line of a chunk, or null when it holds none (or is not base64). */
export function bytesAfterLastBlankLine(base64: string): number | null {
  let bytes: string;
  try {
    bytes = atob(base64);
  } catch {
    // Not base64 (a future Chrome could send text): fall back to counting dataLength.
    return null;
  }
  let end = -1;
  for (const sep of ['\n\n', '\r\r', '\r\n\r\n']) {
    const at = bytes.lastIndexOf(sep);
    if (at !== -1) end = Math.max(end, at + sep.length);
  }
  return end < 0 ? null : bytes.length - end;
}

export function activityPatch(s: Activity, input: ActivityInput): Activity {
  if (input.kind === 'event')
    return { lastDataAt: s.lastDataAt, lastEventAt: input.t, bytesSinceEvent: 0 };
  const size = Math.max(0, input.size);
  const tail = input.raw === null ? null : bytesAfterLastBlankLine(input.raw);
  return tail === null
    ? { lastDataAt: input.t, lastEventAt: s.lastEventAt, bytesSinceEvent: s.bytesSinceEvent + size }
    : { lastDataAt: input.t, lastEventAt: input.t, bytesSinceEvent: Math.min(tail, size) };
}

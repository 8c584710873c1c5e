import type { SSEEvent } from './types';

/** What the client reads from a dispatched SSE event (a `MessageEvent` or a test fake). */
export interface RawSSEMessage {
  /** The SSE event name (`message` unless the server sent `event:`). */
  readonly type?: string;
  readonly data?: unknown;
  readonly lastEventId?: string;
}

/**
 * Turn a dispatched SSE event into what subscribers see (the normalisation the app's previous client
 * did, kept so call sites need no change): a JSON `message` payload with a string `type` is delivered under that
 * type with the parsed object as `data`; a named event keeps its name (data parsed when it is
 * JSON); data that is not JSON is delivered as the raw string.
 */
export function normalizeEvent(message: RawSSEMessage, receivedAt: number): SSEEvent {
  const event = typeof message.type === 'string' && message.type !== '' ? message.type : 'message';
  const data = parseData(message.data);
  const id =
    typeof message.lastEventId === 'string' && message.lastEventId !== ''
      ? message.lastEventId
      : null;
  const type = event === 'message' && isTypedPayload(data) ? data.type : event;
  return { type, data, id, event, receivedAt };
}

function parseData(raw: unknown): unknown {
  if (typeof raw !== 'string') return raw ?? '';
  try {
    return JSON.parse(raw);
  } catch {
    // Not JSON: plain-text payloads are legal SSE and are delivered as the string itself.
    return raw;
  }
}

function isTypedPayload(value: unknown): value is { type: string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    typeof (value as { type?: unknown }).type === 'string' &&
    (value as { type: string }).type !== ''
  );
}

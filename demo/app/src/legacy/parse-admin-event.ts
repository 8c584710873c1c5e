/**
 * LEGACY (ticket 29; reproduces no hypothesis itself): how the old admin code turned a
 * MessageEvent into an app event (JSON payload with a `type`, or the SSE event name). Shared by
 * the old hook and the old client, so every extra connection delivers the same parsed events.
 */
import { toAppEvent, type AppEvent } from '../model/app-event';

export function parseAdminEvent(message: MessageEvent): AppEvent | null {
  let data: unknown;
  try {
    data = typeof message.data === 'string' ? JSON.parse(message.data) : message.data;
  } catch (error) {
    console.warn('[SSE] non-JSON event ignored', error);
    return null;
  }
  const payloadType = (data as { type?: unknown } | null)?.type;
  const type =
    message.type === 'message' && typeof payloadType === 'string' ? payloadType : message.type;
  return toAppEvent({
    type,
    data,
    id: message.lastEventId === '' ? null : message.lastEventId,
    receivedAt: Date.now(),
  });
}

/** Named events the admin UI listens to besides `message`. */
export const ADMIN_EVENT_NAMES = ['notification'] as const;

/**
 * Incremental parser for `text/event-stream`, following the browser's algorithm
 * (https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation),
 * so tests see what an EventSource would dispatch. Test support only.
 */

export interface ParsedSseEvent {
  /** Dispatched type: the `event:` field, or 'message'. */
  readonly event: string;
  readonly data: string;
  /** The `id:` field of this event block, if it had one. */
  readonly id: string | undefined;
  /** The browser's `lastEventId` after this event (ids persist across events without one). */
  readonly lastEventId: string;
}

export interface SseParser {
  push(chunk: string): void;
  readonly events: ParsedSseEvent[];
  readonly comments: string[];
  readonly retry: number | null;
}

export function createSseParser(): SseParser {
  const events: ParsedSseEvent[] = [];
  const comments: string[] = [];
  let retry: number | null = null;
  let pending = '';
  let eventType = '';
  let data: string[] = [];
  let blockId: string | undefined;
  let lastEventId = '';

  const handleLine = (line: string): void => {
    if (line === '') {
      if (data.length > 0) {
        events.push({
          event: eventType || 'message',
          data: data.join('\n'),
          id: blockId,
          lastEventId,
        });
      }
      eventType = '';
      data = [];
      blockId = undefined;
      return;
    }
    if (line.startsWith(':')) {
      comments.push(line.slice(1).trimStart());
      return;
    }
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') eventType = value;
    else if (field === 'data') data.push(value);
    else if (field === 'id' && !value.includes('\0')) {
      blockId = value;
      lastEventId = value;
    } else if (field === 'retry' && /^\d+$/.test(value)) retry = Number(value);
  };

  return {
    push(chunk) {
      pending += chunk;
      const lines = pending.split(/\r\n|\r|\n/);
      pending = lines.pop() ?? '';
      for (const line of lines) handleLine(line);
    },
    events,
    comments,
    get retry() {
      return retry;
    },
  };
}

/**
 * Incremental parser of a fetch stream's decoded text: the WHATWG "event stream interpretation"
 * (HTML § 9.2.6, https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation):
 * lines end with CRLF, LF or CR (a CR at the end of one chunk and an LF at the start of the next
 * are one line end); a leading BOM is dropped; `:` starts a comment; fields `event`, `data`,
 * `id` (ignored when it contains NUL) and `retry` (ASCII digits only); a blank line dispatches,
 * unless no data was seen. The id persists across events, as the "last event ID buffer" does.
 *
 * Bounded: a partial line and an event's data keep at most MAX_EVENT_CHARS characters (a server
 * that never ends a line must not make the hook hold its whole body); the rest is dropped and
 * the sample is shorter than the event the page parses.
 *
 * Scans with index access (`s[i]`), which no page code can replace; slices with the native
 * `String.prototype.slice` captured at install.
 */
import type { Natives } from './natives';

export const MAX_EVENT_CHARS = 256 * 1024;

export interface SseSink {
  /** A dispatched event: its type ('message' without `event:`), data and the last event id. */
  event(type: string, data: string, id: string): void;
  /** A valid `retry:` field (ms). */
  retry(ms: number): void;
}

export interface SseParser {
  /** Feeds the next decoded piece of the body. */
  push(text: string): void;
}

const isDigits = (s: string): boolean => {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (c < '0' || c > '9') return false;
  }
  return true;
};

export function createSseParser(natives: Natives, sink: SseSink): SseParser {
  const { apply, strSlice } = natives;
  const slice = (s: string, from: number, to?: number): string =>
    apply(strSlice, s, to === undefined ? [from] : [from, to]) as string;
  let started = false;
  /** The last chunk ended with CR: an LF first in the next one ends nothing more. */
  let pendingCR = false;
  let partial = '';
  let data = '';
  let hasData = false;
  let type = '';
  let id = '';

  function field(line: string): void {
    let colon = -1;
    for (let i = 0; i < line.length; i++) {
      if (line[i] === ':') {
        colon = i;
        break;
      }
    }
    if (colon === 0) return;
    const name = colon === -1 ? line : slice(line, 0, colon);
    let value = '';
    if (colon !== -1) value = slice(line, line[colon + 1] === ' ' ? colon + 2 : colon + 1);
    switch (name) {
      case 'event':
        type = value;
        break;
      case 'data':
        if (hasData) data = data.length < MAX_EVENT_CHARS ? data + '\n' + value : data;
        else data = value;
        if (data.length > MAX_EVENT_CHARS) data = slice(data, 0, MAX_EVENT_CHARS);
        hasData = true;
        break;
      case 'id': {
        let nul = false;
        for (let i = 0; i < value.length; i++) if (value[i] === '\0') nul = true;
        if (!nul) id = value;
        break;
      }
      case 'retry':
        if (isDigits(value)) sink.retry(+value);
        break;
    }
  }

  function line(text: string): void {
    if (text.length !== 0) {
      field(text);
      return;
    }
    if (hasData) sink.event(type === '' ? 'message' : type, data, id);
    data = '';
    hasData = false;
    type = '';
  }

  return {
    push(text) {
      let start = 0;
      if (!started && text.length !== 0) {
        started = true;
        if (text[0] === '\uFEFF') start = 1;
      }
      if (pendingCR && text.length !== 0) {
        pendingCR = false;
        if (text[start] === '\n') start++;
      }
      const n = text.length;
      for (let i = start; i < n; i++) {
        const c = text[i];
        if (c !== '\n' && c !== '\r') continue;
        const piece = slice(text, start, i);
        const whole = partial.length === 0 ? piece : partial + piece;
        partial = '';
        line(whole);
        if (c === '\r') {
          if (i + 1 === n) pendingCR = true;
          else if (text[i + 1] === '\n') i++;
        }
        start = i + 1;
      }
      if (start < n && partial.length < MAX_EVENT_CHARS) {
        partial += start === 0 ? text : slice(text, start);
        if (partial.length > MAX_EVENT_CHARS) partial = slice(partial, 0, MAX_EVENT_CHARS);
      }
    },
  };
}

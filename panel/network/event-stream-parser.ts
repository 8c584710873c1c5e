/**
 * Events of a fetch or XMLHttpRequest stream only the network saw, parsed from the bytes
 * `chrome.debugger` delivers (Chrome reports `eventSourceMessageReceived` for EventSources only).
 * The WHATWG "interpret an event stream" rules, incrementally: lines end at CRLF, LF or CR (a CR
 * at the end of one chunk and an LF at the start of the next are one line end), a leading BOM is
 * dropped, `:` starts a comment, a blank line dispatches the event when it has data, `id` without
 * NUL sets the last event id, unknown fields are ignored. `retry:` is read elsewhere (lastRetry).
 *
 * Pure: the state is a plain value stored on the stream. Memory is bounded whatever the server
 * sends: an unterminated line keeps its first MAX_LINE_CHARS characters and counts the rest, and
 * an event's data keeps `dataChars` characters while its size counts them all.
 */

/** Characters kept of a line still waiting for its end (the rest is only counted). */
export const MAX_LINE_CHARS = 65_536;

export interface ParseState {
  /** The unterminated end of the text so far, and how many characters of it were not kept. */
  readonly rest: string;
  readonly restDropped: number;
  /** The text so far ended with CR: an LF first in the next chunk ends no further line. */
  readonly cr: boolean;
  /** Some text was seen (a BOM is dropped at the very start only). */
  readonly started: boolean;
  /** The event being built: data (kept part), its full size, and whether any `data` line came. */
  readonly data: string;
  readonly dataSize: number;
  readonly hasData: boolean;
  readonly type: string;
  /** The last event id, which carries over to later events. */
  readonly id: string;
}

export interface ParsedEvent {
  readonly type: string;
  readonly id: string;
  readonly data: string;
  /** Full data length (UTF-16 code units). */
  readonly size: number;
  readonly cut: boolean;
}

const INITIAL: ParseState = {
  rest: '',
  restDropped: 0,
  cr: false,
  started: false,
  data: '',
  dataSize: 0,
  hasData: false,
  type: '',
  id: '',
};

/** Characters kept of an event id and an event type. */
const LABEL_CHARS = 256;

/** Parses `text`, the next chunk of the stream, after `state` (null: the stream's start). */
export function parseEventStream(
  state: ParseState | null,
  text: string,
  dataChars: number,
): { state: ParseState; events: ParsedEvent[] } {
  const s = { ...(state ?? INITIAL) };
  const events: ParsedEvent[] = [];
  let i = 0;
  if (!s.started && text.length > 0) {
    s.started = true;
    if (text.charCodeAt(0) === 0xfeff) i = 1;
  }
  if (s.cr && text.charCodeAt(i) === 10) i += 1;
  if (text.length > 0) s.cr = false;

  const line = (value: string, dropped: number): void => {
    if (value === '' && dropped === 0) {
      if (s.hasData)
        events.push({
          type: s.type === '' ? 'message' : s.type,
          id: s.id,
          data: s.data,
          size: s.dataSize,
          cut: s.dataSize > s.data.length,
        });
      s.data = '';
      s.dataSize = 0;
      s.hasData = false;
      s.type = '';
      return;
    }
    if (value.charCodeAt(0) === 58) return; // ':' a comment
    const colon = value.indexOf(':');
    const field = colon < 0 ? value : value.slice(0, colon);
    let v = colon < 0 ? '' : value.slice(colon + 1);
    if (v.charCodeAt(0) === 32) v = v.slice(1);
    if (field === 'data') {
      const add = s.hasData ? `\n${v}` : v;
      s.dataSize += add.length + dropped;
      if (s.data.length < dataChars) s.data = (s.data + add).slice(0, dataChars);
      s.hasData = true;
    } else if (field === 'event') {
      s.type = v.slice(0, LABEL_CHARS);
    } else if (field === 'id' && !v.includes('\0')) {
      s.id = v.slice(0, LABEL_CHARS);
    }
  };

  for (let j = i; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c !== 10 && c !== 13) continue;
    const head = s.rest + text.slice(i, j);
    const kept = head.length > MAX_LINE_CHARS ? head.slice(0, MAX_LINE_CHARS) : head;
    line(kept, s.restDropped + head.length - kept.length);
    s.rest = '';
    s.restDropped = 0;
    if (c === 13) {
      if (j + 1 < text.length) {
        if (text.charCodeAt(j + 1) === 10) j += 1;
      } else s.cr = true;
    }
    i = j + 1;
  }
  if (i < text.length) {
    const tail = s.rest + text.slice(i);
    const kept = tail.length > MAX_LINE_CHARS ? tail.slice(0, MAX_LINE_CHARS) : tail;
    s.rest = kept;
    s.restDropped += tail.length - kept.length;
  }
  return { state: s, events };
}

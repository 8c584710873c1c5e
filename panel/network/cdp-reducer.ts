/**
 * The network's own view of the inspected tab's event streams, folded from Chrome DevTools
 * Protocol events (`chrome.debugger.onEvent`): the `Network` domain of the tab and of every
 * worker or frame target auto-attached under it (`Target.attachedToTarget`, flat sessions).
 *
 * Pure and bounded: no Chrome API, no clock. The events come from the browser, but their payload
 * (URLs, headers, event names and data) is the page's, so every field is checked before use and
 * every collection is capped, like the hook's samples.
 *
 * Two command results are folded in like events, under their command's name, by the capture
 * controller: `Network.getResponseBody` (params: `{ requestId, body, base64Encoded }`, the body of
 * a refused response) and `Network.streamResourceContent` (params: `{ requestId, bufferedData }`,
 * the bytes that arrived before streaming started).
 *
 * CDP reference: https://chromedevtools.github.io/devtools-protocol/tot/Network/
 */
import { DEFAULT_HOOK_SETTINGS } from '../../src/protocol/records';
import { activityPatch } from './activity';
import { parseEventStream, type ParseState } from './event-stream-parser';
import { redactBody } from './redact-body';

/** What made the stream, in the hook's terms (CDP's resource type). */
export type StreamKind = 'eventsource' | 'fetch' | 'xhr';

/** Newest events kept per stream (the hook keeps as many samples). */
export const NETWORK_EVENTS_PER_STREAM = 200;
/** Characters of data kept per event. */
export const NETWORK_DATA_CHARS = 1_000;
/** Event types counted per stream; later new types are counted under `otherTypes`. */
export const NETWORK_TYPES_PER_STREAM = 64;
/** Headers kept per request and per response. */
export const NETWORK_HEADERS_KEPT = 64;
/** Characters kept per header value and per URL. */
export const NETWORK_TEXT_CHARS = 2_048;
/** Streams kept (oldest ended first, then oldest). */
export const NETWORK_STREAMS_KEPT = 500;
/** Requests awaiting their response headers (a fetch is a stream only once they say so). */
export const NETWORK_PENDING_KEPT = 1_000;
/** Worker and frame targets remembered. */
export const NETWORK_TARGETS_KEPT = 256;
/** Characters kept of a refused response's body. */
export const NETWORK_BODY_CHARS = 16_384;
/** Raw chunks kept per stream (newest), and their total characters. */
export const NETWORK_CHUNKS_KEPT = 64;
export const NETWORK_CHUNK_CHARS = 16_384;

export interface NetworkEvent {
  /** Epoch ms. */
  readonly t: number;
  readonly type: string;
  readonly id: string;
  /** Full data length (UTF-16 code units). */
  readonly size: number;
  readonly data: string;
  readonly cut: boolean;
}

/** A slice of the raw response bytes as text (only where `streamResourceContent` made them visible). */
export interface NetworkChunk {
  /** Epoch ms. */
  readonly t: number;
  readonly text: string;
  /** Bytes of this chunk (its `dataLength`). */
  readonly size: number;
}

/** The body of a response that was not an event stream (a refused stream: 401, 404, text/plain…). */
export interface NetworkBody {
  readonly text: string;
  /** Longer than kept. */
  readonly cut: boolean;
  /** CDP returned it base64 (binary): `text` is a placeholder, not the bytes. */
  readonly binary: boolean;
}

/** CDP's ResourceTiming, in ms relative to the request start; -1 where a phase did not happen. */
export interface NetworkTiming {
  readonly dnsMs: number;
  readonly connectMs: number;
  readonly sslMs: number;
  readonly sendMs: number;
  /** Time to the response headers (TTFB). */
  readonly waitMs: number;
}

export interface NetworkTarget {
  readonly sessionId: string;
  /** 'worker' (dedicated), 'shared_worker', 'service_worker', 'iframe', ... */
  readonly type: string;
  readonly url: string;
}

export interface NetworkStream {
  /** `${sessionId}|${requestId}`; '' for the tab's own session. */
  readonly key: string;
  readonly requestId: string;
  readonly kind: StreamKind;
  readonly url: string;
  readonly method: string;
  /** Epoch ms of the request. */
  readonly startedAt: number;
  readonly status: number | null;
  readonly statusText: string;
  readonly mimeType: string;
  readonly requestHeaders: Readonly<Record<string, string>>;
  readonly responseHeaders: Readonly<Record<string, string>>;
  /** The worker or frame target that made it; null for the tab's main target. */
  readonly target: NetworkTarget | null;
  /** The URL of the document the request was made for (CDP `documentURL`); '' when not given. */
  readonly documentUrl: string;
  readonly events: number;
  readonly byType: Readonly<Record<string, number>>;
  /** Events of types past the per-stream type bound. */
  readonly otherTypes: number;
  readonly recent: readonly NetworkEvent[];
  readonly skipped: number;
  readonly bytes: number;
  /** Last `retry:` the server sent, when raw bytes were visible. */
  readonly retry: number | null;
  readonly endedAt: number | null;
  /** 'finished' (server end), 'canceled' (the page or the browser), or the net error text. */
  readonly end: string | null;
  /** `response.protocol` ('http/1.1', 'h2', 'h3'…); '' until the headers arrive. */
  readonly protocol: string;
  readonly timing: NetworkTiming | null;
  /** Body of a refused response, capped; null when none was read. */
  readonly body: NetworkBody | null;
  /** Newest raw chunks, capped (fetch/xhr streams, and any stream whose bytes were visible). */
  readonly chunks: readonly NetworkChunk[];
  /** Epoch ms of the last bytes and of the last completed event; null before any. */
  readonly lastDataAt: number | null;
  readonly lastEventAt: number | null;
  /** Bytes received since the last completed event (unterminated-event lint). */
  readonly bytesSinceEvent: number;
  /**
   * Where parsing a fetch or XHR stream's bytes into events stands (event-stream-parser.ts);
   * absent for EventSources, whose events Chrome reports itself.
   */
  readonly parse?: ParseState;
}

interface Pending {
  readonly requestId: string;
  readonly session: string;
  readonly kind: StreamKind | null;
  readonly url: string;
  readonly method: string;
  readonly startedAt: number;
  readonly documentUrl: string;
  /** CDP's monotonic seconds at the request: later events' times are relative to it. */
  readonly ts: number;
  readonly requestHeaders: Readonly<Record<string, string>>;
}

export interface NetworkCapture {
  readonly streams: Map<string, NetworkStream>;
  readonly pending: Map<string, Pending & { readonly key: string }>;
  readonly targets: Map<string, NetworkTarget>;
  /** Clock of each stream: epoch ms = base + CDP seconds × 1000. */
  readonly clocks: Map<string, number>;
  /** CDP events refused as malformed. */
  invalid: number;
  /** Parameter names redacted in kept bodies and raw chunks (the panel's redaction setting). */
  redactParams: readonly string[];
  /** Bumped whenever `streams` changed. */
  version: number;
  /**
   * Epoch ms from which every request of the tab is seen (the Network domain listening); 0 until
   * then. A source made earlier may have sent its request unseen.
   */
  since: number;
}

export function createNetworkCapture(): NetworkCapture {
  return {
    streams: new Map(),
    pending: new Map(),
    targets: new Map(),
    clocks: new Map(),
    invalid: 0,
    redactParams: DEFAULT_HOOK_SETTINGS.redactParams,
    version: 0,
    since: 0,
  };
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const clip = (s: string, n: number): string => (s.length > n ? s.slice(0, n) : s);

function headersOf(v: unknown): Record<string, string> {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  if (!isRecord(v)) return out;
  let n = 0;
  for (const [name, value] of Object.entries(v)) {
    if (n >= NETWORK_HEADERS_KEPT) break;
    if (typeof value !== 'string') continue;
    out[clip(name.toLowerCase(), 256)] = clip(value, NETWORK_TEXT_CHARS);
    n += 1;
  }
  return out;
}

/** CDP's resource type in the hook's words; null for types that are never a stream. */
function kindOf(type: unknown): StreamKind | null {
  if (type === 'EventSource') return 'eventsource';
  if (type === 'Fetch') return 'fetch';
  if (type === 'XHR') return 'xhr';
  return null;
}

const isEventStream = (mime: string): boolean =>
  mime.split(';')[0]?.trim().toLowerCase() === 'text/event-stream';

/**
 * A response that is not the event stream the client asked for (not 2xx, or another type): its
 * body says why (a 401's JSON, a proxy's HTML), so the capture controller reads it once it ended.
 */
export function isRefused(s: NetworkStream): boolean {
  return s.status !== null && (s.status < 200 || s.status > 299 || !isEventStream(s.mimeType));
}

/** A fetch that asked for an event stream is one even when refused (its 401 is the news). */
const asksForStream = (headers: Readonly<Record<string, string>>): boolean =>
  (headers['accept'] ?? '').toLowerCase().includes('text/event-stream');

/** CDP's ResourceTiming (ms offsets from requestTime, -1 when a phase did not happen). */
function timingOf(v: unknown): NetworkTiming | null {
  if (!isRecord(v)) return null;
  const at = (name: string): number => {
    const n = num(v[name]);
    return n === null || n < 0 ? -1 : n;
  };
  const span = (start: number, end: number): number =>
    start < 0 || end < 0 || end < start ? -1 : Math.round((end - start) * 1000) / 1000;
  return {
    dnsMs: span(at('dnsStart'), at('dnsEnd')),
    connectMs: span(at('connectStart'), at('connectEnd')),
    sslMs: span(at('sslStart'), at('sslEnd')),
    sendMs: span(at('sendStart'), at('sendEnd')),
    waitMs: span(at('sendEnd'), at('receiveHeadersEnd')),
  };
}

/**
 * Base64 → text and byte count; null when not base64. Invalid UTF-8 is replaced (U+FFFD), and
 * `binary` says there was some: a chunk may split a character, a body that is not text may not.
 */
export function decodeBase64Text(
  base64: string,
): { text: string; bytes: number; binary: boolean } | null {
  let raw: string;
  try {
    raw = atob(base64);
  } catch {
    // Not base64 (a page cannot cause this, a future Chrome could): nothing to show.
    return null;
  }
  const bytes = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  try {
    return {
      text: new TextDecoder('utf-8', { fatal: true }).decode(bytes),
      bytes: bytes.length,
      binary: false,
    };
  } catch {
    // Not valid UTF-8: images, compressed or octet data, or a character cut at a chunk's end.
    return { text: new TextDecoder('utf-8').decode(bytes), bytes: bytes.length, binary: true };
  }
}

/** The chunks with one more at the end, the oldest dropped past the count or character bound. */
function withChunk(chunks: readonly NetworkChunk[], chunk: NetworkChunk): readonly NetworkChunk[] {
  const out = [...chunks, { ...chunk, text: clip(chunk.text, NETWORK_CHUNK_CHARS) }];
  let chars = out.reduce((n, c) => n + c.text.length, 0);
  while (out.length > NETWORK_CHUNKS_KEPT || (out.length > 1 && chars > NETWORK_CHUNK_CHARS))
    chars -= out.shift()?.text.length ?? 0;
  return out;
}

/**
 * A refused response's body (so far) plus more of it: capped, redacted, text only. Bytes that
 * are not text are not kept: `text` then says how many there were.
 */
function bodyWith(
  body: NetworkBody | null,
  more: string,
  binary: boolean,
  bytes: number,
  redact: readonly string[],
): NetworkBody {
  if (binary || body?.binary) return { text: `${bytes} B`, cut: false, binary: true };
  const text = (body?.text ?? '') + more;
  return {
    text: redactBody(clip(text, NETWORK_BODY_CHARS), redact),
    cut: (body?.cut ?? false) || text.length > NETWORK_BODY_CHARS,
    binary: false,
  };
}

function bound<K, V>(map: Map<K, V>, max: number, evictable: (v: V) => boolean = () => true): void {
  if (map.size <= max) return;
  for (const [k, v] of map) {
    if (map.size <= max) return;
    if (evictable(v)) map.delete(k);
  }
  // Nothing evictable left: drop the oldest anyway, the bound wins.
  for (const k of map.keys()) {
    if (map.size <= max) return;
    map.delete(k);
  }
}

function timeOf(capture: NetworkCapture, key: string, ts: number | null): number {
  const base = capture.clocks.get(key);
  return base === undefined || ts === null ? 0 : base + ts * 1000;
}

/** `s` with `events` counted by type and kept (the newest NETWORK_EVENTS_PER_STREAM). */
function withEvents(s: NetworkStream, events: readonly NetworkEvent[]): Partial<NetworkStream> {
  if (events.length === 0) return {};
  const byType: Record<string, number> = { ...s.byType };
  // Defined, not assigned: a type named `__proto__` is a type like any other.
  const count = (type: string, n: number): void => {
    Object.defineProperty(byType, type, {
      value: n,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  };
  let types = Object.keys(byType).length;
  let otherTypes = s.otherTypes;
  for (const { type } of events) {
    if (Object.hasOwn(byType, type)) count(type, (byType[type] ?? 0) + 1);
    else if (types < NETWORK_TYPES_PER_STREAM) {
      count(type, 1);
      types += 1;
    } else otherTypes += 1;
  }
  const recent = [...s.recent, ...events];
  const over = recent.length - NETWORK_EVENTS_PER_STREAM;
  return {
    events: s.events + events.length,
    byType,
    otherTypes,
    recent: over > 0 ? recent.slice(over) : recent,
    skipped: s.skipped + Math.max(0, over),
  };
}

/**
 * The events in `text`, the next bytes of a fetch or XHR event stream (an EventSource's events
 * come from Chrome); nothing for other streams and refused responses.
 */
function parsed(s: NetworkStream, text: string, t: number): Partial<NetworkStream> {
  if (s.kind === 'eventsource' || !isEventStream(s.mimeType) || isRefused(s)) return {};
  const out = parseEventStream(s.parse ?? null, text, NETWORK_DATA_CHARS);
  return {
    ...withEvents(
      s,
      out.events.map((e) => ({ ...e, t })),
    ),
    parse: out.state,
  };
}

function update(capture: NetworkCapture, key: string, patch: Partial<NetworkStream>): boolean {
  const s = capture.streams.get(key);
  if (!s) return false;
  capture.streams.set(key, { ...s, ...patch });
  return true;
}

function promote(capture: NetworkCapture, p: Pending & { key: string }, kind: StreamKind): void {
  capture.pending.delete(p.key);
  capture.streams.set(p.key, {
    key: p.key,
    requestId: p.requestId,
    kind,
    url: p.url,
    method: p.method,
    startedAt: p.startedAt,
    status: null,
    statusText: '',
    mimeType: '',
    requestHeaders: p.requestHeaders,
    responseHeaders: {},
    target: p.session === '' ? null : (capture.targets.get(p.session) ?? null),
    documentUrl: p.documentUrl,
    events: 0,
    byType: {},
    otherTypes: 0,
    recent: [],
    skipped: 0,
    bytes: 0,
    retry: null,
    endedAt: null,
    end: null,
    protocol: '',
    timing: null,
    body: null,
    chunks: [],
    lastDataAt: null,
    lastEventAt: null,
    bytesSinceEvent: 0,
  });
  bound(capture.streams, NETWORK_STREAMS_KEPT, (s) => s.endedAt !== null);
}

/**
 * Folds one CDP event in. `sessionId` is the flat session of a worker or frame target (absent for
 * the tab itself). Returns true when the streams changed.
 */
export function applyCdpEvent(
  capture: NetworkCapture,
  method: string,
  params: unknown,
  sessionId?: string,
): boolean {
  const changed = reduce(capture, method, params, sessionId ?? '');
  if (changed) capture.version += 1;
  return changed;
}

function reduce(
  capture: NetworkCapture,
  method: string,
  params: unknown,
  session: string,
): boolean {
  if (!isRecord(params)) {
    capture.invalid += 1;
    return false;
  }
  if (method === 'Target.attachedToTarget') {
    const sid = str(params['sessionId']);
    const info = params['targetInfo'];
    if (sid === null || !isRecord(info)) return invalid(capture);
    capture.targets.set(sid, {
      sessionId: sid,
      type: clip(str(info['type']) ?? '', 64),
      url: clip(str(info['url']) ?? '', NETWORK_TEXT_CHARS),
    });
    bound(capture.targets, NETWORK_TARGETS_KEPT);
    return false;
  }
  if (method === 'Target.targetInfoChanged') {
    const info = params['targetInfo'];
    if (!isRecord(info)) return invalid(capture);
    // A worker's URL is known only once its script loads; keep the attached session's entry fresh.
    const id = str(info['targetId']);
    const url = str(info['url']);
    if (id === null || url === null) return false;
    for (const [sid, t] of capture.targets)
      if (sid === id || t.sessionId === id) capture.targets.set(sid, { ...t, url });
    return false;
  }
  const requestId = str(params['requestId']);
  if (requestId === null) return method.startsWith('Network.') ? invalid(capture) : false;
  const key = `${session}|${requestId}`;
  const ts = num(params['timestamp']);

  switch (method) {
    case 'Network.requestWillBeSent': {
      const request = params['request'];
      const wall = num(params['wallTime']);
      if (!isRecord(request) || wall === null || ts === null) return invalid(capture);
      const url = str(request['url']);
      if (url === null) return invalid(capture);
      // A redirect reuses the request id: the stream is the final request, keep the first start.
      if (capture.streams.has(key)) return false;
      const kind = kindOf(params['type']);
      capture.clocks.set(key, wall * 1000 - ts * 1000);
      bound(capture.clocks, NETWORK_STREAMS_KEPT + NETWORK_PENDING_KEPT);
      const p = {
        key,
        requestId,
        session,
        kind,
        url: clip(url, NETWORK_TEXT_CHARS),
        method: clip(str(request['method']) ?? 'GET', 16),
        startedAt: wall * 1000,
        documentUrl: clip(str(params['documentURL']) ?? '', NETWORK_TEXT_CHARS),
        ts,
        requestHeaders: headersOf(request['headers']),
      };
      // An EventSource is a stream from its request on: the panel shows it while it connects.
      if (kind === 'eventsource') {
        promote(capture, p, kind);
        return true;
      }
      if (kind === null) return false;
      if (asksForStream(p.requestHeaders)) {
        promote(capture, p, kind);
        return true;
      }
      capture.pending.set(key, p);
      bound(capture.pending, NETWORK_PENDING_KEPT);
      return false;
    }
    case 'Network.responseReceived': {
      const response = params['response'];
      if (!isRecord(response)) return invalid(capture);
      const mime = clip(str(response['mimeType']) ?? '', 256);
      const pending = capture.pending.get(key);
      if (pending) {
        if (!isEventStream(mime)) {
          capture.pending.delete(key);
          capture.clocks.delete(key);
          return false;
        }
        promote(capture, pending, pending.kind ?? kindOf(params['type']) ?? 'fetch');
      }
      return update(capture, key, {
        status: num(response['status']),
        statusText: clip(str(response['statusText']) ?? '', 256),
        mimeType: mime,
        responseHeaders: headersOf(response['headers']),
        protocol: clip(str(response['protocol']) ?? '', 32),
        timing: timingOf(response['timing']),
      });
    }
    case 'Network.eventSourceMessageReceived': {
      const s = capture.streams.get(key);
      const data = str(params['data']);
      if (!s || data === null) return s ? invalid(capture) : false;
      const event: NetworkEvent = {
        t: timeOf(capture, key, ts),
        type: clip(str(params['eventName']) || 'message', 256),
        id: clip(str(params['eventId']) ?? '', 256),
        size: data.length,
        data: clip(data, NETWORK_DATA_CHARS),
        cut: data.length > NETWORK_DATA_CHARS,
      };
      return update(capture, key, {
        ...withEvents(s, [event]),
        ...activityPatch(s, { kind: 'event', t: event.t }),
      });
    }
    case 'Network.dataReceived': {
      const s = capture.streams.get(key);
      const n = num(params['dataLength']);
      if (!s || n === null) return false;
      const raw = str(params['data']);
      const retry = raw === null ? null : lastRetry(raw);
      const text = raw === null ? null : decodeBase64Text(raw);
      if (text !== null && isRefused(s))
        return update(capture, key, {
          bytes: s.bytes + Math.max(0, n),
          body: bodyWith(s.body, text.text, text.binary, text.bytes, capture.redactParams),
        });
      return update(capture, key, {
        bytes: s.bytes + Math.max(0, n),
        ...(retry === null ? {} : { retry }),
        ...(text === null ? {} : parsed(s, text.text, timeOf(capture, key, ts))),
        ...activityPatch(s, { kind: 'data', t: timeOf(capture, key, ts), size: n, raw }),
        ...(text === null
          ? {}
          : {
              chunks: withChunk(s.chunks, {
                t: timeOf(capture, key, ts),
                text: redactBody(text.text, capture.redactParams),
                size: text.bytes,
              }),
            }),
      });
    }
    case 'Network.streamResourceContent': {
      const s = capture.streams.get(key);
      const raw = str(params['bufferedData']);
      const text = raw === null || raw === '' ? null : decodeBase64Text(raw);
      if (!s || text === null) return false;
      // A refused EventSource is aborted as its headers arrive: these bytes are all of its body
      // Chrome kept (getResponseBody then answers "No data found").
      if (isRefused(s))
        return update(capture, key, {
          body: bodyWith(null, text.text, text.binary, text.bytes, capture.redactParams),
        });
      // These bytes arrived before streaming started: dataReceived counted them already.
      const chunk = {
        t: s.startedAt,
        text: redactBody(text.text, capture.redactParams),
        size: text.bytes,
      };
      let chunks = withChunk([], chunk);
      for (const c of s.chunks) chunks = withChunk(chunks, c);
      // Chrome answers before it sends any chunk with data, so these come first in the parse too.
      return update(capture, key, { chunks, ...parsed(s, text.text, s.startedAt) });
    }
    case 'Network.getResponseBody': {
      const s = capture.streams.get(key);
      const body = str(params['body']);
      if (!s || body === null) return s ? invalid(capture) : false;
      // Read once the stream ended: it supersedes what streaming showed of it.
      const decoded =
        params['base64Encoded'] === true
          ? decodeBase64Text(body)
          : { text: body, bytes: body.length, binary: false };
      if (decoded === null) return invalid(capture);
      return update(capture, key, {
        body: bodyWith(null, decoded.text, decoded.binary, decoded.bytes, capture.redactParams),
      });
    }
    case 'Network.loadingFinished':
    case 'Network.loadingFailed': {
      capture.pending.delete(key);
      const s = capture.streams.get(key);
      if (!s || s.endedAt !== null) return false;
      const end =
        method === 'Network.loadingFinished'
          ? 'finished'
          : params['canceled'] === true
            ? 'canceled'
            : clip(str(params['errorText']) ?? 'failed', 256);
      // No more bytes come: the parse state (up to MAX_LINE_CHARS of an unended line) goes.
      const ended: NetworkStream = { ...s, endedAt: timeOf(capture, key, ts), end };
      delete (ended as { parse?: unknown }).parse;
      capture.streams.set(key, ended);
      return true;
    }
    default:
      return false;
  }
}

function invalid(capture: NetworkCapture): false {
  capture.invalid += 1;
  return false;
}

/**
 * The last `retry:` field in a chunk of raw stream bytes (base64, as
 * `Network.streamResourceContent` delivers them), or null. A field split across chunks is missed:
 * it is a hint shown to the user, not a count.
 */
export function lastRetry(base64: string): number | null {
  let text: string;
  try {
    text = atob(base64.length > 1_000_000 ? base64.slice(-1_000_000) : base64);
  } catch {
    // Not base64 (a page cannot cause this, a future Chrome could): no retry visible.
    return null;
  }
  const m = [...text.matchAll(/(?:^|[\r\n])retry:\s?(\d{1,10})(?=\r|\n)/g)].at(-1);
  return m?.[1] === undefined ? null : Number(m[1]);
}

/** Streams that were open (not ended) when capture started: only a reload shows their start. */
export function openStreams(capture: NetworkCapture): number {
  let n = 0;
  for (const s of capture.streams.values()) if (s.endedAt === null) n += 1;
  return n;
}

/**
 * The captured session as HAR-like JSON, so it opens in HAR viewers: one entry per connection
 * with its request URL (redacted), timings, the construction stack as `_initiator.stack` in the
 * CDP shape DevTools itself writes, and the recent messages as `_sseMessages`.
 *
 * With network capture on, a connection's `network` view (chrome.debugger) is what the wire
 * said, so the entry carries it instead of the page's guesses: status and status text, request
 * and response headers, MIME type, protocol as `httpVersion`, the phases of CDP's ResourceTiming
 * as HAR `timings`, a refused response's body as `content.text`, and every event the network saw
 * (types nobody listens to included) as `_eventSourceMessages`. Chrome's own HAR export has no
 * field for event streams (its HARWriter writes `_webSocketMessages` for WebSockets only), so
 * `_eventSourceMessages` mirrors that shape: `{ type, time (epoch seconds), id, data }`.
 *
 * A HAR leaves the machine: every string that came from the page or the wire goes through
 * redaction here (query values anywhere, whole values of credential headers), whatever the hook
 * or the capture already did with the rule they had then.
 */
import { connectionLabel, type Connection } from '../model';
import type { NetworkStream } from '../network/cdp-reducer';
import { parseFrame } from '../stack';
import { REDACTED } from '../../src/protocol/limits';
import { redactText } from './redact';

/** `creator.name` of our HARs: the import accepts only files that carry it. */
export const HAR_CREATOR = 'SSE DevTools';

/**
 * Headers whose whole value is a credential. Matched on the lower-cased name: the exact names,
 * and any name containing one of the fragments (x-auth-token, x-api-key, x-csrf-token…).
 */
const SECRET_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'set-cookie2',
]);
const SECRET_HEADER_PARTS = ['token', 'secret', 'api-key', 'apikey', 'auth', 'session', 'csrf'];

export function isSecretHeader(name: string): boolean {
  const n = name.toLowerCase();
  return SECRET_HEADERS.has(n) || SECRET_HEADER_PARTS.some((part) => n.includes(part));
}

export interface HarHeader {
  readonly name: string;
  readonly value: string;
}

/** HAR timings; -1 for a phase that did not happen or that nobody measured (HAR 1.2). */
export interface HarTimings {
  readonly blocked?: number;
  readonly dns?: number;
  readonly connect?: number;
  readonly ssl?: number;
  readonly send: number;
  readonly wait: number;
  readonly receive: number;
}

export interface HarEventSourceMessage {
  readonly type: string;
  /** Epoch seconds, as Chrome writes `_webSocketMessages[].time`. */
  readonly time: number;
  readonly id: string;
  readonly data: string;
}

export interface HarLog {
  readonly log: {
    readonly version: '1.2';
    readonly creator: { readonly name: string; readonly version: string };
    readonly pages: readonly unknown[];
    readonly entries: readonly HarEntry[];
  };
}

export interface HarEntry {
  readonly startedDateTime: string;
  readonly time: number;
  readonly request: Record<string, unknown> & { readonly url: string };
  readonly response: Record<string, unknown>;
  readonly cache: Record<string, never>;
  readonly timings: HarTimings;
  /** Chrome's resource type names: 'eventsource', 'fetch', 'xhr'. */
  readonly _resourceType: 'eventsource' | 'fetch' | 'xhr';
  readonly _connectionKey: string;
  /** The id the panel shows for it (`#n`, unique in the panel session). */
  readonly _connectionId: string;
  readonly _initiator: {
    readonly type: 'script';
    readonly stack: {
      readonly callFrames: ReadonlyArray<{
        functionName: string;
        url: string;
        lineNumber: number;
        columnNumber: number;
      }>;
    };
  };
  readonly _sseMessages: ReadonlyArray<{
    type: string;
    time: number;
    id: string;
    data: string;
    truncated: boolean;
  }>;
  /** Every event the network saw; only with network capture. */
  readonly _eventSourceMessages?: readonly HarEventSourceMessage[];
  readonly _sse: Record<string, unknown>;
}

export function connectionsToHar(
  connections: Iterable<Connection>,
  options: {
    readonly redactParams: readonly string[];
    readonly now: number;
    readonly version: string;
  },
): HarLog {
  const r = (s: string) => redactText(s, options.redactParams);
  const entries: HarEntry[] = [];
  for (const c of connections) {
    const end = c.closedAt ?? options.now;
    const wait = c.openedAt === null ? -1 : Math.max(0, c.openedAt - c.createdAt);
    const url = r(c.url);
    const net = c.network;
    const entry: HarEntry = {
      startedDateTime: new Date(c.createdAt).toISOString(),
      time: Math.max(0, end - c.createdAt),
      request: {
        method: net?.method || c.method || 'GET',
        url,
        httpVersion: net ? httpVersionOf(net.protocol) : '',
        headers: net
          ? headersOf(net.requestHeaders, r)
          : [{ name: 'Accept', value: 'text/event-stream' }],
        queryString: queryOf(url),
        cookies: [],
        headersSize: -1,
        bodySize: 0,
      },
      response: net
        ? networkResponse(net, c, r)
        : {
            // A fetch stream's hook saw its status; an EventSource's page cannot, and an opened
            // one was a 200 text/event-stream.
            status: c.status ?? (c.openedAt === null ? 0 : 200),
            statusText: '',
            httpVersion: '',
            headers: [],
            cookies: [],
            content: {
              size: c.bytes,
              mimeType: 'text/event-stream',
              ...(c.bytesUnmeasured > 0 ? { comment: estimatedSize(c) } : {}),
            },
            redirectURL: '',
            headersSize: -1,
            bodySize: -1,
          },
      cache: {},
      timings: net?.timing
        ? networkTimings(net, end)
        : { send: 0, wait, receive: c.openedAt === null ? 0 : Math.max(0, end - c.openedAt) },
      _resourceType: c.kind ?? 'eventsource',
      _connectionKey: c.key,
      _connectionId: connectionLabel(c),
      _initiator: {
        type: 'script',
        stack: {
          callFrames: r(c.stack)
            .split('\n')
            .map(parseFrame)
            .filter((f) => f !== null)
            // CDP call frames are 0-based; V8's printed stacks are 1-based.
            .map((f) => ({
              functionName: f.fn,
              url: f.url,
              lineNumber: f.line - 1,
              columnNumber: f.column - 1,
            })),
        },
      },
      _sseMessages: c.recent.map((m) => ({
        type: m.type,
        time: m.t,
        id: m.id,
        data: r(m.data),
        truncated: m.cut,
      })),
      ...(net
        ? {
            _eventSourceMessages: net.recent.map((e) => ({
              type: e.type,
              time: e.t / 1000,
              id: e.id,
              data: r(e.data),
            })),
          }
        : {}),
      _sse: {
        closedBy: c.closedBy,
        messages: c.messages,
        bytesUnmeasured: c.bytesUnmeasured,
        transientErrors: c.transientErrors,
        terminalErrors: c.terminalErrors,
        parent: c.parentKey,
        parentId: c.parentId === null ? null : `#${c.parentId}`,
        client: c.client,
        marker: c.marker,
        reason: c.reason,
        ...(net
          ? {
              network: {
                end: net.end,
                events: net.events,
                byType: net.byType,
                retry: net.retry,
                worker: net.target ? r(net.target.url) : null,
                // The requests before this one (an EventSource's reconnects), oldest first.
                earlierRequests: (c.networkEarlier ?? []).map((e) => earlierRequest(e, r)),
                earlierRequestsDropped: c.networkEarlierDropped ?? 0,
              },
            }
          : {}),
      },
    };
    entries.push(entry);
  }
  entries.sort((a, b) => a.startedDateTime.localeCompare(b.startedDateTime));
  return {
    log: {
      version: '1.2',
      creator: { name: 'SSE DevTools', version: options.version },
      pages: [],
      entries,
    },
  };
}

function queryOf(url: string): Array<{ name: string; value: string }> {
  try {
    return [...new URL(url).searchParams].map(([name, value]) => ({ name, value }));
  } catch {
    // Not an absolute URL (a placeholder row): no query to list.
    return [];
  }
}

/** `name: value` pairs, credential values replaced, query values in the rest redacted. */
function headersOf(
  headers: Readonly<Record<string, string>>,
  r: (s: string) => string,
): HarHeader[] {
  return Object.entries(headers).map(([name, value]) => ({
    name,
    value: isSecretHeader(name) ? REDACTED : r(value),
  }));
}

/** HAR spells HTTP/1.x as the status line does; h2 and h3 as Chrome's protocol names them. */
function httpVersionOf(protocol: string): string {
  return /^http\/1\.[01]$/i.test(protocol) ? protocol.toUpperCase() : protocol;
}

/** HAR `content.comment` of a size that is partly the hook's estimate. */
function estimatedSize(c: Connection): string {
  return `size partly estimated: ${c.bytesUnmeasured} of ${c.messages} messages were counted in a flood without reading their data, at the mean size of the others`;
}

/** What the HAR keeps of a row's earlier request: enough to read why it ended. */
function earlierRequest(net: NetworkStream, r: (s: string) => string): Record<string, unknown> {
  return {
    requestId: net.requestId,
    startedDateTime: new Date(net.startedAt).toISOString(),
    endedDateTime: net.endedAt === null ? null : new Date(net.endedAt).toISOString(),
    status: net.status ?? 0,
    statusText: net.statusText,
    headers: headersOf(net.responseHeaders, r),
    end: net.end,
    events: net.events,
    byType: net.byType,
    retry: net.retry,
    ...(net.body && !net.body.binary ? { text: r(net.body.text) } : {}),
  };
}

function networkResponse(
  net: NetworkStream,
  c: Connection,
  r: (s: string) => string,
): HarEntry['response'] {
  const content: Record<string, unknown> = {
    size: Math.max(net.bytes, c.bytes),
    mimeType: net.mimeType,
  };
  if (c.bytes > net.bytes && c.bytesUnmeasured > 0) content['comment'] = estimatedSize(c);
  // A refused stream's body, already capped and redacted by the capture; redacted again with
  // the rule in force now.
  if (net.body && !net.body.binary) content['text'] = r(net.body.text);
  const location = net.responseHeaders['location'];
  return {
    status: net.status ?? 0,
    statusText: net.statusText,
    httpVersion: httpVersionOf(net.protocol),
    headers: headersOf(net.responseHeaders, r),
    cookies: [],
    content,
    redirectURL: location ? r(location) : '',
    headersSize: -1,
    bodySize: -1,
  };
}

/**
 * CDP's phases as HAR timings. dns/connect/ssl stay -1 where they did not happen (a reused
 * socket); send and wait, which HAR requires non-negative, are 0 when CDP did not time them. The
 * stream's life after its headers (request start plus the phases before them; HAR counts ssl
 * inside connect) is `receive`.
 */
function networkTimings(net: NetworkStream, end: number): HarTimings {
  const t = net.timing as NonNullable<NetworkStream['timing']>;
  const phase = (ms: number) => (ms < 0 ? -1 : ms);
  const send = Math.max(0, t.sendMs);
  const wait = Math.max(0, t.waitMs);
  const headersAt = net.startedAt + Math.max(0, t.dnsMs) + Math.max(0, t.connectMs) + send + wait;
  return {
    blocked: -1,
    dns: phase(t.dnsMs),
    connect: phase(t.connectMs),
    ssl: phase(t.sslMs),
    send,
    wait,
    receive: Math.max(0, (net.endedAt ?? end) - headersAt),
  };
}

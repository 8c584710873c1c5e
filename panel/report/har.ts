/**
 * The captured session as HAR-like JSON, so it opens in HAR viewers: one entry per EventSource
 * with its request URL (redacted), timings, the construction stack as `_initiator.stack` in the
 * CDP shape DevTools itself writes, and the recent messages as `_sseMessages`.
 */
import { connectionLabel, type Connection } from '../model';
import { parseFrame } from '../stack';
import { redactText } from './redact';

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
  readonly timings: { readonly send: number; readonly wait: number; readonly receive: number };
  readonly _resourceType: 'eventsource';
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
    entries.push({
      startedDateTime: new Date(c.createdAt).toISOString(),
      time: Math.max(0, end - c.createdAt),
      request: {
        method: 'GET',
        url,
        httpVersion: '',
        headers: [{ name: 'Accept', value: 'text/event-stream' }],
        queryString: queryOf(url),
        cookies: [],
        headersSize: -1,
        bodySize: 0,
      },
      response: {
        // The page cannot see the status; an opened stream was a 200 text/event-stream.
        status: c.openedAt === null ? 0 : 200,
        statusText: '',
        httpVersion: '',
        headers: [],
        cookies: [],
        content: { size: c.bytes, mimeType: 'text/event-stream' },
        redirectURL: '',
        headersSize: -1,
        bodySize: -1,
      },
      cache: {},
      timings: { send: 0, wait, receive: c.openedAt === null ? 0 : Math.max(0, end - c.openedAt) },
      _resourceType: 'eventsource',
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
        data: m.data,
        truncated: m.cut,
      })),
      _sse: {
        closedBy: c.closedBy,
        messages: c.messages,
        transientErrors: c.transientErrors,
        terminalErrors: c.terminalErrors,
        parent: c.parentKey,
        parentId: c.parentId === null ? null : `#${c.parentId}`,
        client: c.client,
        marker: c.marker,
        reason: c.reason,
      },
    });
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

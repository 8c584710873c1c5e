/**
 * Record drafts both connection registries build the same way — EventSource (connections.ts)
 * and fetch streams (fetch-streams.ts): the `conn` draft with its lineage and byte estimate, the
 * flush-time step that formats a `conn`/`close` draft's stack and URL, and the `annotate`
 * record made from the page's info object. One implementation, so the two kinds of connection
 * cannot drift apart in what the panel receives.
 */
import { LIMITS } from '../../src/protocol/limits';
import type { DraftOf, RecordDraft } from '../../src/protocol/records';
import type { Annotation } from './connection-snapshot';
import type { Lineage } from './connections';
import { dict, type Natives } from './natives';
import { RECORD_OVERHEAD } from './record-log';
import { HOOK_FRAMES } from './stack-trace';
import { cap } from './traffic-interval';

/** Byte estimates for a stack / URL not formatted yet (corrected by `finishDraft`). */
export const STACK_ESTIMATE = 600;
export const URL_ESTIMATE = 128;

/** A `conn` draft (stack and URL filled in at flush) and its byte estimate. */
export function connDraft(id: number, lineage: Lineage | null): DraftOf<'conn'> {
  const draft: DraftOf<'conn'> = {
    k: 'conn',
    id,
    url: '',
    withCredentials: false,
    stack: '',
    seq: 0,
    t: 0,
  };
  if (lineage !== null) {
    draft.parent = lineage.parent;
    draft.timer = lineage.timer;
  }
  return draft;
}

/** The estimate a draft is emitted with: `error` is the captured stack, or null. */
export const connDraftBytes = (error: unknown): number =>
  RECORD_OVERHEAD + URL_ESTIMATE + (error === null ? 40 : STACK_ESTIMATE);

export interface DraftHost {
  formatStack(error: unknown, skipFrames: number): string;
  redact(url: string): string;
  resize(draft: RecordDraft, bytes: number): void;
}

/** What `finishDraft` reads and fills in on the connection. */
export interface DraftedConnection {
  readonly rawUrl: string;
  url: string;
  stack: string;
  readonly withCredentials: boolean;
}

/**
 * Flush-time step of a `conn` or `close` draft: formats the stack captured at the call, redacts
 * the URL once per connection, and corrects the byte estimate the record was emitted with.
 */
export function finishDraft(
  host: DraftHost,
  record: DraftOf<'conn'> | DraftOf<'close'>,
  conn: DraftedConnection,
  error: unknown,
): void {
  const stack = host.formatStack(error, HOOK_FRAMES);
  record.stack = stack;
  if (record.k === 'conn') {
    if (conn.url === '') conn.url = host.redact(conn.rawUrl);
    record.url = conn.url;
    record.withCredentials = conn.withCredentials;
    conn.stack = stack;
    host.resize(record, RECORD_OVERHEAD + conn.url.length + stack.length);
  } else {
    host.resize(record, RECORD_OVERHEAD + stack.length);
  }
}

/** One label of the page's annotate() info, as a capped string; never throws. */
function label(natives: Natives, info: Record<string, unknown>, key: string): string {
  try {
    const value = info[key];
    if (value === undefined || value === null) return '';
    return cap(natives, natives.String(value), LIMITS.maxLabel);
  } catch {
    // A throwing getter or toString on the page's info object.
    return '[unreadable]';
  }
}

/**
 * `annotate(target, info)` for connection `conn`: the record doubles as the connection's
 * annotation (the snapshot copies the three labels) and is emitted.
 */
export function annotateConnection(
  natives: Natives,
  conn: { readonly id: number; annotation: Annotation | null },
  info: unknown,
  emit: (draft: RecordDraft, bytes: number) => void,
): void {
  const src = (typeof info === 'object' && info !== null ? info : dict()) as Record<
    string,
    unknown
  >;
  const client = label(natives, src, 'client');
  const marker = label(natives, src, 'marker');
  const reason = label(natives, src, 'reason');
  const record = { k: 'annotate', id: conn.id, client, marker, reason } as const;
  conn.annotation = record;
  emit(record, RECORD_OVERHEAD + client.length + marker.length + reason.length);
}

/**
 * Importing the panel's own HAR back, read-only. The file comes from anywhere: it must be a HAR
 * this panel wrote (`creator.name`), and every field read is checked for type, range and size
 * before use; the first problem is reported with its JSON path, in the UI language. Fields not
 * read are not carried over. Strings are only ever rendered as text.
 *
 * The entries become an evidence report's recording (so Timeline and Acceptance judge them like
 * an imported report) plus one row per entry for the imported HAR's own table.
 */
import { SESSION_WINDOW } from '../acceptance/window';
import { t, type StringKey, type TextParams } from '../i18n';
import { sessionOfKey, type ClosedBy } from '../model';
import { RECORDER_LIMITS } from '../recording/recorder';
import type { RecordedConnection, RecordedSession, Recording } from '../recording/recording';
import { DEFAULT_PANEL_SETTINGS } from '../settings/panel-settings';
import { LIMITS } from '../../src/protocol';
import { HAR_CREATOR } from './har';
import { buildReport, importReport, type ImportedReport } from './report';
import { parseReport } from './validate-report';

/** Entries accepted (the recorder's own bound on connections). */
export const MAX_HAR_ENTRIES = RECORDER_LIMITS.connections;
/** Messages read per entry (the export writes at most a few hundred). */
export const MAX_HAR_MESSAGES = 1_000;
/** Headers read per request or response. */
export const MAX_HAR_HEADERS = 128;
/** Characters of one message's data, one header value, or a response body. */
export const MAX_HAR_TEXT = 65_536;

/** One entry of an imported HAR, as its table shows it. */
export interface ImportedHarRow {
  readonly key: string;
  /** `#n` as the exporting panel showed it. */
  readonly label: string;
  readonly kind: string;
  readonly method: string;
  readonly url: string;
  readonly status: number;
  readonly statusText: string;
  readonly mimeType: string;
  readonly httpVersion: string;
  /** Epoch ms. */
  readonly startedAt: number;
  readonly time: number;
  readonly messages: number;
  /** Event types seen, sorted. */
  readonly types: readonly string[];
  /** The entry carried what network capture saw (headers, all events). */
  readonly network: boolean;
  readonly requestHeaders: number;
  readonly responseHeaders: number;
}

export type HarImport = { ok: true; imported: ImportedReport } | { ok: false; error: string };

class Invalid extends Error {}
type Obj = Record<string, unknown>;

function fail(path: string, problem: StringKey, params?: TextParams): never {
  throw new Invalid(`${path}: ${t(problem, params)}`);
}

function obj(v: unknown, path: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(path, 'import.expectedObject');
  return v as Obj;
}

function field(o: Obj, key: string, path: string): unknown {
  if (!(key in o)) fail(`${path}.${key}`, 'import.missing');
  return o[key];
}

function str(v: unknown, path: string, max: number = LIMITS.maxLabel): string {
  if (typeof v !== 'string') fail(path, 'import.expectedString');
  if (v.length > max) fail(path, 'import.tooLong', { max });
  return v;
}

function num(v: unknown, path: string, opts: { int?: boolean; min?: number; max?: number } = {}) {
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(path, 'import.expectedNumber');
  if (opts.int && !Number.isInteger(v)) fail(path, 'import.expectedInteger');
  if (opts.min !== undefined && v < opts.min) fail(path, 'import.tooSmall', { min: opts.min });
  if (opts.max !== undefined && v > opts.max) fail(path, 'import.invalidValue');
  return v;
}

function arr(v: unknown, path: string, max: number): unknown[] {
  if (!Array.isArray(v)) fail(path, 'import.expectedArray');
  if (v.length > max) fail(path, 'import.tooMany', { max });
  return v;
}

function date(v: unknown, path: string): number {
  const ms = Date.parse(str(v, path, 64));
  if (Number.isNaN(ms)) fail(path, 'import.notADate');
  return ms;
}

function strOrNull(v: unknown, path: string, max?: number): string | null {
  return v === null || v === undefined ? null : str(v, path, max);
}

function headerCount(v: unknown, path: string): number {
  const headers = arr(v, path, MAX_HAR_HEADERS);
  headers.forEach((h, i) => {
    const o = obj(h, `${path}[${i}]`);
    str(field(o, 'name', `${path}[${i}]`), `${path}[${i}].name`);
    str(field(o, 'value', `${path}[${i}]`), `${path}[${i}].value`, MAX_HAR_TEXT);
  });
  return headers.length;
}

/** Types of a message list (`_sseMessages` or `_eventSourceMessages`), each message checked. */
function messageTypes(v: unknown, path: string): string[] {
  return arr(v, path, MAX_HAR_MESSAGES).map((m, i) => {
    const p = `${path}[${i}]`;
    const o = obj(m, p);
    num(field(o, 'time', p), `${p}.time`);
    str(field(o, 'id', p), `${p}.id`, LIMITS.maxLabel);
    str(field(o, 'data', p), `${p}.data`, MAX_HAR_TEXT);
    return str(field(o, 'type', p), `${p}.type`);
  });
}

const CLOSED_BY: readonly (ClosedBy | null)[] = ['page', 'browser', 'unload', null];
const KINDS = ['eventsource', 'fetch', 'xhr'];

/** A stack line V8 would print, so the panel's stack parser reads it back. */
function stackOf(v: unknown, path: string): string {
  const initiator = obj(v, path);
  const frames = arr(
    field(obj(field(initiator, 'stack', path), `${path}.stack`), 'callFrames', `${path}.stack`),
    `${path}.stack.callFrames`,
    200,
  );
  return frames
    .map((f, i) => {
      const p = `${path}.stack.callFrames[${i}]`;
      const o = obj(f, p);
      const fn = str(field(o, 'functionName', p), `${p}.functionName`);
      const url = str(field(o, 'url', p), `${p}.url`, LIMITS.maxUrl);
      const line = num(field(o, 'lineNumber', p), `${p}.lineNumber`, { int: true, min: 0 }) + 1;
      const col = num(field(o, 'columnNumber', p), `${p}.columnNumber`, { int: true, min: 0 }) + 1;
      return fn ? `    at ${fn} (${url}:${line}:${col})` : `    at ${url}:${line}:${col}`;
    })
    .join('\n');
}

function entryOf(
  v: unknown,
  index: number,
): { connection: Omit<RecordedConnection, 'seq'>; row: ImportedHarRow } {
  const path = `$.log.entries[${index}]`;
  const e = obj(v, path);
  const startedAt = date(field(e, 'startedDateTime', path), `${path}.startedDateTime`);
  const time = num(field(e, 'time', path), `${path}.time`, { min: 0 });
  const request = obj(field(e, 'request', path), `${path}.request`);
  const response = obj(field(e, 'response', path), `${path}.response`);
  const url = str(field(request, 'url', `${path}.request`), `${path}.request.url`, LIMITS.maxUrl);
  const method = str(field(request, 'method', `${path}.request`), `${path}.request.method`, 16);
  const requestHeaders = headerCount(
    field(request, 'headers', `${path}.request`),
    `${path}.request.headers`,
  );
  const status = num(field(response, 'status', `${path}.response`), `${path}.response.status`, {
    int: true,
    min: 0,
    max: 999,
  });
  const statusText = str(
    field(response, 'statusText', `${path}.response`),
    `${path}.response.statusText`,
  );
  const httpVersion = str(
    field(response, 'httpVersion', `${path}.response`),
    `${path}.response.httpVersion`,
    32,
  );
  const responseHeaders = headerCount(
    field(response, 'headers', `${path}.response`),
    `${path}.response.headers`,
  );
  const content = obj(field(response, 'content', `${path}.response`), `${path}.response.content`);
  const mimeType = str(
    field(content, 'mimeType', `${path}.response.content`),
    `${path}.response.content.mimeType`,
  );
  if ('text' in content) str(content['text'], `${path}.response.content.text`, MAX_HAR_TEXT);
  const timings = obj(field(e, 'timings', path), `${path}.timings`);
  const wait = num(field(timings, 'wait', `${path}.timings`), `${path}.timings.wait`, { min: -1 });
  const kind = str(field(e, '_resourceType', path), `${path}._resourceType`);
  if (!KINDS.includes(kind))
    fail(`${path}._resourceType`, 'import.expectedOneOf', { values: KINDS.join(', ') });
  const key = str(field(e, '_connectionKey', path), `${path}._connectionKey`);
  if (!key.includes('#')) fail(`${path}._connectionKey`, 'import.invalidValue');
  const label = str(field(e, '_connectionId', path), `${path}._connectionId`, 32);
  const displayId = /^#(\d{1,9})$/.exec(label)?.[1];
  const stack = stackOf(field(e, '_initiator', path), `${path}._initiator`);
  const hookTypes = messageTypes(field(e, '_sseMessages', path), `${path}._sseMessages`);
  const netTypes =
    '_eventSourceMessages' in e
      ? messageTypes(e['_eventSourceMessages'], `${path}._eventSourceMessages`)
      : null;
  const sse = obj(field(e, '_sse', path), `${path}._sse`);
  const closedBy = strOrNull(sse['closedBy'], `${path}._sse.closedBy`) as ClosedBy | null;
  if (!CLOSED_BY.includes(closedBy))
    fail(`${path}._sse.closedBy`, 'import.expectedOneOf', { values: 'page, browser, unload' });
  const messages = num(field(sse, 'messages', `${path}._sse`), `${path}._sse.messages`, {
    int: true,
    min: 0,
  });
  const parent = strOrNull(sse['parent'], `${path}._sse.parent`);
  const annotation = ['client', 'marker', 'reason'].map((k) =>
    str(sse[k] ?? '', `${path}._sse.${k}`, LIMITS.maxLabel),
  ) as [string, string, string];
  const idPart = Number(key.slice(key.lastIndexOf('#') + 1));
  return {
    connection: {
      key,
      ...(displayId === undefined ? {} : { displayId: Number(displayId) }),
      session: sessionOfKey(key),
      id: Number.isSafeInteger(idPart) ? idPart : 0,
      url,
      createdAt: startedAt,
      openedAt: status >= 200 && status <= 299 && wait >= 0 ? startedAt + wait : null,
      closedAt: closedBy === null ? null : startedAt + time,
      closeSeq: null,
      closedBy,
      parent,
      timer: null,
      annotation: annotation.some((s) => s !== '')
        ? { client: annotation[0], marker: annotation[1], reason: annotation[2], t: startedAt }
        : null,
      stack,
    },
    row: {
      key,
      label,
      kind,
      method,
      url,
      status,
      statusText,
      mimeType,
      httpVersion,
      startedAt,
      time,
      messages: netTypes ? netTypes.length : messages,
      types: [...new Set(netTypes ?? hookTypes)].sort(),
      network: netTypes !== null,
      requestHeaders,
      responseHeaders,
    },
  };
}

/** Validates a parsed HAR and turns it into an imported (read-only) report with its rows. */
export function importHar(value: unknown, fileName: string): HarImport {
  try {
    const root = obj(value, '$');
    const log = obj(field(root, 'log', '$'), '$.log');
    const creator = obj(field(log, 'creator', '$.log'), '$.log.creator');
    if (creator['name'] !== HAR_CREATOR)
      fail('$.log.creator.name', 'import.notOwnHar', { creator: HAR_CREATOR });
    str(field(log, 'version', '$.log'), '$.log.version', 16);
    const raw = arr(field(log, 'entries', '$.log'), '$.log.entries', MAX_HAR_ENTRIES);
    const parsed = raw.map(entryOf);
    const keys = new Set<string>();
    parsed.forEach(({ connection }, i) => {
      if (keys.has(connection.key))
        fail(`$.log.entries[${i}]._connectionKey`, 'import.duplicateKey');
      keys.add(connection.key);
    });
    return { ok: true, imported: toImported(parsed, fileName) };
  } catch (error) {
    if (error instanceof Invalid) return { ok: false, error: error.message };
    throw error;
  }
}

function toImported(
  parsed: ReadonlyArray<{ connection: Omit<RecordedConnection, 'seq'>; row: ImportedHarRow }>,
  fileName: string,
): ImportedReport {
  const connections: RecordedConnection[] = parsed
    .map((p) => p.connection)
    .sort((a, b) => a.createdAt - b.createdAt)
    .map((c, i) => ({ ...c, seq: i + 1 }));
  const sessions = new Map<string, RecordedSession>();
  for (const c of connections)
    if (!sessions.has(c.session))
      sessions.set(c.session, {
        session: c.session,
        firstAt: c.createdAt,
        // A HAR does not say whether the document's history is complete from its start.
        fromStart: false,
        url: originOf(c.url),
        unloadedAt: null,
      });
  const start = connections[0]?.createdAt ?? null;
  const end = Math.max(start ?? 0, ...parsed.map((p) => p.row.startedAt + p.row.time));
  const recording: Recording = {
    start,
    end,
    connections,
    timers: [],
    debug: [],
    sessions: [...sessions.values()],
    lostRecords: 0,
    truncated: 0,
  };
  const origin = connections[0] ? originOf(connections[0].url) : '';
  const report = buildReport({
    recording,
    choice: SESSION_WINDOW,
    settings: DEFAULT_PANEL_SETTINGS,
    pageUrl: '',
    origin,
    createdAt: new Date(end),
  });
  return {
    ...importReport(report, fileName),
    harRows: parsed.map((p) => p.row).sort((a, b) => a.startedAt - b.startedAt),
  };
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    // A row without an absolute URL (a placeholder): no origin to name.
    return '';
  }
}

/**
 * An imported file: our HAR (an object with `log`) or our evidence report (anything else, which
 * the report validator then judges). The size bound is checked by the caller before reading.
 */
export function importFileText(text: string, fileName: string): HarImport {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: t('import.notJson', { error: (error as Error).message }) };
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && 'log' in value)
    return importHar(value, fileName);
  const parsed = parseReport(text);
  return parsed.ok
    ? { ok: true, imported: importReport(parsed.report, fileName) }
    : { ok: false, error: parsed.error };
}

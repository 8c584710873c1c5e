/**
 * Strict validation of an imported evidence report: the file comes from anywhere. Every field is
 * checked for type, range and size; unknown fields are refused (a typo must not pass silently);
 * the first problem is reported with its JSON path so the user can see what is wrong.
 */
import { MAX_DELIVERY_OFFENDERS, type DeliverySummary } from '../acceptance/delivered-once';
import { CRITERIA, type EvidenceLine, type Verdict } from '../acceptance/verdict';
import { isWindowChoice } from '../acceptance/window';
import { RECORDER_LIMITS } from '../recording/recorder';
import type {
  DebugSample,
  RecordedConnection,
  RecordedSession,
  TimerEvent,
} from '../recording/recording';
import { t, type StringKey, type TextParams } from '../i18n';
import { sanitizeSettings, type PanelSettings } from '../settings/panel-settings';
import { LIMITS } from '../../src/protocol';
import { REPORT_SCHEMA, REPORT_VERSION, type EvidenceReport } from './report';

/** Largest file accepted (a full recording at the recorder's caps fits well under it). */
export const MAX_REPORT_BYTES = 64 * 1024 * 1024;

export type ParseResult = { ok: true; report: EvidenceReport } | { ok: false; error: string };

class Invalid extends Error {}

type Obj = Record<string, unknown>;

/** The first problem, in the UI language (the JSON path stays as written in the file). */
function fail(path: string, problem: StringKey, params?: TextParams): never {
  throw new Invalid(`${path}: ${t(problem, params)}`);
}

function obj(
  v: unknown,
  path: string,
  keys: readonly string[],
  optional: readonly string[] = [],
): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(path, 'import.expectedObject');
  const o = v as Obj;
  for (const k of Object.keys(o))
    if (!keys.includes(k) && !optional.includes(k)) fail(`${path}.${k}`, 'import.unknownField');
  for (const k of keys) if (!(k in o)) fail(`${path}.${k}`, 'import.missing');
  return o;
}

function str(v: unknown, path: string, max: number = LIMITS.maxLabel): string {
  if (typeof v !== 'string') fail(path, 'import.expectedString');
  if (v.length > max) fail(path, 'import.tooLong', { max });
  return v;
}

function num(v: unknown, path: string, opts: { int?: boolean; min?: number } = {}): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(path, 'import.expectedNumber');
  if (opts.int && !Number.isInteger(v)) fail(path, 'import.expectedInteger');
  if (opts.min !== undefined && v < opts.min) fail(path, 'import.tooSmall', { min: opts.min });
  return v;
}

const time = (v: unknown, path: string) => num(v, path, { min: 0 });
const count = (v: unknown, path: string) => num(v, path, { int: true, min: 0 });

function nullable<T>(v: unknown, path: string, check: (v: unknown, path: string) => T): T | null {
  return v === null ? null : check(v, path);
}

function bool(v: unknown, path: string): boolean {
  if (typeof v !== 'boolean') fail(path, 'import.expectedBoolean');
  return v;
}

function list<T>(
  v: unknown,
  path: string,
  max: number,
  each: (v: unknown, path: string) => T,
): T[] {
  if (!Array.isArray(v)) fail(path, 'import.expectedArray');
  if (v.length > max) fail(path, 'import.tooMany', { max });
  return v.map((x, i) => each(x, `${path}[${i}]`));
}

function oneOf<T extends string>(v: unknown, path: string, values: readonly T[]): T {
  if (typeof v !== 'string' || !values.includes(v as T))
    fail(path, 'import.expectedOneOf', { values: values.join(', ') });
  return v as T;
}

function connection(v: unknown, p: string): RecordedConnection {
  const o = obj(
    v,
    p,
    [
      'key',
      'session',
      'id',
      'url',
      'createdAt',
      'seq',
      'openedAt',
      'closedAt',
      'closeSeq',
      'closedBy',
      'parent',
      'timer',
      'annotation',
      'stack',
    ],
    ['displayId'],
  );
  const annotation =
    o.annotation === null
      ? null
      : (() => {
          const a = obj(o.annotation, `${p}.annotation`, ['client', 'marker', 'reason', 't']);
          return {
            client: str(a.client, `${p}.annotation.client`),
            marker: str(a.marker, `${p}.annotation.marker`),
            reason: str(a.reason, `${p}.annotation.reason`),
            t: time(a.t, `${p}.annotation.t`),
          };
        })();
  return {
    key: str(o.key, `${p}.key`),
    // Absent in reports saved before the panel gave connections display ids.
    ...(o.displayId === undefined ? {} : { displayId: count(o.displayId, `${p}.displayId`) }),
    session: str(o.session, `${p}.session`),
    id: count(o.id, `${p}.id`),
    url: str(o.url, `${p}.url`, LIMITS.maxUrl),
    createdAt: time(o.createdAt, `${p}.createdAt`),
    seq: count(o.seq, `${p}.seq`),
    openedAt: nullable(o.openedAt, `${p}.openedAt`, time),
    closedAt: nullable(o.closedAt, `${p}.closedAt`, time),
    closeSeq: nullable(o.closeSeq, `${p}.closeSeq`, count),
    closedBy:
      o.closedBy === null
        ? null
        : oneOf(o.closedBy, `${p}.closedBy`, ['page', 'browser', 'unload'] as const),
    parent: nullable(o.parent, `${p}.parent`, str),
    timer: nullable(o.timer, `${p}.timer`, str),
    annotation,
    stack: str(o.stack, `${p}.stack`, LIMITS.maxStack),
  };
}

function timerEvent(v: unknown, p: string): TimerEvent {
  const o = obj(v, p, ['t', 'seq', 'session', 'timer', 'conn', 'phase']);
  return {
    t: time(o.t, `${p}.t`),
    seq: count(o.seq, `${p}.seq`),
    session: str(o.session, `${p}.session`),
    timer: str(o.timer, `${p}.timer`),
    conn: str(o.conn, `${p}.conn`),
    phase: oneOf(o.phase, `${p}.phase`, ['created', 'fired', 'cleared'] as const),
  };
}

function debugSample(v: unknown, p: string): DebugSample {
  const o = obj(
    v,
    p,
    ['t', 'seq', 'session', 'name', 'ok', 'connects', 'timers', 'subscribers'],
    // Absent in reports exported before the panel read the client's deliveries.
    ['deliveries'],
  );
  return {
    t: time(o.t, `${p}.t`),
    seq: count(o.seq, `${p}.seq`),
    session: str(o.session, `${p}.session`),
    name: str(o.name, `${p}.name`),
    ok: bool(o.ok, `${p}.ok`),
    connects: nullable(o.connects, `${p}.connects`, num),
    timers: nullable(o.timers, `${p}.timers`, num),
    subscribers: nullable(o.subscribers, `${p}.subscribers`, num),
    ...(o.deliveries === undefined
      ? {}
      : { deliveries: nullable(o.deliveries, `${p}.deliveries`, deliverySummary) }),
  };
}

function deliverySummary(v: unknown, p: string): DeliverySummary {
  const o = obj(v, p, ['received', 'subscribers', 'duplicates', 'missed', 'offenders']);
  return {
    received: count(o.received, `${p}.received`),
    subscribers: count(o.subscribers, `${p}.subscribers`),
    duplicates: count(o.duplicates, `${p}.duplicates`),
    missed: count(o.missed, `${p}.missed`),
    offenders: list(o.offenders, `${p}.offenders`, MAX_DELIVERY_OFFENDERS, (x, q) => {
      const e = obj(x, q, ['name', 'duplicates', 'missed']);
      return {
        name: str(e.name, `${q}.name`),
        duplicates: count(e.duplicates, `${q}.duplicates`),
        missed: count(e.missed, `${q}.missed`),
      };
    }),
  };
}

function session(v: unknown, p: string): RecordedSession {
  const o = obj(v, p, ['session', 'firstAt', 'fromStart', 'url', 'unloadedAt']);
  return {
    session: str(o.session, `${p}.session`),
    firstAt: time(o.firstAt, `${p}.firstAt`),
    fromStart: bool(o.fromStart, `${p}.fromStart`),
    url: str(o.url, `${p}.url`, LIMITS.maxUrl),
    unloadedAt: nullable(o.unloadedAt, `${p}.unloadedAt`, time),
  };
}

function evidenceLine(v: unknown, p: string): EvidenceLine {
  const o = obj(v, p, ['code', 'params']);
  const params = obj(o.params, `${p}.params`, [], Object.keys((o.params ?? {}) as Obj));
  const out: Record<string, string | number> = {};
  if (Object.keys(params).length > 32) fail(`${p}.params`, 'import.tooMany', { max: 32 });
  for (const [k, x] of Object.entries(params)) {
    out[k] = typeof x === 'number' ? num(x, `${p}.params.${k}`) : str(x, `${p}.params.${k}`, 4096);
  }
  return { code: str(o.code, `${p}.code`), params: out };
}

function verdictOf(v: unknown, p: string): Verdict {
  const o = obj(v, p, ['id', 'status', 'evidence', 'offenders', 'at']);
  return {
    id: oneOf(o.id, `${p}.id`, CRITERIA),
    status: oneOf(o.status, `${p}.status`, ['pass', 'fail', 'noData'] as const),
    evidence: list(o.evidence, `${p}.evidence`, 64, evidenceLine),
    offenders: list(o.offenders, `${p}.offenders`, 1000, str),
    at: nullable(o.at, `${p}.at`, time),
  };
}

const SETTINGS_ADDED_LATER: ReadonlySet<keyof PanelSettings> = new Set(['reconnectStormPerMinute']);

function settingsOf(v: unknown, p: string): PanelSettings {
  const o = obj(v, p, [
    'expectedPerEndpoint',
    'endpointPath',
    'debugGlobals',
    'pollMs',
    'redactParams',
    'bufferBytes',
    'dataCap',
    'reconnectStormPerMinute',
  ]);
  const s = sanitizeSettings(o);
  // Sanitising would quietly replace a bad value with a default: for a report that is a lie.
  for (const k of Object.keys(s) as Array<keyof PanelSettings>) {
    // Settings added since the report version may be absent from older reports: the default stands.
    if (o[k] === undefined && SETTINGS_ADDED_LATER.has(k)) continue;
    if (JSON.stringify(s[k]) !== JSON.stringify(o[k])) fail(`${p}.${k}`, 'import.invalidValue');
  }
  return s;
}

function numbers(v: unknown, p: string, max: number, allowNull: boolean): (number | null)[] {
  return list(v, p, max, (x, q) => (allowNull && x === null ? null : num(x, q)));
}

function validate(doc: unknown): EvidenceReport {
  // Schema and version first: a newer report should say so, not list the fields it changed.
  if (typeof doc === 'object' && doc !== null && !Array.isArray(doc)) {
    const head = doc as Obj;
    if (head.schema !== REPORT_SCHEMA)
      fail('$.schema', 'import.notAReport', { schema: REPORT_SCHEMA });
    if (head.version !== REPORT_VERSION)
      fail('$.version', 'import.unsupportedVersion', {
        version: JSON.stringify(head.version),
        supported: REPORT_VERSION,
      });
  }
  const top = obj(doc, '$', [
    'schema',
    'version',
    'createdAt',
    'page',
    'window',
    'settings',
    'verdicts',
    'connections',
    'recording',
    'series',
  ]);
  if (top.schema !== REPORT_SCHEMA)
    fail('$.schema', 'import.notAReport', { schema: REPORT_SCHEMA });
  if (top.version !== REPORT_VERSION)
    fail('$.version', 'import.unsupportedVersion', {
      version: JSON.stringify(top.version),
      supported: REPORT_VERSION,
    });
  const createdAt = str(top.createdAt, '$.createdAt', 64);
  if (Number.isNaN(Date.parse(createdAt))) fail('$.createdAt', 'import.notADate');
  const page = obj(top.page, '$.page', ['url', 'origin']);
  let window: EvidenceReport['window'] = null;
  if (top.window !== null) {
    const w = obj(top.window, '$.window', ['choice', 'from', 'to']);
    if (!isWindowChoice(w.choice)) fail('$.window.choice', 'import.notAWindow');
    const from = time(w.from, '$.window.from');
    const to = time(w.to, '$.window.to');
    if (to < from) fail('$.window.to', 'import.beforeFrom');
    window = { choice: w.choice, from, to };
  }
  const rec = obj(top.recording, '$.recording', [
    'start',
    'end',
    'timers',
    'debug',
    'sessions',
    'lostRecords',
    'truncated',
  ]);
  const connections = list(
    top.connections,
    '$.connections',
    RECORDER_LIMITS.connections,
    connection,
  );
  const keys = new Set<string>();
  connections.forEach((c, i) => {
    if (keys.has(c.key)) fail(`$.connections[${i}].key`, 'import.duplicateKey');
    keys.add(c.key);
    if (c.closedAt !== null && c.closedAt < c.createdAt)
      fail(`$.connections[${i}].closedAt`, 'import.beforeCreatedAt');
  });
  const s = obj(top.series, '$.series', [
    't',
    'bucketMs',
    'live',
    'timers',
    'connects',
    'debugConnects',
    'debugTimers',
    'debugSubscribers',
  ]);
  const maxPoints = 100_000;
  const t = numbers(s.t, '$.series.t', maxPoints, false) as number[];
  const series = {
    t,
    bucketMs: num(s.bucketMs, '$.series.bucketMs', { min: 0 }),
    live: numbers(s.live, '$.series.live', maxPoints, false) as number[],
    timers: numbers(s.timers, '$.series.timers', maxPoints, false) as number[],
    connects: numbers(s.connects, '$.series.connects', maxPoints, false) as number[],
    debugConnects: numbers(s.debugConnects, '$.series.debugConnects', maxPoints, true),
    debugTimers: numbers(s.debugTimers, '$.series.debugTimers', maxPoints, true),
    debugSubscribers: numbers(s.debugSubscribers, '$.series.debugSubscribers', maxPoints, true),
  };
  for (const k of [
    'live',
    'timers',
    'connects',
    'debugConnects',
    'debugTimers',
    'debugSubscribers',
  ] as const) {
    if (series[k].length !== t.length)
      fail(`$.series.${k}`, 'import.lengthDiffers', { other: '$.series.t' });
  }
  return {
    schema: REPORT_SCHEMA,
    version: REPORT_VERSION,
    createdAt,
    page: {
      url: str(page.url, '$.page.url', LIMITS.maxUrl),
      origin: str(page.origin, '$.page.origin', LIMITS.maxUrl),
    },
    window,
    settings: settingsOf(top.settings, '$.settings'),
    verdicts: list(top.verdicts, '$.verdicts', CRITERIA.length, verdictOf),
    connections,
    recording: {
      start: nullable(rec.start, '$.recording.start', time),
      end: time(rec.end, '$.recording.end'),
      timers: list(rec.timers, '$.recording.timers', RECORDER_LIMITS.timerEvents, timerEvent),
      debug: list(rec.debug, '$.recording.debug', RECORDER_LIMITS.debugSamples, debugSample),
      sessions: list(rec.sessions, '$.recording.sessions', 10_000, session),
      lostRecords: count(rec.lostRecords, '$.recording.lostRecords'),
      truncated: count(rec.truncated, '$.recording.truncated'),
    },
    series,
  };
}

/** Parses and validates the text of a report file; never throws. */
export function parseReport(text: string): ParseResult {
  if (text.length > MAX_REPORT_BYTES)
    return { ok: false, error: t('import.tooLarge', { mb: MAX_REPORT_BYTES / 1024 / 1024 }) };
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      error: t('import.notJson', {
        error: error instanceof Error ? error.message : String(error),
      }),
    };
  }
  try {
    return { ok: true, report: validate(doc) };
  } catch (error) {
    if (error instanceof Invalid) return { ok: false, error: error.message };
    // A bug here, not bad input: still a clear message rather than a crashed panel.
    return { ok: false, error: t('import.unreadable', { error: String(error) }) };
  }
}

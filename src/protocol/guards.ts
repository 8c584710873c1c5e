/**
 * Type guards on `unknown` for every hop. They check shape, version and caps; they never throw
 * (a getter on a forged object could, so property reads happen inside try/catch).
 */
import { HOOK_SETTING_BOUNDS, LIMITS } from './limits';
import type {
  AnyMessage,
  BackgroundToPanel,
  BackgroundToRelay,
  BackgroundCensusRequestMessage,
  BackgroundWakeMessage,
  PageCensusMessage,
  PageProbeResultMessage,
  PageToRelay,
  PanelToBackground,
  RelayHelloAnswer,
  RelayCensusMessage,
  RelayHelloMessage,
  RelayToBackground,
  RelayToPage,
} from './messages';
import type { HookRecord, HookSettings, MessageSample } from './records';
import { PROTOCOL_VERSION, SOURCE } from './version';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown, max: number): v is string => typeof v === 'string' && v.length <= max;
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isCount = (v: unknown): v is number => isNum(v) && v >= 0 && Number.isInteger(v);
const isReadyState = (v: unknown): v is 0 | 1 | 2 => v === 0 || v === 1 || v === 2;
const isBool = (v: unknown): v is boolean => typeof v === 'boolean';
const isKind = (v: unknown): boolean => v === 'eventsource' || v === 'fetch' || v === 'xhr';
const isEnd = (v: unknown): boolean =>
  v === 'cancel' || v === 'abort' || v === 'server' || v === 'network';

/** Why an envelope was refused; `null` when it is fine. Used for the rejection counters. */
export type RejectReason = 'not-ours' | 'version' | 'shape' | 'size';

/** Checks the envelope header only. `not-ours` means the message is someone else's traffic. */
export function envelopeProblem(message: unknown): RejectReason | null {
  try {
    if (!isObj(message) || message.source !== SOURCE) return 'not-ours';
    if (message.version !== PROTOCOL_VERSION) return 'version';
    if (typeof message.kind !== 'string') return 'shape';
    return null;
  } catch {
    // A forged object with a throwing getter: treat it as malformed, never propagate.
    return 'shape';
  }
}

function isSample(v: unknown): v is MessageSample {
  return (
    isObj(v) &&
    isStr(v.type, LIMITS.maxLabel) &&
    isStr(v.id, LIMITS.maxLabel) &&
    isCount(v.size) &&
    isNum(v.t) &&
    isStr(v.data, LIMITS.maxSampleData) &&
    isBool(v.cut) &&
    (v.own === undefined || isBool(v.own))
  );
}

function isTypeCounts(v: unknown): boolean {
  if (!isObj(v)) return false;
  const keys = Object.keys(v);
  if (keys.length > LIMITS.maxTypesPerRecord) return false;
  return keys.every((key) => key.length <= LIMITS.maxLabel && isCount(v[key]));
}

/** JSON-safe value within depth and size caps (debug snapshots). */
export function isJsonValue(v: unknown, depth = 0): boolean {
  if (depth > LIMITS.maxDebugDepth) return false;
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v);
  if (Array.isArray(v)) return v.every((item) => isJsonValue(item, depth + 1));
  if (isObj(v)) {
    if (Object.getPrototypeOf(v) !== Object.prototype && Object.getPrototypeOf(v) !== null) {
      return false;
    }
    return Object.keys(v).every((key) => key !== '__proto__' && isJsonValue(v[key], depth + 1));
  }
  return false;
}

export function isHookRecord(v: unknown): v is HookRecord {
  try {
    if (!isObj(v) || !isCount(v.seq) || v.seq < 1 || !isNum(v.t)) return false;
    switch (v.k) {
      case 'hello':
        return (
          isStr(v.url, LIMITS.maxUrl) && isBool(v.top) && isStr(v.hookVersion, LIMITS.maxLabel)
        );
      case 'conn':
        return (
          isCount(v.id) &&
          isStr(v.url, LIMITS.maxUrl) &&
          isBool(v.withCredentials) &&
          isStr(v.stack, LIMITS.maxStack) &&
          (v.parent === undefined || isCount(v.parent)) &&
          (v.timer === undefined || isCount(v.timer)) &&
          (v.kind === undefined || isKind(v.kind)) &&
          (v.method === undefined || isStr(v.method, LIMITS.maxLabel))
        );
      case 'open':
        return isCount(v.id) && (v.status === undefined || isCount(v.status));
      case 'error':
        return isCount(v.id) && isReadyState(v.readyState) && (v.end === undefined || isEnd(v.end));
      case 'close':
        return (
          isCount(v.id) &&
          isStr(v.stack, LIMITS.maxStack) &&
          isReadyState(v.readyState) &&
          (v.end === undefined || isEnd(v.end)) &&
          (v.unsent === undefined || v.unsent === true)
        );
      case 'msgs':
        return (
          isCount(v.id) &&
          isCount(v.count) &&
          isCount(v.bytes) &&
          (v.unmeasured === undefined || (isCount(v.unmeasured) && v.unmeasured <= v.count)) &&
          isTypeCounts(v.byType) &&
          isStr(v.lastEventId, LIMITS.maxLabel) &&
          isNum(v.lastAt) &&
          Array.isArray(v.recent) &&
          v.recent.length <= LIMITS.maxSamplesPerRecord &&
          v.recent.every(isSample) &&
          isCount(v.skipped) &&
          (v.retry === undefined || isCount(v.retry))
        );
      case 'listen':
        return isCount(v.id) && isStr(v.type, LIMITS.maxLabel);
      case 'annotate':
        return (
          isCount(v.id) &&
          isStr(v.client, LIMITS.maxLabel) &&
          isStr(v.marker, LIMITS.maxLabel) &&
          isStr(v.reason, LIMITS.maxLabel)
        );
      case 'timer':
        return (
          isCount(v.timer) &&
          isCount(v.id) &&
          (v.phase === 'created' || v.phase === 'fired' || v.phase === 'cleared') &&
          isNum(v.delay)
        );
      case 'debug':
        return (
          isStr(v.name, LIMITS.maxLabel) &&
          isBool(v.ok) &&
          (v.error === undefined || isStr(v.error, LIMITS.maxLabel * 4)) &&
          isNum(v.ms) &&
          (v.value === undefined || isJsonValue(v.value))
        );
      case 'dropped':
        return isCount(v.count) && isCount(v.from) && isCount(v.to);
      default:
        return false;
    }
  } catch {
    // Throwing getters on forged input: not a record.
    return false;
  }
}

const isIn = (v: unknown, bounds: { readonly min: number; readonly max: number }): boolean =>
  isCount(v) && v >= bounds.min && v <= bounds.max;

export function isHookSettings(v: unknown): v is HookSettings {
  const b = HOOK_SETTING_BOUNDS;
  return (
    isObj(v) &&
    Array.isArray(v.redactParams) &&
    v.redactParams.length <= b.redactParams &&
    v.redactParams.every((p) => isStr(p, LIMITS.maxLabel)) &&
    Array.isArray(v.debugGlobals) &&
    v.debugGlobals.length <= b.debugGlobals &&
    v.debugGlobals.every((p) => isStr(p, LIMITS.maxLabel)) &&
    isIn(v.pollMs, b.pollMs) &&
    isIn(v.bufferBytes, b.bufferBytes) &&
    isIn(v.dataCap, b.dataCap)
  );
}

function isCursors(v: unknown): boolean {
  if (!isObj(v)) return false;
  const keys = Object.keys(v);
  return keys.length <= 10_000 && keys.every((k) => k.length <= LIMITS.maxLabel && isCount(v[k]));
}

function isCounters(v: unknown): boolean {
  if (!isObj(v)) return false;
  const keys = Object.keys(v);
  return keys.length <= 64 && keys.every((k) => k.length <= LIMITS.maxLabel && isCount(v[k]));
}

const isFrameOrigin = (m: Obj): boolean =>
  isCount(m.frameId) && isStr(m.documentId, LIMITS.maxLabel) && isStr(m.frameUrl, LIMITS.maxUrl);

function isRecordBatch(m: Obj): boolean {
  return (
    isStr(m.session, LIMITS.maxLabel) &&
    m.session.length > 0 &&
    Array.isArray(m.records) &&
    m.records.length <= LIMITS.maxRecordsPerBatch &&
    m.records.every(isHookRecord)
  );
}

/** `scheme://host[:port]` and nothing after it (what the hook cuts from a connection's URL). */
function isOrigin(v: unknown): v is string {
  if (!isStr(v, LIMITS.maxLabel) || v.length === 0) return false;
  const at = v.indexOf('://');
  return at > 0 && at + 3 < v.length && !/[/?#\s]/.test(v.slice(at + 3));
}

/** Census hosts: capped, each origin once, counts within bounds; reports add a protocol. */
function isCensusHosts(v: unknown, withProtocol: boolean): boolean {
  if (!Array.isArray(v) || v.length > LIMITS.maxCensusHosts) return false;
  const seen = new Set<string>();
  for (const host of v as unknown[]) {
    if (!isObj(host) || !isOrigin(host.origin) || seen.has(host.origin)) return false;
    if (!isCount(host.live) || host.live > LIMITS.maxCensusLive) return false;
    if (withProtocol && !isStr(host.protocol, LIMITS.maxProtocol)) return false;
    seen.add(host.origin);
  }
  return true;
}

function isCensusTotals(v: unknown): boolean {
  if (!Array.isArray(v) || v.length > LIMITS.maxCensusHosts) return false;
  return v.every(
    (host) =>
      isObj(host) &&
      isOrigin(host.origin) &&
      isStr(host.host, LIMITS.maxLabel) &&
      isCount(host.live) &&
      isCount(host.tabs) &&
      isStr(host.protocol, LIMITS.maxProtocol),
  );
}

/** A probe's id: short, chosen by the panel. */
const isProbeId = (v: unknown): v is string => isStr(v, 64) && v.length > 0;

function isProbeRequest(m: Obj): boolean {
  return (
    isProbeId(m.probeId) && isStr(m.url, LIMITS.maxUrl) && typeof m.withCredentials === 'boolean'
  );
}

/** A probe's answer, from the page: every string capped, the status a real HTTP status. */
export function isProbeAnswer(v: unknown): boolean {
  if (!isObj(v)) return false;
  switch (v.kind) {
    case 'response':
      return (
        isCount(v.status) &&
        v.status <= 999 &&
        isStr(v.statusText, LIMITS.maxLabel) &&
        isStr(v.contentType, LIMITS.maxLabel) &&
        typeof v.redirected === 'boolean' &&
        isStr(v.body, LIMITS.maxProbeBody) &&
        typeof v.bodyCut === 'boolean'
      );
    case 'network-error':
      return isStr(v.message, LIMITS.maxLabel);
    case 'unknown-url':
      return true;
    default:
      return false;
  }
}

/** Full check of one message; `kinds` restricts the accepted kinds to one direction. */
function check(message: unknown, kinds: readonly string[]): message is AnyMessage {
  if (envelopeProblem(message) !== null) return false;
  const m = message as Obj;
  try {
    if (!kinds.includes(m.kind as string)) return false;
    switch (m.kind) {
      case 'page:records':
      case 'relay:records':
        return isRecordBatch(m);
      case 'bg:records':
        return isRecordBatch(m) && isFrameOrigin(m);
      case 'relay:attach':
      case 'bg:attach':
      case 'panel:attach':
        return isCursors(m.cursors) && isHookSettings(m.settings);
      case 'relay:settings':
      case 'bg:settings':
      case 'panel:settings':
        return isHookSettings(m.settings);
      case 'relay:detach':
      case 'bg:detach':
      case 'relay:hello':
      case 'bg:wake':
        return true;
      case 'relay:stats':
        return isCounters(m.rejected);
      case 'bg:relay-stats':
        return isCounters(m.rejected) && isFrameOrigin(m);
      case 'bg:navigated':
        return isStr(m.url, LIMITS.maxUrl);
      case 'bg:rejected':
        return isStr(m.reason, LIMITS.maxLabel) && isCount(m.count);
      case 'bg:census-request':
        return isCount(m.round);
      case 'page:census':
        return isCount(m.round) && isCensusHosts(m.hosts, false);
      case 'relay:census':
        return isCount(m.round) && isCensusHosts(m.hosts, true);
      case 'bg:census':
        return (
          (m.pageOrigin === '' || isOrigin(m.pageOrigin)) &&
          isCensusTotals(m.hosts) &&
          isCount(m.invalid)
        );
      case 'panel:census-request':
        return true;
      case 'panel:probe':
        return isProbeRequest(m) && isStr(m.documentId, LIMITS.maxLabel);
      case 'bg:probe':
      case 'relay:probe':
        return isProbeRequest(m);
      case 'page:probe-result':
      case 'relay:probe-result':
      case 'bg:probe-result':
        return isProbeId(m.probeId) && isProbeAnswer(m.answer);
      default:
        return false;
    }
  } catch {
    // Throwing getters on forged input.
    return false;
  }
}

export const isPageToRelay = (m: unknown): m is PageToRelay => check(m, ['page:records']);
export const isRelayToPage = (m: unknown): m is RelayToPage =>
  check(m, ['relay:attach', 'relay:detach', 'relay:settings', 'relay:probe']);
export const isRelayToBackground = (m: unknown): m is RelayToBackground =>
  check(m, ['relay:records', 'relay:stats', 'relay:probe-result']);
export const isBackgroundToRelay = (m: unknown): m is BackgroundToRelay =>
  check(m, ['bg:attach', 'bg:detach', 'bg:settings', 'bg:probe']);
export const isBackgroundToPanel = (m: unknown): m is BackgroundToPanel =>
  check(m, [
    'bg:records',
    'bg:relay-stats',
    'bg:navigated',
    'bg:rejected',
    'bg:census',
    'bg:probe-result',
  ]);
export const isPanelToBackground = (m: unknown): m is PanelToBackground =>
  check(m, ['panel:attach', 'panel:settings', 'panel:census-request', 'panel:probe']);

// One-shot messages, outside the port directions: `relay:hello` must never be accepted on the
// "relay" port, nor `bg:wake` from it (each has its own channel).
export const isRelayHello = (m: unknown): m is RelayHelloMessage => check(m, ['relay:hello']);
export const isBackgroundWake = (m: unknown): m is BackgroundWakeMessage => check(m, ['bg:wake']);
// The census's one-shot hops (see messages.ts): a page may forge `page:census` at any time, so the
// relay takes one only as the answer to its own pending request.
export const isBackgroundCensusRequest = (m: unknown): m is BackgroundCensusRequestMessage =>
  check(m, ['bg:census-request']);
export const isPageCensus = (m: unknown): m is PageCensusMessage => check(m, ['page:census']);
/** The hook's probe answer (the relay takes it only for a probe it forwarded). */
export const isPageProbeResult = (m: unknown): m is PageProbeResultMessage =>
  check(m, ['page:probe-result']);
export const isRelayCensus = (m: unknown): m is RelayCensusMessage => check(m, ['relay:census']);

/** The background's answer to `relay:hello`. */
export function isRelayHelloAnswer(v: unknown): v is RelayHelloAnswer {
  try {
    return isObj(v) && isBool(v.watched);
  } catch {
    // Throwing getters: not an answer (a response is structured-cloned, but stay defensive).
    return false;
  }
}

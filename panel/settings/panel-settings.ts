/**
 * What the user can set in the panel, persisted per inspected origin. Part of it (redaction,
 * debug globals, poll interval, buffer size) is the hook's HookSettings and reaches the page
 * through the link; the rest is the panel's own (expected connections, acceptance endpoint).
 *
 * Stored values are untrusted on read (another version of the extension, a hand-edited profile):
 * each field is checked on its own and a bad one falls back to its default, never the whole set.
 */
import {
  DEFAULT_HOOK_SETTINGS,
  HOOK_SETTING_BOUNDS,
  isHookSettings,
  LIMITS,
  type HookSettings,
} from '../../src/protocol';

export interface PanelSettings {
  /** Live connections expected per endpoint (default: exactly one). */
  readonly expectedPerEndpoint: number;
  /** Path of the SSE endpoint the acceptance view judges. */
  readonly endpointPath: string;
  /** Debug globals the hook polls (functions are called, objects read). */
  readonly debugGlobals: readonly string[];
  readonly pollMs: number;
  /** Query parameters whose values the hook redacts (case-insensitive). */
  readonly redactParams: readonly string[];
  /** The hook's ring buffer budget, bytes. */
  readonly bufferBytes: number;
  /** Characters kept per message sample. */
  readonly dataCap: number;
  /** Connects per minute to one endpoint above which lint reports a reconnect storm. */
  readonly reconnectStormPerMinute: number;
}

export const DEFAULT_ENDPOINT_PATH = '/v1/events/sse';

export const DEFAULT_PANEL_SETTINGS: PanelSettings = {
  expectedPerEndpoint: 1,
  endpointPath: DEFAULT_ENDPOINT_PATH,
  debugGlobals: DEFAULT_HOOK_SETTINGS.debugGlobals,
  pollMs: DEFAULT_HOOK_SETTINGS.pollMs,
  redactParams: DEFAULT_HOOK_SETTINGS.redactParams,
  bufferBytes: DEFAULT_HOOK_SETTINGS.bufferBytes,
  dataCap: DEFAULT_HOOK_SETTINGS.dataCap,
  reconnectStormPerMinute: 30,
};

/** Bounds the form enforces: the hook settings' own (the guards', so no hop refuses what we send). */
export const SETTING_BOUNDS = {
  expectedPerEndpoint: { min: 1, max: 100 },
  reconnectStormPerMinute: { min: 1, max: 10_000 },
  ...HOOK_SETTING_BOUNDS,
} as const;

/** A dotted JS identifier path such as `__zarizSSEDebug` or `app.sse.debug`. */
const GLOBAL_NAME = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/;
const PARAM_NAME = /^[^\s&=#?]{1,64}$/;

function int(v: unknown, bounds: { min: number; max: number }, fallback: number): number {
  return typeof v === 'number' && Number.isInteger(v) && v >= bounds.min && v <= bounds.max
    ? v
    : fallback;
}

function names(
  v: unknown,
  pattern: RegExp,
  max: number,
  fallback: readonly string[],
): readonly string[] {
  if (!Array.isArray(v) || v.length > max) return fallback;
  if (
    !v.every(
      (n): n is string => typeof n === 'string' && n.length <= LIMITS.maxLabel && pattern.test(n),
    )
  )
    return fallback;
  return [...new Set(v)];
}

function path(v: unknown): string {
  return typeof v === 'string' && v.startsWith('/') && v.length <= 1024 && !/[\s?#]/.test(v)
    ? v
    : DEFAULT_ENDPOINT_PATH;
}

export function sanitizeSettings(v: unknown): PanelSettings {
  const o = typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};
  const d = DEFAULT_PANEL_SETTINGS;
  return {
    expectedPerEndpoint: int(
      o.expectedPerEndpoint,
      SETTING_BOUNDS.expectedPerEndpoint,
      d.expectedPerEndpoint,
    ),
    endpointPath: path(o.endpointPath),
    debugGlobals: names(o.debugGlobals, GLOBAL_NAME, SETTING_BOUNDS.debugGlobals, d.debugGlobals),
    pollMs: int(o.pollMs, SETTING_BOUNDS.pollMs, d.pollMs),
    redactParams: names(o.redactParams, PARAM_NAME, SETTING_BOUNDS.redactParams, d.redactParams),
    bufferBytes: int(o.bufferBytes, SETTING_BOUNDS.bufferBytes, d.bufferBytes),
    dataCap: int(o.dataCap, SETTING_BOUNDS.dataCap, d.dataCap),
    reconnectStormPerMinute: int(
      o.reconnectStormPerMinute,
      SETTING_BOUNDS.reconnectStormPerMinute,
      d.reconnectStormPerMinute,
    ),
  };
}

export function isValidGlobalName(name: string): boolean {
  return GLOBAL_NAME.test(name);
}

export function isValidParamName(name: string): boolean {
  return PARAM_NAME.test(name);
}

export function toHookSettings(s: PanelSettings): HookSettings {
  const hook: HookSettings = {
    redactParams: s.redactParams,
    debugGlobals: s.debugGlobals,
    pollMs: s.pollMs,
    bufferBytes: s.bufferBytes,
    dataCap: s.dataCap,
  };
  // Sanitised values are inside the guard's bounds; keep the defaults if that ever stops holding.
  return isHookSettings(hook) ? hook : DEFAULT_HOOK_SETTINGS;
}

/** Splits a comma/space separated list typed in the form. */
export function parseList(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

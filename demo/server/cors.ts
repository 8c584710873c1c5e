/**
 * CORS for the demo: the admin app is served by Vite on another port and opens the stream and the
 * orders API cross-origin. `Last-Event-ID` must be allowed or a reconnecting EventSource's
 * preflight would fail.
 */
import type { IncomingMessage } from 'node:http';

/** true = reflect any Origin (local demo); a list = only these origins. */
export type CorsSetting = boolean | readonly string[];

export const CORS_ALLOWED_METHODS = 'GET, POST, PATCH, DELETE, OPTIONS';
export const CORS_ALLOWED_HEADERS = 'Content-Type, Last-Event-ID, Authorization, Cache-Control';

function allowedOrigin(req: IncomingMessage, setting: CorsSetting): string | null {
  const origin = req.headers.origin;
  if (setting === false || origin === undefined) return null;
  if (setting === true) return origin;
  return setting.includes(origin) ? origin : null;
}

/** Headers for an ordinary response (empty when CORS is off or the origin is not allowed). */
export function corsHeaders(req: IncomingMessage, setting: CorsSetting): Record<string, string> {
  const origin = allowedOrigin(req, setting);
  if (origin === null) return {};
  return {
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Allow-Credentials': 'true',
    'Access-Control-Expose-Headers': 'X-Stream-Id',
    Vary: 'Origin',
  };
}

/** Headers for a preflight (`OPTIONS`) answer, or null when CORS does not apply. */
export function preflightHeaders(
  req: IncomingMessage,
  setting: CorsSetting,
): Record<string, string> | null {
  const base = corsHeaders(req, setting);
  if (Object.keys(base).length === 0) return null;
  return {
    ...base,
    'Access-Control-Allow-Methods': CORS_ALLOWED_METHODS,
    'Access-Control-Allow-Headers': CORS_ALLOWED_HEADERS,
    'Access-Control-Max-Age': '600',
  };
}

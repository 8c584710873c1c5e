/** Small helpers for validating untrusted JSON without exceptions. */

export type ParseResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

export const ok = <T>(value: T): ParseResult<T> => ({ ok: true, value });
export const fail = <T = never>(error: string): ParseResult<T> => ({ ok: false, error });

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Returns the first key of `body` that is not in `allowed`, to reject typos loudly. */
export function findUnknownKey(
  body: Record<string, unknown>,
  allowed: readonly string[],
): string | undefined {
  return Object.keys(body).find((key) => !allowed.includes(key));
}

export function isNonNegativeInteger(
  value: unknown,
  max = Number.MAX_SAFE_INTEGER,
): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= max;
}

/** Event names travel in an SSE `event:` field and in addEventListener calls: keep them plain. */
const EVENT_NAME = /^[A-Za-z][A-Za-z0-9_.:-]{0,63}$/;

export function isEventName(value: unknown): value is string {
  return typeof value === 'string' && EVENT_NAME.test(value);
}

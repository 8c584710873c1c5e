/**
 * Keep tokens out of logs and debug output: the access token travels in the stream URL, and debug
 * snapshots end up in bug reports and in the devtools panel. The marker is the one the page hook
 * and the panel's reports use, so a redacted value reads the same everywhere.
 */
import { REDACTED } from '../protocol/limits';

/** Query parameters whose values are always hidden. */
const SECRET_PARAM = /([?&](?:token|access_token|accesstoken|auth|authorization|jwt)=)[^&#]*/gi;

/**
 * Secrets shorter than this are not searched for in free text: replacing every "ab" in a log line
 * would destroy it, and a real access token is never that short. Query values are still hidden.
 */
const MIN_SECRET_LENGTH = 4;

export function redactText(text: string, secrets: Iterable<string | null>): string {
  let out = text.replace(SECRET_PARAM, `$1${REDACTED}`);
  for (const secret of secrets) {
    if (secret === null || secret.length < MIN_SECRET_LENGTH) continue;
    out = out.split(secret).join(REDACTED);
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret) out = out.split(encoded).join(REDACTED);
  }
  return out;
}

/** A copy of `value` with every string passed through `redactText` (plain data only). */
export function redactDeep<T>(value: T, secrets: readonly (string | null)[], depth = 0): T {
  if (typeof value === 'string') return redactText(value, secrets) as T;
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) {
    const copy = new Error(redactText(value.message, secrets));
    copy.name = value.name;
    if (value.stack !== undefined) copy.stack = redactText(value.stack, secrets);
    return copy as T;
  }
  if (Array.isArray(value))
    return value.map((item: unknown) => redactDeep(item, secrets, depth + 1)) as T;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = redactDeep(item, secrets, depth + 1);
  return out as T;
}

/** Recent tokens kept for redaction (an old token is still a secret after it changes). */
const SECRET_MEMORY = 5;

/** The secrets a client has seen, and redaction against them. */
export interface SecretMemory {
  /** Remember a token (null and '' are ignored); the oldest is forgotten past the memory size. */
  remember(secret: string | null): void;
  text(value: string): string;
  deep<T>(value: T): T;
  /**
   * A frozen redacted copy of an immutable record, cached until the secrets change: `debug()`
   * runs on every state change, and re-redacting the whole connect history each time made
   * snapshots the most expensive step of a reconnect.
   */
  record<T extends object>(entry: T): T;
}

export function createSecretMemory(limit = SECRET_MEMORY): SecretMemory {
  const secrets: (string | null)[] = [];
  /** Bumped whenever `secrets` changes, so cached redactions know they are stale. */
  let version = 0;
  const cache = new WeakMap<object, { readonly version: number; readonly record: object }>();
  return {
    remember(secret) {
      if (secret === null || secret === '' || secrets.includes(secret)) return;
      secrets.push(secret);
      if (secrets.length > limit) secrets.shift();
      version += 1;
    },
    text: (value) => redactText(value, secrets),
    deep: (value) => redactDeep(value, secrets),
    record<T extends object>(entry: T): T {
      const cached = cache.get(entry);
      if (cached?.version === version) return cached.record as T;
      const record = Object.freeze(redactDeep({ ...entry }, secrets));
      cache.set(entry, { version, record });
      return record;
    },
  };
}

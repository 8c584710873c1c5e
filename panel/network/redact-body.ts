/**
 * Redaction of a refused response's body before it is kept: an auth server's 401 often echoes
 * the token it refused, or a session id. The body is shown and exported as text, so secrets are
 * replaced where they are recognisable: `"name": "value"` (JSON), `name=value` (query strings,
 * form bodies, cookies) and `Bearer …` credentials, for the query parameter names the user
 * redacts plus a few names that are secrets everywhere.
 */
import { REDACTED } from '../../src/protocol/limits';

/** Names redacted in bodies whatever the settings say. */
export const ALWAYS_SECRET = ['password', 'secret', 'api_key', 'apikey', 'session', 'jwt'];

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function redactBody(text: string, params: readonly string[]): string {
  if (!text) return text;
  const names = [...new Set([...params, ...ALWAYS_SECRET].map((n) => n.toLowerCase()))]
    .filter((n) => n !== '')
    .map(escape)
    .join('|');
  const json = new RegExp(`("(?:${names})"\\s*:\\s*)("(?:[^"\\\\]|\\\\.)*"|[^,}\\]\\s]+)`, 'gi');
  const pairs = new RegExp(`(^|[?&;,\\s])((?:${names})=)[^&;,\\s"'<>]*`, 'gi');
  return text
    .replace(json, (_m, head: string) => `${head}"${REDACTED}"`)
    .replace(pairs, (_m, lead: string, head: string) => `${lead}${head}${REDACTED}`)
    .replace(/(\bBearer\s+)[A-Za-z0-9\-._~+/]+=*/gi, (_m, head: string) => `${head}${REDACTED}`);
}

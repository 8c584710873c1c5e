/**
 * The "endpoint" of a connection is what the acceptance criteria count per tab: origin + path,
 * with the query ignored (`/v1/events/sse?token=a` and `?token=b` are the same stream, opened
 * twice).
 */
import { REDACTED } from '../src/protocol/limits';

export function endpointOf(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    // Not an absolute URL (the hook sends absolute ones; a placeholder or forged value is not):
    // fall back to the text before the query so it still groups sensibly.
    const cut = url.search(/[?#]/);
    return cut === -1 ? url : url.slice(0, cut);
  }
}

/** The hook writes this in place of redacted query values; such a URL cannot be re-requested. */
export const REDACTED_MARK = REDACTED;

export function isRedactedUrl(url: string): boolean {
  return url.includes(REDACTED_MARK) || url.includes(encodeURIComponent(REDACTED_MARK));
}

/** "/v1/events/sse" and "127.0.0.1:8080": the path is what tells endpoints apart in a narrow cell. */
export function splitEndpoint(endpoint: string): { path: string; host: string } {
  try {
    const url = new URL(endpoint);
    return { path: url.pathname, host: url.host };
  } catch {
    // Placeholder or non-URL endpoint: show it whole.
    return { path: endpoint, host: '' };
  }
}

/**
 * "Copy as cURL" for an EventSource: the GET the browser sent, as far as the panel knows it.
 *
 * The URL is the one the hook reported, so parameters it redacted stay `[redacted]`: the panel
 * never receives the secret, so it cannot offer a copy "with secrets". `-N` turns off curl's
 * output buffering so events print as they arrive; `Accept: text/event-stream` is what
 * EventSource sends; `Last-Event-ID` is included when the stream had an id, as a reconnect would
 * send it (WHATWG HTML, server-sent events, "reestablish the connection").
 */
import { REDACTED } from '../../src/protocol/limits';

export interface CurlInput {
  readonly url: string;
  readonly lastEventId: string;
  readonly withCredentials: boolean;
}

/** POSIX shell single-quoting: every `'` becomes `'\''`. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

export function curlCommand(input: CurlInput): string {
  const parts = [
    `curl -N ${shellQuote(input.url)}`,
    `-H ${shellQuote('Accept: text/event-stream')}`,
  ];
  // A header value cannot hold a line break; an id with one is not what the browser would send.
  if (input.lastEventId && !/[\r\n\0]/.test(input.lastEventId)) {
    parts.push(`-H ${shellQuote(`Last-Event-ID: ${input.lastEventId}`)}`);
  }
  // The browser also sent the page's cookies; the panel never sees them.
  if (input.withCredentials) parts.push(`-b ${shellQuote('<cookies>')}`);
  return parts.join(' \\\n  ');
}

/** Whether the URL the panel holds had a parameter redacted by the hook. */
export function hasRedactedParts(url: string): boolean {
  return url.includes(REDACTED) || url.includes(encodeURIComponent(REDACTED));
}

/**
 * `http-status`: the response status is known and not 200. An EventSource fails on anything else
 * (a 204 means "stop reconnecting"; 3xx is followed before the stream starts), and a fetch client
 * usually parses an error page as events.
 * https://html.spec.whatwg.org/multipage/server-sent-events.html#sse-processing-model
 */
import type { Connection } from '../../model';
import type { LintRule } from '../types';

/** The final response's status: the network's when captured, else a fetch stream's own. */
export function statusOf(c: Connection): { status: number; text: string } | null {
  if (c.network && c.network.status !== null)
    return { status: c.network.status, text: c.network.statusText };
  return c.status === null ? null : { status: c.status, text: '' };
}

export const httpStatus: LintRule = {
  id: 'http-status',
  local: true,
  check(c) {
    const s = statusOf(c);
    if (!s || s.status === 200) return null;
    return { rule: 'http-status', evidence: { status: `${s.status} ${s.text}`.trim() } };
  },
};

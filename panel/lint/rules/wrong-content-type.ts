/**
 * `wrong-content-type`: the response's content type is known and is not `text/event-stream`.
 * An EventSource refuses such a response outright. Not reported when the status is already wrong:
 * an error page's type is a consequence, not a second cause.
 */
import type { LintRule } from '../types';
import { statusOf } from './http-status';

const EVENT_STREAM = 'text/event-stream';

export const wrongContentType: LintRule = {
  id: 'wrong-content-type',
  local: true,
  check(c) {
    const n = c.network;
    if (!n) return null;
    const header = n.responseHeaders['content-type'] ?? '';
    const type = (n.mimeType || header).split(';')[0]?.trim().toLowerCase() ?? '';
    if (type === '' || type === EVENT_STREAM) return null;
    const s = statusOf(c);
    if (s && s.status !== 200) return null;
    return { rule: 'wrong-content-type', evidence: { type: header || n.mimeType } };
  },
};

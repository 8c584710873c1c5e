/**
 * `unterminated-event`: bytes keep arriving but no event completes — the server never writes the
 * blank line that ends an event, or a proxy holds the stream back. Needs network capture (the
 * page sees nothing until an event completes); the activity fields are kept by
 * network/activity.ts.
 */
import type { LintRule } from '../types';

/** How long bytes must keep arriving with no completed event. */
export const UNTERMINATED_MS = 2_000;

export const unterminatedEvent: LintRule = {
  id: 'unterminated-event',
  local: true,
  check(c) {
    const n = c.network;
    if (!n || n.bytesSinceEvent <= 0 || n.lastDataAt === null || n.endedAt !== null) return null;
    const since = n.lastEventAt ?? n.startedAt;
    const ms = n.lastDataAt - since;
    if (ms < UNTERMINATED_MS) return null;
    return {
      rule: 'unterminated-event',
      evidence: { bytes: n.bytesSinceEvent, seconds: Math.round(ms / 100) / 10 },
    };
  },
};

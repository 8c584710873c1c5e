/**
 * `reconnect-storm`: more connects to one endpoint within a minute than the threshold the user
 * set (Settings). Carried by the endpoint's newest connection, so one storm is one finding.
 */
import type { LintRule } from '../types';

export const reconnectStorm: LintRule = {
  id: 'reconnect-storm',
  local: false,
  check(c, context) {
    const storm = context.stormOf(c);
    if (!storm || storm.connects <= context.stormPerMinute) return null;
    return {
      rule: 'reconnect-storm',
      evidence: { connects: storm.connects, threshold: context.stormPerMinute },
    };
  },
};

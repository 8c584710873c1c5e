/**
 * `no-listener`: event types the network delivered that the page never listened to (an
 * `onmessage`-only page while the server sends `event: update`): the browser drops them. The
 * same comparison the Network section marks "no listener" (model/network.ts).
 */
import { unlistenedTypes } from '../../model/network';
import type { LintRule } from '../types';
import { clipEvidence } from './samples';

export const noListener: LintRule = {
  id: 'no-listener',
  local: true,
  check(c) {
    const types = unlistenedTypes(c);
    if (types.length === 0) return null;
    return {
      rule: 'no-listener',
      evidence: {
        types: clipEvidence(types.map((u) => u.type).join(', ')),
        count: types.reduce((n, u) => n + u.count, 0),
      },
    };
  },
};

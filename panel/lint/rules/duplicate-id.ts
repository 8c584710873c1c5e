/**
 * `duplicate-id`: the same non-empty id on consecutive events. After a reconnect the browser
 * sends it back as Last-Event-ID, and the server cannot tell which of those events the client
 * had. The browser reports an event's `lastEventId`, so a server that sent one id and then none
 * looks the same — and has the same problem.
 */
import type { LintRule } from '../types';
import { clipEvidence, samplesOf } from './samples';

export const duplicateId: LintRule = {
  id: 'duplicate-id',
  local: true,
  check(c) {
    const samples = samplesOf(c);
    let repeats = 0;
    let id = '';
    for (let i = 1; i < samples.length; i += 1) {
      const a = samples[i - 1];
      const b = samples[i];
      if (!a || !b || b.id === '' || b.id !== a.id) continue;
      repeats += 1;
      id = b.id;
    }
    return repeats === 0
      ? null
      : { rule: 'duplicate-id', evidence: { id: clipEvidence(id), repeats: repeats + 1 } };
  },
};

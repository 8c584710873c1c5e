/**
 * The events the lint rules read: the network's (every event, when capture is on) or else the
 * hook's samples. Both carry type, id, t, data and whether data was cut.
 */
import type { MessageSample } from '../../../src/protocol';
import type { Connection } from '../../model';
import type { NetworkEvent } from '../../network/cdp-reducer';

export type LintSample = Pick<MessageSample, 'type' | 'id' | 't' | 'data' | 'cut'> &
  Pick<Partial<MessageSample>, 'own'>;

export function samplesOf(c: Connection): readonly (LintSample | NetworkEvent)[] {
  return c.network && c.network.recent.length > 0 ? c.network.recent : c.recent;
}

/** Evidence text cut to a size a finding can show. */
export const EVIDENCE_CHARS = 160;
export const clipEvidence = (s: string): string =>
  s.length > EVIDENCE_CHARS ? `${s.slice(0, EVIDENCE_CHARS)}…` : s;

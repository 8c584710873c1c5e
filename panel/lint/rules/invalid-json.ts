/**
 * `invalid-json`: data that starts like JSON (`{` or `[` after whitespace) and does not parse.
 * Only the newest samples are judged (the work per row version stays bounded; a verdict cache
 * per sample cost more than the parse), and cut ones are skipped: their end is missing, not wrong.
 */
import type { LintRule } from '../types';
import { clipEvidence, samplesOf } from './samples';

/** Newest samples judged per row: enough to show the problem, bounded work per row version. */
export const JSON_SAMPLES_CHECKED = 20;

/** True when `data` looks like JSON and is not. */
export function isBrokenJson(data: string): boolean {
  const head = data.trimStart()[0];
  if (head !== '{' && head !== '[') return false;
  try {
    JSON.parse(data);
    return false;
  } catch {
    // The finding is the answer; the engine's message differs between engines and adds nothing.
    return true;
  }
}

export const invalidJson: LintRule = {
  id: 'invalid-json',
  local: true,
  check(c) {
    let count = 0;
    let first = '';
    const samples = samplesOf(c);
    for (let i = Math.max(0, samples.length - JSON_SAMPLES_CHECKED); i < samples.length; i += 1) {
      const s = samples[i];
      if (!s || s.cut) continue;
      if (!isBrokenJson(s.data)) continue;
      if (count === 0) first = s.data;
      count += 1;
    }
    return count === 0
      ? null
      : { rule: 'invalid-json', evidence: { count, sample: clipEvidence(first) } };
  },
};

/**
 * `invalid-json`: data that starts like JSON (`{` or `[` after whitespace) and does not parse.
 * Cut samples are skipped (their end is missing, not wrong). A sample is parsed once: samples are
 * immutable and shared between versions of a row, so the verdict is kept per sample object.
 */
import type { LintRule } from '../types';
import { clipEvidence, samplesOf } from './samples';

const verdicts = new WeakMap<object, boolean>();

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
    for (const s of samplesOf(c)) {
      if (s.cut) continue;
      let bad = verdicts.get(s);
      if (bad === undefined) {
        bad = isBrokenJson(s.data);
        verdicts.set(s, bad);
      }
      if (!bad) continue;
      if (count === 0) first = s.data;
      count += 1;
    }
    return count === 0
      ? null
      : { rule: 'invalid-json', evidence: { count, sample: clipEvidence(first) } };
  },
};

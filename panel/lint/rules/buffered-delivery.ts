/**
 * `buffered-delivery`: events arrive in bursts after long silences — what a proxy or a
 * compressing server that buffers the response does to a stream. One burst can be a server's own
 * batch; it takes BURSTS_MIN of them to call it a pattern.
 */
import type { LintRule } from '../types';
import { samplesOf } from './samples';

/** A gap at least this long before a burst. */
export const SILENCE_MS = 2_000;
/** Events arriving together: at least BURST_EVENTS within BURST_SPAN_MS. */
export const BURST_EVENTS = 4;
export const BURST_SPAN_MS = 50;
export const BURSTS_MIN = 2;

export const bufferedDelivery: LintRule = {
  id: 'buffered-delivery',
  local: true,
  check(c) {
    const samples = samplesOf(c);
    let bursts = 0;
    let largest = 0;
    let longest = 0;
    for (let i = 1; i < samples.length; i += 1) {
      const gap = (samples[i]?.t ?? 0) - (samples[i - 1]?.t ?? 0);
      if (gap < SILENCE_MS) continue;
      const start = samples[i]?.t ?? 0;
      let j = i;
      while (j + 1 < samples.length && (samples[j + 1]?.t ?? Infinity) - start <= BURST_SPAN_MS)
        j += 1;
      const size = j - i + 1;
      if (size < BURST_EVENTS) continue;
      bursts += 1;
      largest = Math.max(largest, size);
      longest = Math.max(longest, gap);
    }
    if (bursts < BURSTS_MIN) return null;
    return {
      rule: 'buffered-delivery',
      evidence: { bursts, largest, seconds: Math.round(longest / 100) / 10 },
    };
  },
};

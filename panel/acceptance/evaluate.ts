/** Every acceptance criterion (docs/acceptance.md) over one recording and window. Pure. */
import type { Recording } from '../recording/recording';
import { evaluateConnectsCounted } from './connects-counted';
import { evaluateDeliveredOnce } from './delivered-once';
import { evaluateNoOverlap } from './no-overlap';
import { evaluateOneLive } from './one-live';
import { evaluateOneTimer } from './one-timer';
import { evaluateReasonedConnects } from './reasoned-connects';
import {
  CRITERIA,
  type AcceptanceOptions,
  type Criterion,
  type CriterionId,
  type TimeRange,
  type Verdict,
} from './verdict';

const EVALUATORS: Record<CriterionId, Criterion> = {
  oneLive: evaluateOneLive,
  connectsCounted: evaluateConnectsCounted,
  oneTimer: evaluateOneTimer,
  reasonedConnects: evaluateReasonedConnects,
  noOverlap: evaluateNoOverlap,
  deliveredOnce: evaluateDeliveredOnce,
};

export function evaluateAll(
  rec: Recording,
  range: TimeRange | null,
  options: AcceptanceOptions,
): Verdict[] {
  return CRITERIA.map((id) =>
    range === null
      ? {
          id,
          status: 'noData',
          evidence: [{ code: 'evidence.empty', params: {} }],
          offenders: [],
          at: null,
        }
      : EVALUATORS[id](rec, range, options),
  );
}

/** Same statuses and offenders, criterion by criterion (what an imported report is checked for). */
export function sameVerdicts(a: readonly Verdict[], b: readonly Verdict[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((v, i) => {
    const w = b[i];
    return (
      w !== undefined &&
      v.id === w.id &&
      v.status === w.status &&
      v.offenders.length === w.offenders.length &&
      v.offenders.every((k, j) => k === w.offenders[j])
    );
  });
}

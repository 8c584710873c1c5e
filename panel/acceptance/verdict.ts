/**
 * The shape every acceptance criterion returns. Evidence is data (a message code and its
 * parameters), rendered through i18n in the view and in the Markdown report, and kept as data in
 * the JSON report so an imported report can be compared fact by fact.
 */
import type { StringKey } from '../i18n';
import { connectionLabel } from '../model';
import type { Recording } from '../recording/recording';

/** The text keys a criterion may cite as evidence. */
export type EvidenceCode = Extract<StringKey, `evidence.${string}`>;

/** The criteria the panel judges (docs/acceptance.md says where else each is checked). */
export const CRITERIA = [
  'oneLive',
  'connectsCounted',
  'oneTimer',
  'reasonedConnects',
  'noOverlap',
  'deliveredOnce',
] as const;
export type CriterionId = (typeof CRITERIA)[number];

/** 'noData' when there is nothing to judge: never a pass on empty data. */
export type VerdictStatus = 'pass' | 'fail' | 'noData';

export interface EvidenceLine {
  /**
   * A text key under `evidence.` (e.g. 'evidence.maxLive'). Plain string: a report imported from
   * another version of the panel may carry codes this one does not know.
   */
  readonly code: string;
  readonly params: Readonly<Record<string, string | number>>;
}

export interface Verdict {
  readonly id: CriterionId;
  readonly status: VerdictStatus;
  readonly evidence: readonly EvidenceLine[];
  /** Keys of the connections that break the criterion (buttons that select their row). */
  readonly offenders: readonly string[];
  /** When it first broke (epoch ms), if it did. */
  readonly at: number | null;
}

export interface TimeRange {
  readonly from: number;
  readonly to: number;
}

export interface AcceptanceOptions {
  /** Path of the SSE endpoint judged (query ignored, any origin). */
  readonly endpointPath: string;
  /** Live connections expected per endpoint (1 for the endpoint this panel was built for). */
  readonly expected: number;
  /** Debug globals in order of preference (the first with a numeric `connects` is used). */
  readonly debugGlobals: readonly string[];
  /**
   * The hook's debug poll interval. The poller emits a value only when it changed, so a value is
   * known to hold until the next record — but a change takes up to one interval to be seen.
   */
  readonly pollMs: number;
}

export type Criterion = (rec: Recording, range: TimeRange, options: AcceptanceOptions) => Verdict;

/** Offender lists are capped: a storm of 10 000 connections must not make 10 000 buttons. */
export const MAX_OFFENDERS = 50;

export const line = (
  code: EvidenceCode,
  params: Record<string, string | number> = {},
): EvidenceLine => ({
  code,
  params,
});

export function verdict(
  id: CriterionId,
  status: VerdictStatus,
  evidence: EvidenceLine[],
  offenders: Iterable<string> = [],
  at: number | null = null,
): Verdict {
  const unique = [...new Set(offenders)];
  const shown = unique.slice(0, MAX_OFFENDERS);
  if (unique.length > shown.length)
    evidence.push(line('evidence.moreOffenders', { n: unique.length - shown.length }));
  return { id, status, evidence, offenders: shown, at };
}

const labels = new WeakMap<Recording['connections'], Map<string, string>>();

/**
 * What the table's ID column shows for a connection key (`#n`, unique in the panel session), from
 * the recording's own connections so an imported report names them as its panel did.
 */
export function labelOfKey(rec: Pick<Recording, 'connections'>, key: string): string {
  let byKey = labels.get(rec.connections);
  if (!byKey) {
    byKey = new Map(rec.connections.map((c) => [c.key, connectionLabel(c)]));
    labels.set(rec.connections, byKey);
  }
  return byKey.get(key) ?? connectionLabel({ key });
}

/**
 * Stream lint: findings about why a stream misbehaves, computed from the panel model's
 * `Connection` (the hook's record, and `network` when capture is on). Pure: no React, no Chrome
 * API, no clock — rules read only the connection and a context built once per model version.
 */
import type { Connection } from '../model';

export const LINT_RULE_IDS = [
  'http-status',
  'wrong-content-type',
  'unterminated-event',
  'buffered-delivery',
  'invalid-json',
  'duplicate-id',
  'no-listener',
  'reconnect-storm',
  'socket-starved',
] as const;

export type LintRuleId = (typeof LINT_RULE_IDS)[number];

/** Values a finding's explanation cites (filled into its text as text, never markup). */
export type LintEvidence = Readonly<Record<string, string | number>>;

export interface LintFinding {
  readonly rule: LintRuleId;
  readonly evidence: LintEvidence;
}

/** The census of live SSE connections to one host across the profile's tabs (see hostBudget). */
export interface HostCensus {
  readonly host: string;
  readonly live: number;
  readonly tabs: number;
  /** The protocol the census knows for the host ('' or absent when unknown). */
  readonly protocol?: string;
}

/** What rules that look beyond one connection need, built once per model version (context.ts). */
export interface LintContext {
  /** Connects per minute to one endpoint above which `reconnect-storm` fires (a setting). */
  readonly stormPerMinute: number;
  /** The endpoint's busiest minute, for the connection that carries the finding (its newest). */
  stormOf(c: Connection): { readonly connects: number; readonly from: number } | null;
  /** Live connections to the connection's host: this tab's, or the census when larger. */
  liveOnHost(c: Connection): { readonly live: number; readonly tabs: number };
  /** 'http/1.1', 'h2', 'h3'… as known for the connection or its host; null when unknown. */
  protocolOf(c: Connection): string | null;
}

export interface LintRule {
  readonly id: LintRuleId;
  /**
   * True when the finding depends on the connection alone: such results are memoised per
   * connection object (rows are copy-on-write, so a new object is a new version).
   */
  readonly local: boolean;
  check(c: Connection, context: LintContext): LintFinding | null;
}

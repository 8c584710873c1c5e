/**
 * The stream lint registry: every rule in one list, and the findings of a connection. Findings
 * of rules that read only the connection are memoised per connection object (rows are
 * copy-on-write: a changed row is a new object), so a 10 000-row table recomputes only the rows
 * that changed.
 */
import type { Connection } from '../model';
import { bufferedDelivery } from './rules/buffered-delivery';
import { duplicateId } from './rules/duplicate-id';
import { httpStatus } from './rules/http-status';
import { invalidJson } from './rules/invalid-json';
import { noListener } from './rules/no-listener';
import { reconnectStorm } from './rules/reconnect-storm';
import { socketStarved } from './rules/socket-starved';
import { unterminatedEvent } from './rules/unterminated-event';
import { wrongContentType } from './rules/wrong-content-type';
import type { LintContext, LintFinding, LintRule, LintRuleId } from './types';

export { createLintContext } from './context';
export * from './types';

export const LINT_RULES: readonly LintRule[] = [
  httpStatus,
  wrongContentType,
  unterminatedEvent,
  bufferedDelivery,
  invalidJson,
  duplicateId,
  noListener,
  reconnectStorm,
  socketStarved,
];

const LOCAL_RULES = LINT_RULES.filter((r) => r.local);
const CONTEXT_RULES = LINT_RULES.filter((r) => !r.local);
const NONE: readonly LintFinding[] = [];
const localFindings = new WeakMap<Connection, readonly LintFinding[]>();

function local(c: Connection, context: LintContext): readonly LintFinding[] {
  let found = localFindings.get(c);
  if (found === undefined) {
    const out: LintFinding[] = [];
    for (const rule of LOCAL_RULES) {
      const f = rule.check(c, context);
      if (f) out.push(f);
    }
    found = out.length === 0 ? NONE : out;
    localFindings.set(c, found);
  }
  return found;
}

/** Every finding of one connection, in registry order. */
export function lintConnection(c: Connection, context: LintContext): readonly LintFinding[] {
  const own = local(c, context);
  let extra: LintFinding[] | null = null;
  for (const rule of CONTEXT_RULES) {
    const f = rule.check(c, context);
    if (f) (extra ??= []).push(f);
  }
  return extra === null ? own : [...own, ...extra];
}

export interface LintTotals {
  readonly total: number;
  readonly byRule: Readonly<Partial<Record<LintRuleId, number>>>;
}

/** Findings over all rows, per rule (the summary's count). */
export function lintTotals(connections: Iterable<Connection>, context: LintContext): LintTotals {
  let total = 0;
  const byRule: Partial<Record<LintRuleId, number>> = {};
  for (const c of connections)
    for (const f of lintConnection(c, context)) {
      total += 1;
      byRule[f.rule] = (byRule[f.rule] ?? 0) + 1;
    }
  return { total, byRule };
}

/** The summary's stream lint count: findings over all rows, and per rule in the tooltip and data. */
import { t } from '../i18n';
import { LINT_RULE_IDS } from '../lint';
import { useLintTotals } from '../use-lint';
import './lint.css';

export function LintSummary() {
  const totals = useLintTotals();
  const perRule = LINT_RULE_IDS.filter((id) => (totals.byRule[id] ?? 0) > 0).map(
    (id) => `${id}: ${totals.byRule[id] ?? 0}`,
  );
  return (
    <span
      className={`metric ${totals.total > 0 ? 'metric-bad' : ''}`}
      title={[t('lint.summary.title'), ...perRule].join('\n')}
    >
      <span className="metric-label">{t('lint.summary')}</span>
      <span data-testid="lint-summary" data-value={totals.total}>
        {totals.total}
      </span>
      {totals.total > 0 ? (
        <ul className="lint-summary-rules" data-testid="lint-summary-rules">
          {LINT_RULE_IDS.filter((id) => (totals.byRule[id] ?? 0) > 0).map((id) => (
            <li key={id} data-rule={id} data-value={totals.byRule[id]}>
              {`${id} ${totals.byRule[id]}`}
            </li>
          ))}
        </ul>
      ) : null}
    </span>
  );
}

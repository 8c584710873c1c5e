/**
 * The inspected host's socket budget: live SSE connections to it across every tab of the profile
 * (the worker's census), with Chrome's 6-per-host HTTP/1.1 limit explained and flagged when used
 * up. Over HTTP/2 or HTTP/3 it says that the streams share one connection.
 */
import { t } from '../i18n';
import {
  HTTP1_SOCKETS_PER_HOST,
  isBudgetExhausted,
  isMultiplexed,
  type HostBudget as Budget,
} from '../host-budget';
import { usePanelStore } from '../use-panel-store';

function explanation(budget: Budget, invalid: number): string {
  const params = { live: budget.live, host: budget.host, tabs: budget.tabs };
  const text =
    budget.protocol === ''
      ? t('summary.hostBudget.title.unknown', params)
      : isMultiplexed(budget.protocol)
        ? t('summary.hostBudget.title.multiplexed', { ...params, protocol: budget.protocol })
        : t('summary.hostBudget.title.http1', params);
  const lines = [text];
  if (isBudgetExhausted(budget)) lines.push(t('summary.hostBudget.exhausted'));
  if (invalid > 0) lines.push(t('summary.hostBudget.invalid', { n: invalid }));
  return lines.join('\n');
}

export function HostBudget() {
  const budget = usePanelStore((s) => s.hostBudget);
  const invalid = usePanelStore((s) => s.censusInvalid);
  // Until the first census the slot is held by a placeholder: the summary wraps in a narrow
  // panel, and a badge appearing a second after the panel opened would move everything below it
  // under the user's pointer.
  if (!budget)
    return (
      <span
        className="metric host-budget host-budget-pending"
        data-testid="host-budget-pending"
        title={t('summary.hostBudget.pending.title')}
      >
        <span className="metric-label">{t('summary.hostBudget')}</span>
        <span>–</span>
        <span className="metric-sub">{t('summary.hostBudget.pending')}</span>
      </span>
    );
  const exhausted = isBudgetExhausted(budget);
  return (
    <span
      className={`metric host-budget ${exhausted ? 'metric-bad' : ''}`}
      data-testid="host-budget"
      data-value={budget.live}
      data-tabs={budget.tabs}
      data-host={budget.host}
      data-protocol={budget.protocol}
      data-exhausted={exhausted}
      title={explanation(budget, invalid)}
    >
      <span className="metric-label">{t('summary.hostBudget')}</span>
      <span>
        {isMultiplexed(budget.protocol) ? budget.live : `${budget.live}/${HTTP1_SOCKETS_PER_HOST}`}
      </span>
      <span className="metric-sub">
        {budget.host} · {t('summary.hostBudget.tabs', { n: budget.tabs })} ·{' '}
        {budget.protocol || t('summary.hostBudget.protocolUnknown')}
      </span>
    </span>
  );
}

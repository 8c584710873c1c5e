/**
 * The answer at a glance: how many live connections, per endpoint, and a loud flag when an
 * endpoint has more than expected — plus the reconnect-timer and debug-global evidence.
 */
import { useState } from 'react';
import { t } from '../i18n';
import { SETTING_BOUNDS } from '../settings/panel-settings';
import { useNow } from '../clock';
import { formatValue } from '../format';
import type { DebugSnapshot as DebugSnapshotRecord } from '../store';
import { usePanelStore } from '../use-panel-store';
import { HostBudget } from './HostBudget';
import { selectConnectsPerMinute, selectSummary } from '../selectors';
import { LintSummary } from './LintSummary';

export function SummaryBar() {
  const view = usePanelStore((s) => s.view);
  const expected = usePanelStore((s) => s.expectedPerEndpoint);
  const setExpected = usePanelStore((s) => s.setExpectedPerEndpoint);
  const setFilter = usePanelStore((s) => s.setFilter);
  const now = useNow();
  const summary = selectSummary(view, expected);
  const cpm = selectConnectsPerMinute(view, now);
  const debug = summary.debug;
  const duplicated = summary.duplicated.length > 0;
  const liveEndpoints = summary.endpoints.filter((e) => e.live > 0);

  return (
    <section
      className={`summary ${duplicated ? 'summary-duplicated' : ''}`}
      aria-label={t('summary.live')}
    >
      <div className="summary-main">
        <span className="summary-label">{t('summary.live')}</span>
        <span className="summary-count" data-testid="live-count" data-live={summary.live}>
          {summary.live}
        </span>
        <span className="summary-sub">
          {t('summary.liveOf', { live: summary.live, total: summary.total })}
        </span>
      </div>
      {duplicated ? (
        <div className="duplicate-flag" role="alert" data-testid="duplicate-flag">
          {summary.duplicated.map((e) => (
            <button
              key={e.endpoint}
              type="button"
              className="duplicate-item"
              onClick={() => setFilter({ endpoint: e.endpoint, liveOnly: true })}
            >
              {t('summary.duplicate', { n: e.live, endpoint: e.endpoint, expected })}
            </button>
          ))}
        </div>
      ) : (
        <div className="summary-ok" data-testid="summary-ok">
          {summary.live === 0 ? t('summary.none') : t('summary.ok')}
        </div>
      )}
      <ul className="endpoint-list" aria-label={t('toolbar.endpoint')}>
        {liveEndpoints.slice(0, MAX_CHIPS).map((e) => (
          <li
            key={e.endpoint}
            className={`endpoint-chip ${e.live > expected && e.endpoint ? 'endpoint-chip-dup' : ''}`}
            data-testid="endpoint-live"
            data-endpoint={e.endpoint}
            data-live={e.live}
            title={e.endpoint}
          >
            <span className="endpoint-chip-count">{e.live}</span>{' '}
            {e.endpoint || t('row.placeholder')}
          </li>
        ))}
        {liveEndpoints.length > MAX_CHIPS ? (
          <li
            className="endpoint-chip endpoint-chip-more"
            data-testid="endpoint-more"
            title={liveEndpoints
              .slice(MAX_CHIPS)
              .map((e) => `${e.live} ${e.endpoint || t('row.placeholder')}`)
              .join('\n')}
          >
            {t('summary.moreEndpoints', { n: liveEndpoints.length - MAX_CHIPS })}
          </li>
        ) : null}
      </ul>
      <div className="summary-metrics">
        <span
          className={`metric ${summary.pendingTimers > 1 ? 'metric-bad' : ''}`}
          title={t('summary.timers.title', summary.timerTotals)}
        >
          <span className="metric-label">{t('summary.timers')}</span>
          <span data-testid="timer-count" data-pending={summary.pendingTimers}>
            {t('summary.timers.value', { n: summary.pendingTimers })}
          </span>
          {debug && debug.timers !== undefined ? (
            <span className="metric-sub" data-testid="debug-timer-count">
              {t('summary.timers.debug', { n: formatValue(debug.timers) })}
            </span>
          ) : null}
        </span>
        <span className="metric">
          <span className="metric-label">{t('summary.cpm')}</span>
          <span data-testid="connects-per-minute">{cpm}</span>
        </span>
        <HostBudget />
        <LintSummary />
        <label className="metric">
          <span className="metric-label">{t('summary.expected')}</span>
          <ExpectedInput key={expected} value={expected} commit={(n) => setExpected(n)} />
        </label>
      </div>
      <DebugSnapshot />
    </section>
  );
}

/** Endpoint chips shown; the rest are counted in a "+N more" chip (its tooltip lists them). */
const MAX_CHIPS = 8;

/** Clamps typed text to the setting's bounds; null when it is not a number at all. */
export function clampExpected(text: string): number | null {
  const n = Math.round(Number(text.trim()));
  if (text.trim() === '' || !Number.isFinite(n)) return null;
  const { min, max } = SETTING_BOUNDS.expectedPerEndpoint;
  return Math.min(max, Math.max(min, n));
}

/**
 * Free text while typing (it may be empty or out of range for a moment); on blur or Enter it is
 * clamped and applied, or, when not a number, the last valid value comes back.
 */
function ExpectedInput(props: { value: number; commit: (n: number) => void }) {
  const [text, setText] = useState(String(props.value));
  const commit = () => {
    const n = clampExpected(text);
    if (n === null || n === props.value) setText(String(props.value));
    else props.commit(n);
  };
  return (
    <input
      className="expected-input"
      type="text"
      inputMode="numeric"
      value={text}
      onChange={(e) => setText(e.currentTarget.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter') commit();
        if (e.key === 'Escape') setText(String(props.value));
      }}
      title={t('summary.expected.title', SETTING_BOUNDS.expectedPerEndpoint)}
      data-testid="expected-per-endpoint"
    />
  );
}

/** Fields shown per debug global (its top-level keys; the rest is in the tooltip). */
const MAX_DEBUG_FIELDS = 8;

function DebugSnapshot() {
  const view = usePanelStore((s) => s.view);
  const expected = usePanelStore((s) => s.expectedPerEndpoint);
  const globals = selectSummary(view, expected).debugGlobals;
  if (globals.length === 0)
    return <div className="debug-snapshot muted">{t('summary.debug.none')}</div>;
  return (
    <div className="debug-globals">
      {globals.map((g) => (
        <DebugGlobal key={g.name} snapshot={g} />
      ))}
    </div>
  );
}

function DebugGlobal({ snapshot: g }: { snapshot: DebugSnapshotRecord }) {
  const name = t('summary.debug', { name: g.name });
  if (!g.ok) {
    return (
      <div className="debug-snapshot muted" data-testid="debug-snapshot" data-name={g.name}>
        <span className="debug-name">{name}</span>{' '}
        {g.error === 'absent'
          ? t('summary.debug.absent')
          : t('summary.debug.failed', { error: g.error ?? '' })}
      </div>
    );
  }
  const fields: Array<[string, unknown]> =
    typeof g.value === 'object' && g.value !== null && !Array.isArray(g.value)
      ? Object.entries(g.value as Record<string, unknown>)
      : [['value', g.value]];
  return (
    <div
      className="debug-snapshot"
      data-testid="debug-snapshot"
      data-name={g.name}
      title={formatValue(g.value)}
    >
      <span className="debug-name">{name}</span>
      <dl className="debug-fields">
        {fields.slice(0, MAX_DEBUG_FIELDS).map(([field, value]) => (
          <div key={field} className="debug-field">
            <dt>{field}</dt>
            <dd>{formatValue(value)}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

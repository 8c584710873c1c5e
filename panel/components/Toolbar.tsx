/** The DevTools-style top toolbar: capture controls, filters, view tabs, link status. */
import { t } from '../i18n';
import type { ConnectionKind } from '../../src/protocol';
import type { PanelTab, StateFilter } from '../store';
import { usePanelStore } from '../use-panel-store';
import { selectEndpoints } from '../selectors';
import { useInsight } from '../acceptance/view-store';
import { fileName } from '../stack';
import { ClearIcon, PauseIcon, RecordIcon } from './icons';
import { StatusIndicator } from './StatusIndicator';
import { EvidenceActions } from './EvidenceActions';
import { SettingsButton } from './SettingsPanel';
import { FilterInput } from './FilterInput';
import { CsvExportButton } from './CsvExportButton';
import { NetworkCaptureSwitch } from './NetworkCapture';

const STATES: readonly StateFilter[] = ['all', 'connecting', 'open', 'reconnecting', 'closed'];
const KINDS = ['all', 'eventsource', 'fetch'] as const;
const TABS: ReadonlyArray<{ tab: PanelTab; label: () => string }> = [
  { tab: 'connections', label: () => t('toolbar.tab.connections') },
  { tab: 'callSites', label: () => t('toolbar.tab.callSites') },
  { tab: 'timeline', label: () => t('tab.timeline') },
  { tab: 'acceptance', label: () => t('tab.acceptance') },
];

/** The select's value for an endpoint filter: a prefix keeps '' (placeholders) apart from "all". */
const ALL_ENDPOINTS = '*';
const endpointOption = (endpoint: string | null): string =>
  endpoint === null ? ALL_ENDPOINTS : `=${endpoint}`;
const endpointOf = (value: string): string | null =>
  value === ALL_ENDPOINTS ? null : value.slice(1);

/** The tab an arrow, Home or End key moves to (wrapping), or null for other keys. */
export function tabAfterKey(current: PanelTab, key: string): PanelTab | null {
  const i = TABS.findIndex((x) => x.tab === current);
  const n = TABS.length;
  const to =
    key === 'ArrowRight'
      ? (i + 1) % n
      : key === 'ArrowLeft'
        ? (i - 1 + n) % n
        : key === 'Home'
          ? 0
          : key === 'End'
            ? n - 1
            : -1;
  return to === -1 ? null : (TABS[to]?.tab ?? null);
}

export function Toolbar() {
  const imported = useInsight((s) => s.imported !== null);
  const paused = usePanelStore((s) => s.paused);
  const preserveLog = usePanelStore((s) => s.preserveLog);
  const filter = usePanelStore((s) => s.filter);
  const tab = usePanelStore((s) => s.tab);
  const view = usePanelStore((s) => s.view);
  const setPaused = usePanelStore((s) => s.setPaused);
  const clearRecords = usePanelStore((s) => s.clearRecords);
  const togglePreserveLog = usePanelStore((s) => s.togglePreserveLog);
  const setFilter = usePanelStore((s) => s.setFilter);
  const setTab = usePanelStore((s) => s.setTab);
  const endpoints = selectEndpoints(view);

  return (
    <div className="toolbar" role="toolbar" aria-label={t('app.title')}>
      <button
        type="button"
        className={`toolbar-button ${paused ? '' : 'toolbar-button-recording'}`}
        title={paused ? t('toolbar.resume') : t('toolbar.pause')}
        aria-label={paused ? t('toolbar.resume') : t('toolbar.pause')}
        aria-pressed={!paused}
        data-testid="pause-button"
        onClick={() => setPaused(!paused)}
      >
        {paused ? <RecordIcon /> : <PauseIcon />}
      </button>
      <button
        type="button"
        className="toolbar-button"
        title={t('toolbar.clear')}
        aria-label={t('toolbar.clear')}
        data-testid="clear-button"
        onClick={clearRecords}
      >
        <ClearIcon />
      </button>
      <span className="toolbar-divider" />
      <label className="toolbar-check" title={t('toolbar.preserveLog.title')}>
        <input
          type="checkbox"
          checked={preserveLog}
          onChange={togglePreserveLog}
          data-testid="preserve-log"
        />
        {t('toolbar.preserveLog')}
      </label>
      <NetworkCaptureSwitch />
      <span className="toolbar-divider" />
      <FilterInput />
      <select
        className="toolbar-select"
        aria-label={t('toolbar.state')}
        value={filter.state}
        onChange={(e) => setFilter({ state: e.currentTarget.value as StateFilter })}
      >
        {STATES.map((s) => (
          <option key={s} value={s}>
            {s === 'all' ? t('state.all') : t(`state.${s}`)}
          </option>
        ))}
      </select>
      <select
        className="toolbar-select"
        aria-label={t('toolbar.kind')}
        value={filter.kind ?? 'all'}
        onChange={(e) => {
          const value = e.currentTarget.value;
          setFilter({ kind: value === 'all' ? null : (value as ConnectionKind) });
        }}
        data-testid="kind-filter"
      >
        {KINDS.map((k) => (
          <option key={k} value={k}>
            {t(`kind.${k}`)}
          </option>
        ))}
      </select>
      <select
        className="toolbar-select toolbar-endpoint"
        aria-label={t('toolbar.endpoint')}
        value={endpointOption(filter.endpoint)}
        onChange={(e) => setFilter({ endpoint: endpointOf(e.currentTarget.value) })}
        data-testid="endpoint-filter"
      >
        <option value={ALL_ENDPOINTS}>{t('toolbar.allEndpoints')}</option>
        {endpoints.map((e) => (
          <option key={e.endpoint} value={endpointOption(e.endpoint)}>
            {e.endpoint || t('row.placeholder')}
          </option>
        ))}
      </select>
      {filter.callSite ? (
        <span className="filter-chip" data-testid="call-site-filter" title={filter.callSite}>
          {t('toolbar.callSite', { site: fileName(filter.callSite) })}
          <button
            type="button"
            className="filter-chip-clear"
            aria-label={t('toolbar.callSite.clear')}
            title={t('toolbar.callSite.clear')}
            onClick={() => setFilter({ callSite: null })}
          >
            ×
          </button>
        </span>
      ) : null}
      <label className="toolbar-check">
        <input
          type="checkbox"
          checked={filter.liveOnly}
          onChange={(e) => setFilter({ liveOnly: e.currentTarget.checked })}
          data-testid="live-only"
        />
        {t('toolbar.liveOnly')}
      </label>
      <span className="toolbar-divider" />
      <div
        className="tabs"
        role="tablist"
        aria-label={t('toolbar.tabs')}
        onKeyDown={(e) => {
          const next = tabAfterKey(tab, e.key);
          if (next === null) return;
          e.preventDefault();
          setTab(next);
          // Roving tabindex: focus follows the selection (WAI-ARIA APG, tabs with automatic activation).
          e.currentTarget.querySelector<HTMLElement>(`[data-testid="tab-${next}"]`)?.focus();
        }}
      >
        {TABS.map(({ tab: id, label }) => (
          <button
            key={id}
            type="button"
            role="tab"
            aria-selected={tab === id}
            tabIndex={tab === id ? 0 : -1}
            className={`tab ${tab === id ? 'tab-selected' : ''}`}
            data-testid={`tab-${id}`}
            onClick={() => setTab(id)}
          >
            {label()}
            {imported && (id === 'timeline' || id === 'acceptance') ? (
              <span className="tab-imported" data-testid={`tab-${id}-imported`}>
                {' '}
                {t('tab.imported')}
              </span>
            ) : null}
          </button>
        ))}
      </div>
      <span className="toolbar-spacer" />
      <EvidenceActions>
        <CsvExportButton />
      </EvidenceActions>
      <SettingsButton />
      <span className="toolbar-divider" />
      {paused ? (
        <span
          className="badge badge-warning"
          data-testid="paused-badge"
          title={t('toolbar.paused.title')}
        >
          {tab === 'connections' || tab === 'callSites'
            ? t('toolbar.paused')
            : t('toolbar.paused.otherTab')}
        </span>
      ) : null}
      <StatusIndicator />
    </div>
  );
}

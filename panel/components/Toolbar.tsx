/** The DevTools-style top toolbar: capture controls, filters, view tabs, link status. */
import { t } from '../i18n';
import type { PanelTab, StateFilter } from '../store';
import { usePanelStore } from '../use-panel-store';
import { selectEndpoints } from '../selectors';
import { ClearIcon, PauseIcon, RecordIcon } from './icons';
import { StatusIndicator } from './StatusIndicator';
import { EvidenceActions } from './EvidenceActions';
import { SettingsButton } from './SettingsPanel';
import { FilterInput } from './FilterInput';
import { CsvExportButton } from './CsvExportButton';

const STATES: readonly StateFilter[] = ['all', 'connecting', 'open', 'reconnecting', 'closed'];
const TABS: ReadonlyArray<{ tab: PanelTab; label: () => string }> = [
  { tab: 'connections', label: () => t('toolbar.tab.connections') },
  { tab: 'callSites', label: () => t('toolbar.tab.callSites') },
  { tab: 'timeline', label: () => t('tab.timeline') },
  { tab: 'acceptance', label: () => t('tab.acceptance') },
];

export function Toolbar() {
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
        className="toolbar-select toolbar-endpoint"
        aria-label={t('toolbar.endpoint')}
        value={filter.endpoint}
        onChange={(e) => setFilter({ endpoint: e.currentTarget.value })}
      >
        <option value="">{t('toolbar.allEndpoints')}</option>
        {endpoints.map((e) => (
          <option key={e.endpoint} value={e.endpoint}>
            {e.endpoint || t('row.placeholder')}
          </option>
        ))}
      </select>
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
      <div className="tabs" role="tablist">
        {TABS.map(({ tab: id, label }) => (
          <button
            key={id}
            type="button"
            role="tab"
            aria-selected={tab === id}
            className={`tab ${tab === id ? 'tab-selected' : ''}`}
            data-testid={`tab-${id}`}
            onClick={() => setTab(id)}
          >
            {label()}
          </button>
        ))}
      </div>
      <span className="toolbar-spacer" />
      <EvidenceActions compact />
      <CsvExportButton />
      <SettingsButton />
      <span className="toolbar-divider" />
      {paused ? <span className="badge badge-warning">{t('toolbar.paused')}</span> : null}
      <StatusIndicator />
    </div>
  );
}

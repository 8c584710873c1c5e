/**
 * The imported report, in every tab, saying which tabs show it: Timeline and Acceptance show the
 * report (read-only); Connections and Call sites keep showing the live page. Or the import error.
 */
import { useInsight } from '../acceptance/view-store';
import { usePanelStore } from '../use-panel-store';
import { t } from '../i18n';
import { CloseIcon } from './icons';

export function EvidenceBanner() {
  const imported = useInsight((s) => s.imported);
  const error = useInsight((s) => s.importError);
  const closeImported = useInsight((s) => s.closeImported);
  const importFailed = useInsight((s) => s.importFailed);
  const tab = usePanelStore((s) => s.tab);
  const setTab = usePanelStore((s) => s.setTab);
  if (error) {
    return (
      <div className="report-banner report-banner-error" role="alert" data-testid="import-error">
        <span className="report-banner-text" title={error}>
          {error}
        </span>
        <button
          type="button"
          className="toolbar-button"
          aria-label={t('report.dismiss')}
          title={t('report.dismiss')}
          onClick={() => importFailed(null)}
        >
          <CloseIcon />
        </button>
      </div>
    );
  }
  if (!imported) return null;
  const { report } = imported;
  const showsReport = tab === 'timeline' || tab === 'acceptance';
  const text = t(showsReport ? 'report.banner' : 'report.banner.live', {
    file: imported.fileName,
    createdAt: new Date(report.createdAt).toLocaleString(),
    page: report.page.url || report.page.origin,
  });
  return (
    <div
      className={`report-banner ${showsReport ? 'report-banner-imported' : 'report-banner-live'}`}
      role="status"
      data-testid="imported-banner"
      data-scope={showsReport ? 'imported' : 'live'}
    >
      <span className="report-banner-text" title={text}>
        {text}
      </span>
      {showsReport ? null : (
        <button
          type="button"
          className="report-button"
          data-testid="view-imported"
          onClick={() => setTab('acceptance')}
        >
          {t('report.viewImported')}
        </button>
      )}
      <button
        type="button"
        className="report-button"
        data-testid="close-imported"
        onClick={closeImported}
      >
        {t('report.close')}
      </button>
    </div>
  );
}

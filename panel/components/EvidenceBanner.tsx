/** "Viewing imported report …" (with Close), or the import error (with Dismiss). */
import { useInsight } from '../acceptance/view-store';
import { t } from '../i18n';
import { CloseIcon } from './icons';

export function EvidenceBanner() {
  const imported = useInsight((s) => s.imported);
  const error = useInsight((s) => s.importError);
  const closeImported = useInsight((s) => s.closeImported);
  const importFailed = useInsight((s) => s.importFailed);
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
  const text = t('report.banner', {
    file: imported.fileName,
    createdAt: new Date(report.createdAt).toLocaleString(),
    page: report.page.url || report.page.origin,
  });
  return (
    <div className="report-banner" role="status" data-testid="imported-banner">
      <span className="report-banner-text" title={text}>
        {text}
      </span>
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

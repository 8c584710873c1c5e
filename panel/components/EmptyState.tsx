/**
 * Shown until the first connection. The hook runs at document_start, so connections opened during
 * load are captured without a reload; Reload is only a convenience.
 */
import { t } from '../i18n';
import { useDevtoolsApi } from '../devtools-api';
import { ReloadIcon } from './icons';

export function EmptyState() {
  const api = useDevtoolsApi();
  return (
    <div className="empty" data-testid="empty-state">
      <div className="empty-title">{t('empty.title')}</div>
      <div className="empty-hint">{t('empty.hint')}</div>
      <button
        type="button"
        className="text-button"
        onClick={() => api.reloadInspectedPage()}
        data-testid="reload-button"
      >
        <ReloadIcon /> {t('empty.reload')}
      </button>
    </div>
  );
}

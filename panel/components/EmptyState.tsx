/** Shown until the first connection: the hook only sees what it was present for. */
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

/**
 * The toolbar's row filter: URL, displayed id, label and call site, as plain text or `/regex/`.
 * An invalid expression turns the input red and says why instead of filtering.
 */
import { t } from '../i18n';
import { selectFilterQuery } from '../selectors';
import { usePanelStore } from '../use-panel-store';
import './daily.css';

export function FilterInput() {
  const text = usePanelStore((s) => s.filter.text);
  const setFilter = usePanelStore((s) => s.setFilter);
  const query = selectFilterQuery(text);
  const invalid = query.kind === 'invalid';
  return (
    <input
      className={`toolbar-filter ${invalid ? 'input-invalid' : ''}`}
      type="search"
      aria-label={t('toolbar.filter')}
      aria-invalid={invalid}
      placeholder={t('toolbar.filter.placeholder')}
      title={invalid ? t('search.invalid', { error: query.error }) : t('toolbar.filter.title')}
      value={text}
      onChange={(e) => setFilter({ text: e.currentTarget.value })}
      data-testid="filter-text"
    />
  );
}

/**
 * The export menu's CSV item: the connection table as shown (filtered, sorted, visible columns).
 * Like the menu's other exports it describes the live session.
 */
import { t } from '../i18n';
import { visibleColumns } from '../columns';
import { connectionsToCsv } from '../report/csv';
import { downloadText } from '../report/download';
import { selectRows } from '../selectors';
import { usePanelStoreApi } from '../use-panel-store';

/** `sse-connections-2026-01-31T10-20-30.csv`: sortable, and valid on every file system. */
export const csvFileName = (now: number): string =>
  `sse-connections-${new Date(now).toISOString().slice(0, 19).replaceAll(':', '-')}.csv`;

export function CsvExportButton() {
  const store = usePanelStoreApi();
  const exportCsv = () => {
    const s = store.getState();
    const now = Date.now();
    const rows = selectRows(s.view, s.filter, s.sort);
    downloadText(
      csvFileName(now),
      connectionsToCsv(rows, visibleColumns(s.hiddenColumns), now),
      'text/csv',
    );
  };
  return (
    <button
      type="button"
      role="menuitem"
      className="export-menu-item"
      title={t('export.csv.title')}
      data-testid="export-csv"
      onClick={exportCsv}
    >
      {t('export.csv')}
    </button>
  );
}

/**
 * The entries of an imported HAR (the panel's own export), read-only: one row per entry with
 * what the file says about it. Shown beside the acceptance verdicts judged from the same file;
 * every value is the file's and is rendered as text.
 */
import { useInsight } from '../acceptance/view-store';
import { formatTime } from '../format';
import { t } from '../i18n';
import './imported-har.css';

export function ImportedHarTable() {
  const rows = useInsight((s) => s.imported?.harRows ?? null);
  if (!rows) return null;
  return (
    <section
      className="imported-har"
      data-testid="imported-har"
      aria-label={t('har.title', { n: rows.length })}
    >
      <h3 className="insight-title">{t('har.title', { n: rows.length })}</h3>
      <table className="imported-har-table">
        <thead>
          <tr>
            <th>#</th>
            <th>{t('har.col.kind')}</th>
            <th>{t('har.col.method')}</th>
            <th>{t('har.col.status')}</th>
            <th>{t('har.col.url')}</th>
            <th>{t('har.col.mime')}</th>
            <th>{t('har.col.protocol')}</th>
            <th>{t('har.col.messages')}</th>
            <th>{t('har.col.types')}</th>
            <th>{t('har.col.source')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr
              key={r.key}
              data-testid="imported-har-row"
              data-key={r.key}
              data-status={r.status}
              title={formatTime(r.startedAt)}
            >
              <td>{r.label}</td>
              <td>{r.kind}</td>
              <td>{r.method}</td>
              <td>{r.status === 0 ? '—' : `${r.status} ${r.statusText}`.trim()}</td>
              <td className="imported-har-url" title={r.url}>
                {r.url}
              </td>
              <td>{r.mimeType}</td>
              <td>{r.httpVersion}</td>
              <td>{r.messages}</td>
              <td>{r.types.join(', ')}</td>
              <td>{t(r.network ? 'har.source.network' : 'har.source.hook')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

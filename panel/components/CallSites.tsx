/** Connections grouped by construction call site: "which code made them", live and total. */
import { t } from '../i18n';
import { useDevtoolsApi } from '../devtools-api';
import { selectCallSites } from '../selectors';
import { fileName } from '../stack';
import { usePanelStore } from '../use-panel-store';

export function CallSites() {
  const view = usePanelStore((s) => s.view);
  const liveOnly = usePanelStore((s) => s.filter.liveOnly);
  const setFilter = usePanelStore((s) => s.setFilter);
  const setTab = usePanelStore((s) => s.setTab);
  const api = useDevtoolsApi();
  // "Live only" applies here as in the table: a site whose connections all closed is hidden.
  const sites = selectCallSites(view).filter((site) => !liveOnly || site.live > 0);
  if (sites.length === 0) {
    return (
      <div className="placeholder muted" data-testid="call-sites-empty">
        {liveOnly ? t('callSites.emptyLive') : t('callSites.empty')}
      </div>
    );
  }
  return (
    <div className="callsites" data-testid="call-sites">
      <table className="plain-table" aria-label={t('callSites.title')}>
        <thead>
          <tr>
            <th>{t('callSites.site')}</th>
            <th className="cell-num">{t('callSites.live')}</th>
            <th className="cell-num">{t('callSites.total')}</th>
            <th>{t('callSites.endpoints')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {sites.map((site) => (
            <tr
              key={site.key}
              data-testid="call-site-row"
              data-site={site.key}
              className={site.live > 1 ? 'callsite-dup' : ''}
            >
              <td>
                {site.frame ? (
                  <>
                    <span className="stack-fn">{site.frame.fn || t('stack.anonymous')}</span>{' '}
                    <button
                      type="button"
                      className="link-button"
                      title={t('detail.openSource', { file: site.frame.url })}
                      onClick={() =>
                        site.frame &&
                        void api.openResource(site.frame.url, site.frame.line, site.frame.column)
                      }
                    >
                      {`${fileName(site.frame.url)}:${site.frame.line}:${site.frame.column}`}
                    </button>
                  </>
                ) : (
                  <span className="muted">{t('callSites.unknown')}</span>
                )}
              </td>
              <td className="cell-num" data-testid="call-site-live">
                {site.live}
              </td>
              <td className="cell-num">{site.total}</td>
              <td className="muted">{site.endpoints.join(', ')}</td>
              <td>
                {site.key ? (
                  <button
                    type="button"
                    className="text-button"
                    title={t('callSites.show.title')}
                    data-testid="call-site-show"
                    onClick={() => {
                      // The exact site, not a text search; "Live only" stays as the user set it.
                      setFilter({ callSite: site.key, text: '', endpoint: null, state: 'all' });
                      setTab('connections');
                    }}
                  >
                    {t('callSites.show')}
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

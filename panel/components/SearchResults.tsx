/**
 * The bar above the connection table: the message search (data and event types of the samples
 * every connection keeps, plain text or `/regex/`), its count, the hits with their matches
 * marked, and the Columns button. A hit selects its connection.
 */
import { useState } from 'react';
import { t } from '../i18n';
import { formatTime } from '../format';
import { connectionLabel } from '../model';
import { selectSearchQuery, selectMessageSearch } from '../selectors';
import type { MessageHit } from '../search/messages';
import { usePanelStore } from '../use-panel-store';
import { ColumnMenu, type MenuPosition } from './ColumnMenu';
import { Highlighted } from './Highlighted';
import './daily.css';

/** Characters of a hit's data shown around its first match. */
const SNIPPET = 240;
const LEAD = 60;

/** A window of `text` around its first hit, with the ranges moved into it. */
export function snippet(
  text: string,
  ranges: ReadonlyArray<[number, number]>,
): { text: string; ranges: Array<[number, number]> } {
  const first = ranges[0]?.[0] ?? 0;
  const start = first > LEAD ? first - LEAD : 0;
  const end = Math.min(text.length, start + SNIPPET);
  const prefix = start > 0 ? '…' : '';
  const suffix = end < text.length ? '…' : '';
  const shift = prefix.length - start;
  const inside = ranges
    .filter(([a, b]) => a >= start && b <= end)
    .map(([a, b]): [number, number] => [a + shift, b + shift]);
  return { text: `${prefix}${text.slice(start, end)}${suffix}`, ranges: inside };
}

export function SearchResults() {
  const view = usePanelStore((s) => s.view);
  const search = usePanelStore((s) => s.search);
  const setSearch = usePanelStore((s) => s.setSearch);
  const selectConnection = usePanelStore((s) => s.selectConnection);
  const selectedKey = usePanelStore((s) => s.selectedKey);
  const [menu, setMenu] = useState<MenuPosition | null>(null);
  const query = selectSearchQuery(search);
  const result = selectMessageSearch(view, search);
  const invalid = query.kind === 'invalid';

  return (
    <div className="search" data-testid="message-search">
      <div className="search-bar">
        <input
          className={`toolbar-filter search-input ${invalid ? 'input-invalid' : ''}`}
          type="search"
          aria-label={t('search.label')}
          aria-invalid={invalid}
          placeholder={t('search.placeholder')}
          title={invalid ? t('search.invalid', { error: query.error }) : t('search.title')}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          data-testid="search-text"
        />
        {invalid ? (
          <span className="text-error" role="status" data-testid="search-error">
            {t('search.invalid', { error: query.error })}
          </span>
        ) : query.kind !== 'empty' ? (
          <span className="muted" role="status" data-testid="search-count">
            {t('search.count', {
              hits: result.total,
              connections: result.connections,
              samples: result.searched,
            })}
          </span>
        ) : null}
        <span className="toolbar-spacer" />
        <button
          type="button"
          className="text-button"
          data-testid="columns-button"
          aria-haspopup="menu"
          onClick={(e) => {
            const box = e.currentTarget.getBoundingClientRect();
            setMenu({ x: Math.max(0, box.right - 180), y: box.bottom });
          }}
        >
          {t('columns.button')}
        </button>
      </div>
      {result.hits.length > 0 ? (
        <ol className="search-hits" data-testid="search-hits">
          {result.hits.map((hit, i) => (
            <Hit
              key={`${hit.connection.key}-${hit.sample.t}-${i}`}
              hit={hit}
              selected={hit.connection.key === selectedKey}
              onSelect={selectConnection}
            />
          ))}
          {result.total > result.hits.length ? (
            <li className="muted">{t('search.more', { n: result.total - result.hits.length })}</li>
          ) : null}
        </ol>
      ) : null}
      {menu ? <ColumnMenu position={menu} onClose={() => setMenu(null)} /> : null}
    </div>
  );
}

function Hit(props: { hit: MessageHit; selected: boolean; onSelect: (key: string) => void }) {
  const { connection, sample, data, type } = props.hit;
  const shown = snippet(sample.data, data);
  return (
    <li
      className={`search-hit-row ${props.selected ? 'row-selected' : ''}`}
      data-testid="search-result"
      data-key={connection.key}
      onMouseDown={() => props.onSelect(connection.key)}
    >
      <span className="search-hit-meta muted">
        {connectionLabel(connection)} · <Highlighted text={sample.type} ranges={type} /> ·{' '}
        {formatTime(sample.t)}
      </span>
      <span className="search-hit-data">
        <Highlighted text={shown.text} ranges={shown.ranges} />
      </span>
    </li>
  );
}

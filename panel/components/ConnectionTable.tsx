/**
 * The connection table: sortable header, virtualised body (only visible rows exist in the DOM),
 * keyboard navigation (↑/↓, Home/End, Enter, Escape) and Ctrl/⌘+C to copy the selected row.
 * Right-click on the header (or the Columns button) shows and hides columns.
 */
import { useCallback, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { t } from '../i18n';
import { useNow } from '../clock';
import { copyText } from '../clipboard';
import { gridTemplate, HEADER_HEIGHT, ROW_HEIGHT, visibleColumns } from '../columns';
import { connectionToJson } from '../row-json';
import { selectRows } from '../selectors';
import { usePanelStore } from '../use-panel-store';
import { ConnectionRow, ErrorRow } from './ConnectionRow';
import { lintConnection } from '../lint';
import { useLintContext } from '../use-lint';
import { ErrorBoundary } from './ErrorBoundary';
import { ColumnMenu, type MenuPosition } from './ColumnMenu';

export function ConnectionTable() {
  const view = usePanelStore((s) => s.view);
  const filter = usePanelStore((s) => s.filter);
  const sort = usePanelStore((s) => s.sort);
  const selectedKey = usePanelStore((s) => s.selectedKey);
  const selectConnection = usePanelStore((s) => s.selectConnection);
  const setSort = usePanelStore((s) => s.setSort);
  const hiddenColumns = usePanelStore((s) => s.hiddenColumns);
  const columns = useMemo(() => visibleColumns(hiddenColumns), [hiddenColumns]);
  const template = useMemo(() => gridTemplate(columns), [columns]);
  const [menu, setMenu] = useState<MenuPosition | null>(null);
  const now = useNow();
  const lint = useLintContext();
  const rows = selectRows(view, filter, sort);
  const scrollRef = useRef<HTMLDivElement>(null);

  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualiser is read during render by design; rows re-render on every store change anyway
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    getItemKey: (index) => rows[index]?.key ?? index,
    // The sticky header scrolls with the body (so wide tables scroll horizontally as one).
    scrollMargin: HEADER_HEIGHT,
    // ...and covers the top of the body: scrolling a row into view must clear it.
    scrollPaddingStart: HEADER_HEIGHT,
  });

  const selectedIndex = useMemo(
    () => (selectedKey === null ? -1 : rows.findIndex((r) => r.key === selectedKey)),
    [rows, selectedKey],
  );

  const moveTo = useCallback(
    (index: number) => {
      const row = rows[index];
      if (!row) return;
      selectConnection(row.key);
      virtualizer.scrollToIndex(index, { align: 'auto' });
    },
    [rows, selectConnection, virtualizer],
  );

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    switch (e.key) {
      case 'ArrowDown':
        moveTo(selectedIndex < 0 ? 0 : Math.min(rows.length - 1, selectedIndex + 1));
        break;
      case 'ArrowUp':
        moveTo(selectedIndex < 0 ? 0 : Math.max(0, selectedIndex - 1));
        break;
      case 'Home':
        moveTo(0);
        break;
      case 'End':
        moveTo(rows.length - 1);
        break;
      case 'PageDown':
        moveTo(Math.min(rows.length - 1, Math.max(0, selectedIndex) + 20));
        break;
      case 'PageUp':
        moveTo(Math.max(0, selectedIndex - 20));
        break;
      case 'Enter':
        moveTo(selectedIndex < 0 ? 0 : selectedIndex);
        break;
      case 'Escape':
        selectConnection(null);
        break;
      case 'c': {
        const row = rows[selectedIndex];
        if (!(e.ctrlKey || e.metaKey) || !row) return;
        void copyText(connectionToJson(row));
        break;
      }
      default:
        return;
    }
    e.preventDefault();
  };

  return (
    <div className="table">
      {/* The focusable element is the grid, so aria-activedescendant names its selected row. */}
      <div
        ref={scrollRef}
        className="table-body"
        role="grid"
        aria-label={t('table.label')}
        aria-rowcount={rows.length + 1}
        tabIndex={0}
        onKeyDown={onKeyDown}
        aria-activedescendant={selectedIndex >= 0 ? `row-${selectedIndex}` : undefined}
        data-testid="table-body"
      >
        <div
          className="row row-header"
          role="row"
          style={{ gridTemplateColumns: template, height: HEADER_HEIGHT }}
          data-testid="table-header"
          onContextMenu={(e) => {
            e.preventDefault();
            setMenu({ x: e.clientX, y: e.clientY });
          }}
        >
          {columns.map((col) => {
            const active = sort.key === col.key;
            return (
              <button
                key={col.key}
                type="button"
                role="columnheader"
                aria-sort={active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}
                className={`cell header-cell ${col.numeric ? 'cell-num' : ''}`}
                data-testid={`sort-${col.key}`}
                onClick={() => setSort(col.key)}
              >
                {t(col.title)}
                {active ? (
                  <span className="sort-arrow">{sort.dir === 'asc' ? '▲' : '▼'}</span>
                ) : null}
              </button>
            );
          })}
        </div>
        {rows.length === 0 ? <div className="table-empty">{t('table.empty.filtered')}</div> : null}
        <div className="table-canvas" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index];
            if (!row) return null;
            return (
              <ErrorBoundary
                key={item.key}
                resetKey={row}
                fallback={(error) => (
                  <ErrorRow error={error} top={item.start - HEADER_HEIGHT} height={item.size} />
                )}
              >
                <ConnectionRow
                  connection={row}
                  index={item.index}
                  selected={row.key === selectedKey}
                  now={now}
                  lint={lintConnection(row, lint)
                    .map((f) => f.rule)
                    .join(', ')}
                  top={item.start - HEADER_HEIGHT}
                  height={item.size}
                  columns={columns}
                  gridTemplate={template}
                  onSelect={selectConnection}
                />
              </ErrorBoundary>
            );
          })}
        </div>
      </div>
      {menu ? <ColumnMenu position={menu} onClose={() => setMenu(null)} /> : null}
    </div>
  );
}

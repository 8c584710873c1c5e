/**
 * Show or hide table columns, as Chrome's Network panel does from its header's context menu.
 * Opened by a right-click on the header or the Columns button; Escape or a click outside closes.
 */
import { useEffect, useRef } from 'react';
import { t } from '../i18n';
import { COLUMNS } from '../columns';
import { usePanelStore } from '../use-panel-store';
import './daily.css';

export interface MenuPosition {
  readonly x: number;
  readonly y: number;
}

export function ColumnMenu(props: { position: MenuPosition; onClose: () => void }) {
  const hidden = usePanelStore((s) => s.hiddenColumns);
  const setColumnHidden = usePanelStore((s) => s.setColumnHidden);
  const ref = useRef<HTMLDivElement>(null);
  const { onClose } = props;

  useEffect(() => {
    ref.current?.querySelector<HTMLElement>('[role="menuitemcheckbox"]')?.focus();
    const onPointer = (e: PointerEvent) => {
      if (!ref.current?.contains(e.target as Node)) onClose();
    };
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    document.addEventListener('pointerdown', onPointer, true);
    document.addEventListener('keydown', onKey, true);
    return () => {
      document.removeEventListener('pointerdown', onPointer, true);
      document.removeEventListener('keydown', onKey, true);
    };
  }, [onClose]);

  return (
    <div
      ref={ref}
      className="column-menu"
      role="menu"
      aria-label={t('columns.menu')}
      style={{ left: props.position.x, top: props.position.y }}
      data-testid="column-menu"
    >
      {COLUMNS.filter((c) => !c.fixed).map((col) => {
        const shown = !hidden.includes(col.key);
        return (
          <button
            key={col.key}
            type="button"
            role="menuitemcheckbox"
            aria-checked={shown}
            className="column-menu-item"
            data-testid={`column-toggle-${col.key}`}
            onClick={() => setColumnHidden(col.key, shown)}
          >
            <span className="column-menu-check" aria-hidden="true">
              {shown ? '✓' : ''}
            </span>
            {t(col.title)}
          </button>
        );
      })}
    </div>
  );
}

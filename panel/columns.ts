/** The connection table's columns: one list drives the header, the cells and the CSS grid. */
import type { StringKey } from './i18n';
import type { SortKey } from './store';

export interface Column {
  readonly key: SortKey;
  readonly title: StringKey;
  /** CSS grid track. */
  readonly width: string;
  readonly numeric?: boolean;
}

export const COLUMNS: readonly Column[] = [
  { key: 'id', title: 'column.id', width: '48px', numeric: true },
  { key: 'endpoint', title: 'column.endpoint', width: 'minmax(140px, 2fr)' },
  { key: 'state', title: 'column.state', width: '92px' },
  { key: 'age', title: 'column.age', width: '72px', numeric: true },
  { key: 'messages', title: 'column.messages', width: '70px', numeric: true },
  { key: 'errors', title: 'column.errors', width: '58px', numeric: true },
  { key: 'label', title: 'column.label', width: 'minmax(70px, 1fr)' },
  { key: 'initiator', title: 'column.initiator', width: 'minmax(120px, 1.5fr)' },
  { key: 'parent', title: 'column.parent', width: '52px', numeric: true },
  { key: 'closedBy', title: 'column.closedBy', width: '70px' },
];

export const GRID_TEMPLATE = COLUMNS.map((c) => c.width).join(' ');

/** Fixed row height: the virtualiser needs no measurement, so 10 000 rows scroll smoothly. */
export const ROW_HEIGHT = 21;

export const HEADER_HEIGHT = 22;

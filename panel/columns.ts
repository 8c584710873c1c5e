/**
 * The connection table's columns: one list drives the header, the cells, the CSS grid, the
 * Columns menu and the CSV export. The user hides and shows them (kept per origin); the id
 * column always stays, so a row can still be named.
 */
import type { StringKey } from './i18n';
import type { SortKey } from './store';

export type ColumnKey = SortKey;

export interface Column {
  readonly key: ColumnKey;
  readonly title: StringKey;
  /** CSS grid track. */
  readonly width: string;
  readonly numeric?: boolean;
  /** Hidden until the user shows it (the table stays readable in a narrow DevTools pane). */
  readonly hiddenByDefault?: boolean;
  /** Cannot be hidden. */
  readonly fixed?: boolean;
}

export const COLUMNS: readonly Column[] = [
  { key: 'id', title: 'column.id', width: '64px', numeric: true, fixed: true },
  { key: 'endpoint', title: 'column.endpoint', width: 'minmax(140px, 2fr)' },
  { key: 'kind', title: 'column.kind', width: '84px' },
  { key: 'state', title: 'column.state', width: '92px' },
  { key: 'start', title: 'column.start', width: '100px', numeric: true },
  { key: 'age', title: 'column.age', width: '72px', numeric: true },
  { key: 'toOpen', title: 'column.toOpen', width: '64px', numeric: true },
  { key: 'toFirst', title: 'column.toFirst', width: '72px', numeric: true, hiddenByDefault: true },
  { key: 'messages', title: 'column.messages', width: '70px', numeric: true },
  { key: 'rate', title: 'column.rate', width: '64px', numeric: true },
  {
    key: 'lastMessage',
    title: 'column.lastMessage',
    width: '92px',
    numeric: true,
    hiddenByDefault: true,
  },
  { key: 'errors', title: 'column.errors', width: '58px', numeric: true },
  { key: 'label', title: 'column.label', width: 'minmax(70px, 1fr)' },
  { key: 'initiator', title: 'column.initiator', width: 'minmax(120px, 1.5fr)' },
  { key: 'parent', title: 'column.parent', width: '52px', numeric: true },
  { key: 'closedBy', title: 'column.closedBy', width: '70px' },
];

export const COLUMN_KEYS: readonly ColumnKey[] = COLUMNS.map((c) => c.key);

export const DEFAULT_HIDDEN_COLUMNS: readonly ColumnKey[] = COLUMNS.filter(
  (c) => c.hiddenByDefault,
).map((c) => c.key);

export function isColumnKey(v: unknown): v is ColumnKey {
  return typeof v === 'string' && (COLUMN_KEYS as readonly string[]).includes(v);
}

/** The columns shown, in table order (a fixed column is shown even when listed as hidden). */
export function visibleColumns(hidden: readonly ColumnKey[]): readonly Column[] {
  return COLUMNS.filter((c) => c.fixed || !hidden.includes(c.key));
}

export const gridTemplate = (columns: readonly Column[]): string =>
  columns.map((c) => c.width).join(' ');

/** Fixed row height: the virtualiser needs no measurement, so 10 000 rows scroll smoothly. */
export const ROW_HEIGHT = 21;

export const HEADER_HEIGHT = 22;

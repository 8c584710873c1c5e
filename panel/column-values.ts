/**
 * Each column's value of a connection as plain text: the table's simple cells and the CSV export
 * read the same function, so a column means the same thing in both.
 */
import type { ColumnKey } from './columns';
import { formatDuration, formatTime } from './format';
import { t } from './i18n';
import type { Connection } from './model';
import { frameLabel } from './stack';
import {
  displayState,
  errorsOf,
  eventsPerSecond,
  labelOf,
  timeToFirstMessage,
  timeToOpen,
} from './selectors';

/** Events per second as shown: two significant decimals under 10, whole numbers above. */
export function formatRate(rate: number | null): string {
  if (rate === null) return '';
  return rate < 10 ? rate.toFixed(2) : rate.toFixed(0);
}

const orEmpty = (ms: number | null): string => (ms === null ? '' : formatDuration(ms));

export function columnText(c: Connection, key: ColumnKey, now: number): string {
  switch (key) {
    case 'id':
      return String(c.displayId);
    case 'endpoint':
      return c.placeholder ? t('row.placeholder') : c.endpoint;
    case 'state':
      return t(`state.${displayState(c)}`);
    case 'start':
      return formatTime(c.createdAt);
    case 'age':
      return formatDuration((c.closedAt ?? now) - c.createdAt);
    case 'toOpen':
      return orEmpty(timeToOpen(c));
    case 'toFirst':
      return orEmpty(timeToFirstMessage(c));
    case 'messages':
      return String(c.messages);
    case 'rate':
      return formatRate(eventsPerSecond(c, now));
    case 'lastMessage':
      return c.lastMessageAt === null ? '' : formatTime(c.lastMessageAt);
    case 'errors':
      return errorsOf(c) > 0 ? `${c.transientErrors}/${c.terminalErrors}` : '';
    case 'label':
      return labelOf(c);
    case 'initiator':
      return c.callSite ? frameLabel(c.callSite.frame) : '';
    case 'parent':
      return c.parentId === null ? '' : String(c.parentId);
    case 'closedBy':
      return c.closedBy ? t(`closedBy.${c.closedBy}`) : t('closedBy.none');
    case 'kind':
      // A fetch stream says its method too: POST streams are why clients use fetch.
      return c.kind === 'fetch'
        ? `${t('kind.fetch')} ${c.method ?? ''}`.trim()
        : t(`kind.${c.kind ?? 'eventsource'}`);
  }
}

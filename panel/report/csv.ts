/**
 * The connection table as CSV (RFC 4180): the rows and columns the user sees, in that order, plus
 * the full URL and the raw timing numbers a spreadsheet can compute with.
 */
import { columnText } from '../column-values';
import type { Column } from '../columns';
import { t } from '../i18n';
import type { Connection } from '../model';
import { eventsPerSecond, timeToFirstMessage, timeToOpen } from '../selectors';

/**
 * One field: quoted when it holds a comma, quote or line break (RFC 4180 §2.6–2.7); a leading
 * `=`, `+`, `-` or `@` is prefixed with `'` so a spreadsheet does not run page-controlled text as
 * a formula (OWASP, "CSV Injection").
 */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const row = (fields: ReadonlyArray<string | number | null>): string =>
  fields.map(csvField).join(',');

export function connectionsToCsv(
  rows: readonly Connection[],
  columns: readonly Column[],
  now: number,
): string {
  const header = [
    ...columns.map((c) => t(c.title)),
    'url',
    'createdAt',
    'openedAt',
    'firstMessageAt',
    'lastMessageAt',
    'closedAt',
    'timeToOpenMs',
    'timeToFirstMessageMs',
    'eventsPerSecond',
    'lastEventId',
  ];
  const lines = [row(header)];
  for (const c of rows) {
    const rate = eventsPerSecond(c, now);
    lines.push(
      row([
        ...columns.map((col) => columnText(c, col.key, now)),
        c.url,
        c.createdAt,
        c.openedAt,
        c.firstMessageAt,
        c.lastMessageAt,
        c.closedAt,
        timeToOpen(c),
        timeToFirstMessage(c),
        rate === null ? null : Number(rate.toFixed(3)),
        c.lastEventId,
      ]),
    );
  }
  // CRLF line ends, as the RFC says; spreadsheets read either.
  return `${lines.join('\r\n')}\r\n`;
}

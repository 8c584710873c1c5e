/**
 * The Markdown summary of a report, to paste into an issue tracker: one table row per acceptance
 * criterion with ✓ / ✗ / "no data" and its evidence. Text from the page (URLs, ids) is escaped so
 * it cannot break the table or inject markup into the tracker.
 */
import { labelOfKey, type Verdict } from '../acceptance/verdict';
import { formatDuration } from '../format';
import { isStringKey, type StringKey, type TextParams } from '../i18n';
import type { EvidenceReport } from './report';

/** `t` in the panel; tests pass a stand-in that shows keys. */
export type Translate = (key: StringKey, params?: TextParams) => string;

/** Makes text safe inside a Markdown table cell. */
export function cell(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/[<>]/g, (c) => (c === '<' ? '&lt;' : '&gt;'))
    .replace(/[`*_[\]]/g, '\\$&')
    .replace(/\r?\n/g, ' ');
}

export const STATUS_MARK: Record<Verdict['status'], string> = { pass: '✓', fail: '✗', noData: '—' };

export function reportToMarkdown(
  report: EvidenceReport,
  tr: Translate,
  formatTime: (t: number) => string,
): string {
  const out: string[] = [];
  out.push(`### ${tr('md.title')}`, '');
  out.push(`- ${tr('md.page')}: ${cell(report.page.url || report.page.origin)}`);
  out.push(
    `- ${tr('md.endpoint')}: ${cell(report.settings.endpointPath)} · ${tr('md.expected')}: ${report.settings.expectedPerEndpoint}`,
  );
  if (report.window) {
    out.push(
      `- ${tr('md.window')}: ${formatTime(report.window.from)} – ${formatTime(report.window.to)} (${Math.round((report.window.to - report.window.from) / 1000)} s)`,
    );
  }
  const live = report.connections.filter((c) => c.closedAt === null).length;
  out.push(`- ${tr('md.connections', { total: report.connections.length, live })}`);
  if (report.recording.lostRecords > 0 || report.recording.truncated > 0) {
    out.push(
      `- ⚠ ${tr('md.incomplete', { lost: report.recording.lostRecords, truncated: report.recording.truncated })}`,
    );
  }
  out.push(
    '',
    `| | ${tr('md.criterion')} | ${tr('md.result')} | ${tr('md.evidence')} |`,
    '|---|---|---|---|',
  );
  report.verdicts.forEach((v, i) => {
    const evidence = v.evidence
      // Evidence codes are data (an imported report may carry codes this panel does not know).
      .map((e) => {
        const params = withTimes(e.params, formatTime);
        return isStringKey(e.code) ? tr(e.code, params) : e.code;
      })
      .concat(
        v.offenders.length
          ? [
              `${tr('md.offenders')}: ${v.offenders.map((key) => labelOfKey(report, key)).join(', ')}`,
            ]
          : [],
      )
      .map(cell)
      .join('; ');
    out.push(
      `| ${String.fromCharCode(97 + i)} | ${cell(tr(`criterion.${v.id}`))} | ${STATUS_MARK[v.status]} ${tr(`status.${v.status}`)} | ${evidence} |`,
    );
  });
  out.push('', `_${tr('md.footer', { createdAt: report.createdAt })}_`, '');
  return out.join('\n');
}

/** Parameters named `at` are times (shown as clock times), `ms` durations. */
export function withTimes(
  params: Readonly<Record<string, string | number>>,
  formatTime: (t: number) => string,
): Record<string, string | number> {
  const out: Record<string, string | number> = { ...params };
  if (typeof params.at === 'number') out.at = formatTime(params.at);
  if (typeof params.ms === 'number') out.ms = formatDuration(params.ms);
  return out;
}

/**
 * The acceptance tab: the acceptance criteria judged live over the chosen window (or over an
 * imported report, recomputed and compared), each ✓ / ✗ / "no data" with its evidence and the
 * offending connections as buttons that select their row.
 */
import { useState } from 'react';
import { evaluateAll } from '../acceptance/evaluate';
import { labelOfKey, type EvidenceLine, type Verdict } from '../acceptance/verdict';
import { resolveWindow } from '../acceptance/window';
import { useRecording } from '../acceptance/use-recording';
import { useInsight } from '../acceptance/view-store';
import { formatDuration, formatTime } from '../format';
import { t, textOf } from '../i18n';
import { STATUS_MARK, withTimes } from '../report/markdown';
import { acceptanceOptions } from '../report/report';
import type { Recording } from '../recording/recording';
import { memoizeLast } from '../selectors';
import type { GoneReason } from '../store';
import { usePanelStore } from '../use-panel-store';
import { ImportedHarTable } from './ImportedHarTable';
import { TimelineWindowPicker } from './TimelineWindowPicker';
import '../theme/insight.css';

const evaluate = memoizeLast(evaluateAll);

export function AcceptanceView() {
  const { recording, imported } = useRecording();
  const importedReport = useInsight((s) => s.imported);
  const window = useInsight((s) => s.window);
  const settings = useInsight((s) => (s.imported ? s.imported.report.settings : s.settings));
  const options = optionsOf(settings);
  const range =
    importedReport?.report.window && window === importedReport.report.window.choice
      ? { from: importedReport.report.window.from, to: importedReport.report.window.to }
      : resolveWindow(window, recording);
  const verdicts = evaluate(recording, range, options);
  const counts = { pass: 0, fail: 0, noData: 0 };
  for (const v of verdicts) counts[v.status] += 1;
  const saved =
    importedReport && window === importedReport.report.window?.choice
      ? importedReport.report.verdicts
      : null;
  const consistent = saved
    ? verdicts.every((v, i) => v.status === saved[i]?.status) && importedReport?.consistent
    : null;

  return (
    <section className="insight" aria-label={t('tab.acceptance')} data-testid="acceptance-view">
      <div className="insight-header">
        <h2 className="insight-title">{t('acceptance.title')}</h2>
        <TimelineWindowPicker />
        <span className="insight-sub window-range" data-testid="window-range">
          {range
            ? t('acceptance.windowRange', {
                from: formatTime(range.from),
                to: formatTime(range.to),
                duration: formatDuration(range.to - range.from),
              })
            : t('acceptance.noWindow')}
        </span>
        <span className="insight-sub">
          {t('acceptance.endpoint', {
            path: settings.endpointPath,
            n: settings.expectedPerEndpoint,
          })}
        </span>
        <span className="insight-spacer" />
      </div>
      <div
        className="insight-notice"
        data-testid="acceptance-summary"
        data-pass={counts.pass}
        data-fail={counts.fail}
        data-nodata={counts.noData}
      >
        {t('acceptance.summary', counts)}
      </div>
      {recording.lostRecords > 0 || recording.truncated > 0 ? (
        <div className="insight-notice insight-notice-warn">
          {t('acceptance.incomplete', {
            lost: recording.lostRecords,
            truncated: recording.truncated,
          })}
        </div>
      ) : null}
      {consistent !== null ? (
        <div
          className={`insight-notice ${consistent ? 'insight-notice-ok' : 'insight-notice-bad'}`}
          data-testid="import-consistency"
          data-consistent={String(consistent)}
        >
          {consistent ? t('acceptance.consistent') : t('acceptance.inconsistent')}
        </div>
      ) : null}
      <ImportedHarTable />
      <ol className="verdicts">
        {verdicts.map((v, i) => (
          <VerdictRow
            key={v.id}
            verdict={v}
            recording={recording}
            saved={saved?.[i] ?? null}
            readOnly={imported}
          />
        ))}
      </ol>
    </section>
  );
}

const optionsOf = memoizeLast(acceptanceOptions);

const GONE_TEXT = {
  cleared: 'acceptance.gone.cleared',
  notPreserved: 'acceptance.gone.notPreserved',
  unknown: 'acceptance.gone.unknown',
} as const;

function VerdictRow(props: {
  verdict: Verdict;
  recording: Recording;
  saved: Verdict | null;
  readOnly: boolean;
}) {
  const { verdict: v } = props;
  const reveal = usePanelStore((s) => s.revealConnection);
  // The offender whose row is gone, and why (the button then says so instead of selecting nothing).
  const [gone, setGone] = useState<{ key: string; reason: GoneReason } | null>(null);
  const label = (key: string) => labelOfKey(props.recording, key);
  return (
    <li
      className={`verdict verdict-${v.status}`}
      data-testid={`verdict-${v.id}`}
      data-status={v.status}
    >
      <span className="verdict-mark" aria-hidden="true">
        {STATUS_MARK[v.status]}
      </span>
      <div className="verdict-head">
        <span className="verdict-name">{t(`criterion.${v.id}`)}</span>
        <span className="verdict-status">{t(`status.${v.status}`)}</span>
        {props.saved ? (
          <span className="verdict-saved">
            {t('acceptance.saved', { status: t(`status.${props.saved.status}`) })}
          </span>
        ) : null}
      </div>
      <ul className="verdict-evidence">
        {v.evidence.map((e, i) => (
          <li key={i}>{renderEvidence(e)}</li>
        ))}
      </ul>
      {v.offenders.length > 0 ? (
        <div className="verdict-offenders">
          <span>{t('acceptance.offenders')}</span>
          {v.offenders.map((key) =>
            props.readOnly ? (
              <span key={key} className="offender offender-static" title={key}>
                {label(key)}
              </span>
            ) : (
              <button
                key={key}
                type="button"
                className="offender"
                title={key}
                aria-label={t('acceptance.select', { id: label(key) })}
                data-testid="offender"
                data-key={key}
                onClick={() => {
                  const reason = reveal(key);
                  setGone(reason === null ? null : { key, reason });
                }}
              >
                {label(key)}
              </button>
            ),
          )}
          {gone ? (
            <span className="muted" role="status" data-testid="offender-gone" data-key={gone.key}>
              {t(GONE_TEXT[gone.reason], { id: label(gone.key) })}
            </span>
          ) : null}
        </div>
      ) : null}
    </li>
  );
}

function renderEvidence(e: EvidenceLine): string {
  return textOf(e.code, withTimes(e.params, formatTime));
}

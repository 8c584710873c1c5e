/**
 * Export and import of evidence: the JSON report, its Markdown summary (download or copy, to
 * paste into an issue), the session as HAR, and importing a saved report (read-only view).
 * `compact` renders icon buttons for the toolbar; otherwise text buttons.
 */
import { useRef } from 'react';
import { useInsightStoreApi, useInsight } from '../acceptance/view-store';
import { copyText } from '../clipboard';
import { formatTime } from '../format';
import { t } from '../i18n';
import { usePanelStoreApi } from '../use-panel-store';
import { downloadText, evidenceFileName } from '../report/download';
import { connectionsToHar } from '../report/har';
import { reportToMarkdown } from '../report/markdown';
import { buildReport, importReport, type EvidenceReport } from '../report/report';
import { MAX_REPORT_BYTES, parseReport } from '../report/validate-report';
import { originOf } from '../settings/settings-sync';
import { useCopyStatus } from '../use-copy-status';

const VERSION = '0.1.0';

function useCurrentReport(): () => EvidenceReport {
  const insight = useInsightStoreApi();
  return () => {
    const s = insight.getState();
    if (s.imported) return s.imported.report;
    const recording = s.recorder.snapshot(Date.now());
    const pageUrl = s.pageUrl || recording.sessions.at(-1)?.url || '';
    return buildReport({
      recording,
      choice: s.window,
      settings: s.settings,
      pageUrl,
      origin: s.origin ?? originOf(pageUrl),
      createdAt: new Date(),
    });
  };
}

export function EvidenceActions(props: { compact?: boolean }) {
  const insight = useInsightStoreApi();
  const panel = usePanelStoreApi();
  const imported = useInsight((s) => s.imported !== null);
  const currentReport = useCurrentReport();
  const file = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useCopyStatus();

  const markdownOf = (report: EvidenceReport) => reportToMarkdown(report, t, formatTime);
  const name = (report: EvidenceReport, kind: 'evidence' | 'har', ext: 'json' | 'md' | 'har') =>
    evidenceFileName(kind, report.page.origin, new Date(report.createdAt), ext);

  const exportJson = () => {
    const report = currentReport();
    downloadText(
      name(report, 'evidence', 'json'),
      JSON.stringify(report, null, 2),
      'application/json',
    );
  };
  const exportMarkdown = () => {
    const report = currentReport();
    downloadText(name(report, 'evidence', 'md'), markdownOf(report), 'text/markdown');
  };
  const copyMarkdown = async () => {
    const ok = await copyText(markdownOf(currentReport()));
    setCopied(ok);
  };
  const exportHar = () => {
    const s = insight.getState();
    const har = connectionsToHar(panel.getState().getLiveView().data.connections.values(), {
      redactParams: s.settings.redactParams,
      now: Date.now(),
      version: VERSION,
    });
    const report = currentReport();
    downloadText(name(report, 'har', 'har'), JSON.stringify(har, null, 2), 'application/json');
  };
  const importFile = async (chosen: File) => {
    const s = insight.getState();
    if (chosen.size > MAX_REPORT_BYTES) {
      const error = t('import.tooLarge', { mb: MAX_REPORT_BYTES / 1024 / 1024 });
      s.importFailed(t('report.importError', { file: chosen.name, error }));
      return;
    }
    const parsed = parseReport(await chosen.text());
    if (!parsed.ok) {
      s.importFailed(t('report.importError', { file: chosen.name, error: parsed.error }));
      return;
    }
    s.reportImported(importReport(parsed.report, chosen.name));
  };

  const buttons: Array<{
    id: string;
    label: string;
    icon: string;
    onClick: () => void;
    disabled?: boolean;
  }> = [
    { id: 'export-json', label: t('report.export'), icon: '⤓', onClick: exportJson },
    { id: 'export-md', label: t('report.exportMd'), icon: 'M↓', onClick: exportMarkdown },
    {
      id: 'copy-md',
      label:
        copied === 'ok'
          ? t('report.copied')
          : copied === 'failed'
            ? t('report.copyFailed')
            : t('report.copyMd'),
      icon: '⧉',
      onClick: () => void copyMarkdown(),
    },
    {
      id: 'export-har',
      label: t('report.exportHar'),
      icon: 'HAR',
      onClick: exportHar,
      disabled: imported,
    },
  ];
  const shown = props.compact ? buttons.filter((b) => b.id === 'export-json') : buttons;

  return (
    <span className="report-actions">
      {shown.map((b) => (
        <button
          key={b.id}
          type="button"
          className={props.compact ? 'toolbar-button' : 'report-button'}
          title={b.label}
          aria-label={b.label}
          disabled={b.disabled}
          data-testid={`${props.compact ? 'toolbar-' : ''}${b.id}`}
          onClick={b.onClick}
        >
          {props.compact ? <span aria-hidden="true">{b.icon}</span> : b.label}
        </button>
      ))}
      <button
        type="button"
        className={props.compact ? 'toolbar-button' : 'report-button'}
        title={t('report.import')}
        aria-label={t('report.import')}
        data-testid={`${props.compact ? 'toolbar-' : ''}import`}
        onClick={() => file.current?.click()}
      >
        {props.compact ? <span aria-hidden="true">⤒</span> : t('report.import')}
      </button>
      <input
        ref={file}
        type="file"
        accept=".json,application/json"
        className="visually-hidden"
        tabIndex={-1}
        aria-label={t('report.import')}
        data-testid={`${props.compact ? 'toolbar-' : ''}import-file`}
        onChange={(e) => {
          const chosen = e.currentTarget.files?.[0];
          e.currentTarget.value = ''; // choosing the same file again must fire again
          if (chosen) void importFile(chosen);
        }}
      />
    </span>
  );
}

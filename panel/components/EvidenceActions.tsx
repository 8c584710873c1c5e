/**
 * The toolbar's one export menu: the JSON report, its Markdown summary (download or copy, to
 * paste into an issue), the session as HAR, importing a saved report (read-only view), and any
 * further items passed as children. Items stay in the DOM while the menu is closed (`hidden`),
 * so their test ids are stable. Exports always describe the live session: an imported report is
 * only viewed, never re-exported as if it had been captured here.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useInsightStoreApi, useInsight } from '../acceptance/view-store';
import { copyText } from '../clipboard';
import { formatTime } from '../format';
import { t } from '../i18n';
import { usePanelStoreApi } from '../use-panel-store';
import { downloadText, evidenceFileName } from '../report/download';
import { connectionsToHar } from '../report/har';
import { reportToMarkdown } from '../report/markdown';
import { importFileText } from '../report/har-import';
import { buildReport, type EvidenceReport } from '../report/report';
import { MAX_REPORT_BYTES } from '../report/validate-report';
import { originOf } from '../settings/settings-sync';
import { useCopyStatus } from '../use-copy-status';

const VERSION = '0.1.0';

function useCurrentReport(): () => EvidenceReport {
  const insight = useInsightStoreApi();
  return () => {
    const s = insight.getState();
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

export function EvidenceActions(props: { children?: ReactNode }) {
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
    // The panel's own HAR or its evidence report, told apart by content.
    const parsed = importFileText(await chosen.text(), chosen.name);
    if (!parsed.ok) {
      s.importFailed(t('report.importError', { file: chosen.name, error: parsed.error }));
      return;
    }
    s.reportImported(parsed.imported);
  };

  const [open, setOpen] = useState(false);
  const menu = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    if (!open) return undefined;
    const away = (e: MouseEvent) => {
      if (!menu.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', away);
    return () => document.removeEventListener('mousedown', away);
  }, [open]);

  const items: Array<{ id: string; label: string; onClick: () => void }> = [
    { id: 'export-json', label: t('report.export'), onClick: exportJson },
    { id: 'export-md', label: t('report.exportMd'), onClick: exportMarkdown },
    {
      id: 'copy-md',
      label:
        copied === 'ok'
          ? t('report.copied')
          : copied === 'failed'
            ? t('report.copyFailed')
            : t('report.copyMd'),
      onClick: () => void copyMarkdown(),
    },
    { id: 'export-har', label: t('report.exportHar'), onClick: exportHar },
  ];

  return (
    <span
      className="report-actions export-menu"
      ref={menu}
      onKeyDown={(e) => {
        if (e.key === 'Escape') setOpen(false);
      }}
    >
      <button
        type="button"
        className="toolbar-button export-menu-button"
        aria-haspopup="menu"
        aria-expanded={open}
        title={t('report.menu.title')}
        data-testid="export-menu"
        onClick={() => setOpen(!open)}
      >
        {t('report.menu')} ▾
      </button>
      <div
        className="export-menu-list"
        role="menu"
        aria-label={t('report.menu')}
        hidden={!open}
        data-testid="export-menu-list"
      >
        {imported ? (
          <div className="export-menu-note muted" data-testid="export-live-note">
            {t('report.menu.liveOnly')}
          </div>
        ) : null}
        {items.map((b) => (
          <button
            key={b.id}
            type="button"
            role="menuitem"
            className="export-menu-item"
            data-testid={b.id}
            onClick={() => {
              b.onClick();
              // Copy shows its outcome on the item; every other choice closes the menu.
              if (b.id !== 'copy-md') setOpen(false);
            }}
          >
            {b.label}
          </button>
        ))}
        <button
          type="button"
          role="menuitem"
          className="export-menu-item"
          data-testid="import"
          onClick={() => {
            file.current?.click();
            setOpen(false);
          }}
        >
          {t('report.import')}
        </button>
        {props.children}
      </div>
      <input
        ref={file}
        type="file"
        accept=".json,.har,application/json"
        className="visually-hidden"
        tabIndex={-1}
        aria-label={t('report.import')}
        data-testid="import-file"
        onChange={(e) => {
          const chosen = e.currentTarget.files?.[0];
          e.currentTarget.value = ''; // choosing the same file again must fire again
          if (chosen) void importFile(chosen);
        }}
      />
    </span>
  );
}

/** Everything about the selected connection, one boundary per section. */
import { useState } from 'react';
import { useDevtoolsApi, isWebUrl } from '../devtools-api';
import { curlCommand, hasRedactedParts } from '../report/curl';
import type { Connection } from '../model';
import { t } from '../i18n';
import { useNow } from '../clock';
import { copyText } from '../clipboard';
import { formatBytes } from '../format';
import { connectionLabel } from '../model';
import { connectionToJson } from '../row-json';
import { displayState, labelOf } from '../selectors';
import { usePanelStore } from '../use-panel-store';
import { ClosedHint } from './ClosedHint';
import { CloseIcon, CopyIcon } from './icons';
import { LineageTree } from './LineageTree';
import { LintSection } from './LintSection';
import { NetworkDetail } from './NetworkCapture';
import { MessageList, MessageTiming } from './MessageList';
import { ReadyStateTimeline } from './ReadyStateTimeline';
import { ResponseSection } from './ResponseSection';
import { Section } from './Section';
import { StackTrace } from './StackTrace';

export function DetailPane() {
  const view = usePanelStore((s) => s.view);
  const selectedKey = usePanelStore((s) => s.selectedKey);
  const selectConnection = usePanelStore((s) => s.selectConnection);
  const now = useNow();
  const [copied, setCopied] = useState<{ key: string; ok: boolean } | null>(null);
  const c = selectedKey === null ? undefined : view.data.connections.get(selectedKey);
  if (!c) return <div className="detail detail-empty muted">{t('detail.none')}</div>;
  const state = displayState(c);

  const copy = async () => {
    setCopied({ key: c.key, ok: await copyText(connectionToJson(c)) });
  };

  return (
    <div className="detail" data-testid="detail-pane" data-key={c.key}>
      <div className="detail-header">
        <span className={`state state-${state}`}>
          <span className="state-dot" aria-hidden="true" />
          <span data-testid="detail-id" title={c.key}>
            {connectionLabel(c)}
          </span>{' '}
          {t(`state.${state}`)}
        </span>
        <span className="detail-url" title={c.url}>
          {c.url || t('row.placeholder')}
        </span>
        <span className="toolbar-spacer" />
        {copied && copied.key === c.key ? (
          <span className="muted">{copied.ok ? t('detail.copied') : t('detail.copyFailed')}</span>
        ) : null}
        <button
          type="button"
          className="toolbar-button"
          title={t('detail.copy')}
          aria-label={t('detail.copy')}
          onClick={() => void copy()}
          data-testid="copy-json"
        >
          <CopyIcon />
        </button>
        <button
          type="button"
          className="toolbar-button"
          title={t('detail.close')}
          aria-label={t('detail.close')}
          onClick={() => selectConnection(null)}
        >
          <CloseIcon />
        </button>
      </div>
      <div className="detail-body">
        <CopyAndGo key={c.key} connection={c} />
        <ClosedHint key={`hint:${c.key}`} connection={c} />
        <LintSection connection={c} />
        <NetworkDetail connection={c} />
        <ResponseSection connection={c} />
        <Section title={t('detail.url')} resetKey={c}>
          <dl className="props">
            <dt>{t('detail.url')}</dt>
            <dd className="selectable">{c.url}</dd>
            <dt>{t('detail.credentials')}</dt>
            <dd>{String(c.withCredentials)}</dd>
            <dt>{t('detail.frame')}</dt>
            <dd className="selectable">{`${c.frameId} · ${c.frameUrl}`}</dd>
            <dt>{t('detail.listeners')}</dt>
            <dd>{c.listeners.join(', ') || '—'}</dd>
            <dt>{t('column.messages')}</dt>
            <dd
              data-testid="detail-traffic"
              title={
                c.bytesUnmeasured > 0
                  ? t('detail.bytesEstimated', { n: c.bytesUnmeasured, total: c.messages })
                  : undefined
              }
            >
              {`${c.messages} · ${c.bytesUnmeasured > 0 ? '≈ ' : ''}${formatBytes(c.bytes)}`}
            </dd>
            <dt>{t('column.errors')}</dt>
            <dd>
              {t('errors.cell', { transient: c.transientErrors, terminal: c.terminalErrors })}
            </dd>
            <dt>{t('detail.timersScheduled')}</dt>
            <dd>{c.timersScheduled}</dd>
            {labelOf(c) ? (
              <>
                <dt>{t('detail.client')}</dt>
                <dd>{c.client || '—'}</dd>
                <dt>{t('detail.marker')}</dt>
                <dd>{c.marker || '—'}</dd>
                <dt>{t('detail.reason')}</dt>
                <dd>{c.reason || '—'}</dd>
              </>
            ) : null}
          </dl>
        </Section>
        <Section title={t('detail.construction')} testId="construction-stack" resetKey={c}>
          <StackTrace stack={c.stack} />
        </Section>
        {c.closeStack !== null ? (
          <Section title={t('detail.closeStack')} testId="close-stack" resetKey={c}>
            <StackTrace stack={c.closeStack} />
          </Section>
        ) : null}
        <Section title={t('detail.lineage')} resetKey={c}>
          <LineageTree view={view} connectionKey={c.key} />
        </Section>
        <Section title={t('detail.timeline')} resetKey={c}>
          <ReadyStateTimeline connection={c} now={now} />
        </Section>
        <Section title={t('timing.title')} testId="timing-section" resetKey={c}>
          <MessageTiming connection={c} />
        </Section>
        <Section title={t('detail.messages')} testId="messages" resetKey={c}>
          <MessageList connection={c} />
        </Section>
      </div>
    </div>
  );
}

/**
 * Copy URL, copy as cURL, open in a new tab, and the Network panel (which extensions cannot
 * drive: chrome.devtools.network offers getHAR, onRequestFinished and onNavigated, and nothing
 * that selects a request — https://developer.chrome.com/docs/extensions/reference/api/devtools/network).
 */
function CopyAndGo(props: { connection: Connection }) {
  const c = props.connection;
  const api = useDevtoolsApi();
  const [status, setStatus] = useState<string | null>(null);
  const redacted = hasRedactedParts(c.url);
  const copy = async (what: 'url' | 'curl') => {
    const text =
      what === 'url'
        ? c.url
        : curlCommand({
            url: c.url,
            lastEventId: c.lastEventId,
            withCredentials: c.withCredentials,
          });
    setStatus((await copyText(text)) ? t(`detail.copied.${what}`) : t('detail.copyFailed'));
  };
  const web = isWebUrl(c.url);
  return (
    <div className="detail-actions" role="group" aria-label={t('detail.actions')}>
      <button
        type="button"
        className="report-button"
        data-testid="copy-url"
        disabled={!c.url}
        onClick={() => void copy('url')}
      >
        {t('detail.copyUrl')}
      </button>
      <button
        type="button"
        className="report-button"
        data-testid="copy-curl"
        disabled={!web}
        title={redacted ? t('detail.copyCurl.redacted') : t('detail.copyCurl.title')}
        onClick={() => void copy('curl')}
      >
        {t('detail.copyCurl')}
      </button>
      <button
        type="button"
        className="report-button"
        data-testid="open-tab"
        disabled={!web}
        title={t('detail.openTab.title')}
        onClick={() => {
          if (!api.openInNewTab(c.url)) setStatus(t('detail.openTab.refused'));
        }}
      >
        {t('detail.openTab')}
      </button>
      <button
        type="button"
        className="report-button"
        data-testid="reveal-network"
        disabled
        aria-disabled="true"
        title={t('detail.network.unavailable')}
      >
        {t('detail.network')}
      </button>
      {redacted ? (
        <span className="muted" data-testid="redacted-note">
          {t('detail.redactedNote')}
        </span>
      ) : null}
      {status ? (
        <span className="muted" role="status" data-testid="copy-and-go-status">
          {status}
        </span>
      ) : null}
    </div>
  );
}

/**
 * "Why CLOSED?" in plain language, from what the page could observe; with network capture on,
 * from the network's own answer (the Response section has the details). Only while capture is
 * off, an opt-in probe re-requests the URL from the page to read status and Content-Type.
 */
import { useState } from 'react';
import { t } from '../i18n';
import { useDevtoolsApi } from '../devtools-api';
import { isRedactedUrl } from '../endpoint';
import { useHookProbe } from '../hook-probe';
import { probeStream, probeVerdict, type ProbeResult } from '../probe';
import { contentTypeOf } from './ResponseSection';
import { closedReason } from '../selectors';
import type { Connection } from '../store';
import { usePanelStore } from '../use-panel-store';

export function ClosedHint({ connection }: { connection: Connection }) {
  const api = useDevtoolsApi();
  const [probing, setProbing] = useState(false);
  const [result, setResult] = useState<ProbeResult | null>(null);
  const capturing = usePanelStore((s) => s.networkCapture.status === 'on');
  const hookProbe = useHookProbe();
  const reason = closedReason(connection);
  if (!reason) return null;
  const n = connection.network;
  // With capture on the network already holds the real answer: no second request.
  const canProbe = connection.closedBy === 'browser' && connection.url !== '' && !capturing && !n;
  // The hook holds the real URL behind a redacted one; without it the page-eval probe cannot.
  const redacted = isRedactedUrl(connection.url) && hookProbe === null;

  const probe = async () => {
    setProbing(true);
    try {
      setResult(
        hookProbe
          ? await hookProbe.request({
              url: connection.url,
              withCredentials: connection.withCredentials,
              documentId: connection.documentId,
            })
          : await probeStream({
              api,
              url: connection.url,
              withCredentials: connection.withCredentials,
              ...(connection.frameId !== 0 ? { frameUrl: connection.frameUrl } : {}),
            }),
      );
    } finally {
      setProbing(false);
    }
  };

  const networkVerdict =
    n && n.status !== null
      ? probeVerdict({
          kind: 'response',
          status: n.status,
          contentType: contentTypeOf(n),
          redirected: false,
        })
      : null;

  return (
    <div className={`why why-${reason}`} data-testid="why-closed">
      <strong>{t('why.title')}</strong> {t(`why.${reason}`)}
      {connection.unsent ? <div data-testid="why-unsent">{t('why.unsent')}</div> : null}
      {n && n.status !== null ? (
        <div data-testid="why-network">
          {t('why.network.response', {
            status: n.status,
            statusText: n.statusText,
            contentType: contentTypeOf(n),
          })}{' '}
          {networkVerdict ? t(`why.probe.${networkVerdict}`) : null}
        </div>
      ) : null}
      {n && n.end !== null && n.end !== 'finished' && n.end !== 'canceled' ? (
        <div data-testid="why-network-error">{t('why.network.error', { error: n.end })}</div>
      ) : null}
      {canProbe ? (
        <div className="why-probe">
          {redacted ? (
            <span className="muted">{t('why.probe.redacted')}</span>
          ) : (
            <button
              type="button"
              className="text-button"
              disabled={probing}
              title={hookProbe ? t('why.probe.viaHook') : t('why.probe.title')}
              data-testid="probe-button"
              onClick={() => void probe()}
            >
              {probing ? t('why.probing') : t('why.probe')}
            </button>
          )}
          {result ? <ProbeOutcome result={result} /> : null}
        </div>
      ) : null}
    </div>
  );
}

function ProbeOutcome({ result }: { result: ProbeResult }) {
  const verdict = probeVerdict(result);
  return (
    <div className="why-result" data-testid="probe-result">
      {result.kind === 'response' ? (
        <div data-testid="probe-status" data-status={result.status}>
          {t('why.probe.response', {
            status: `${result.status} ${result.statusText ?? ''}`.trim(),
            contentType: result.contentType,
          })}
        </div>
      ) : null}
      {result.kind === 'response' && result.body ? (
        <pre className="selectable response-body" data-testid="probe-body">
          {result.body}
        </pre>
      ) : null}
      {result.kind === 'unavailable' ? (
        <div>{t('why.probe.unavailable', { message: result.message })}</div>
      ) : null}
      {result.kind === 'redacted' ? <div>{t('why.probe.redacted')}</div> : null}
      {verdict === 'corsOrNetwork' && result.kind === 'network-error' ? (
        <div>{t('why.probe.corsOrNetwork', { message: result.message })}</div>
      ) : verdict ? (
        <div>{t(`why.probe.${verdict}` as const)}</div>
      ) : null}
    </div>
  );
}

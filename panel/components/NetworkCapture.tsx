/**
 * Network capture's switch (toolbar and Settings), the "streams were already open" notice, and
 * the detail section with what the network saw of the selected request.
 */
import { t } from '../i18n';
import type { Connection } from '../model';
import { requestsOf, sourcesOf, unlistenedTypes } from '../model/network';
import type { NetworkStream } from '../network/cdp-reducer';
import { formatDuration, formatTime } from '../format';
import { useDevtoolsApi } from '../devtools-api';
import { usePanelStore } from '../use-panel-store';
import { Section } from './Section';

/** The switch: its onChange runs the permission request inside the user's click. */
export function NetworkCaptureSwitch(props: { readonly id?: string }) {
  const capture = usePanelStore((s) => s.networkCapture);
  const setNetworkCapture = usePanelStore((s) => s.setNetworkCapture);
  const checked = capture.on && capture.status !== 'needsPermission';
  const status =
    capture.status === 'error'
      ? t('network.status.error', { detail: capture.detail })
      : t(`network.status.${capture.status}`);
  return (
    <label className="toolbar-check" title={t('network.captureTitle')}>
      <input
        type="checkbox"
        id={props.id}
        data-testid="network-capture"
        data-status={capture.status}
        checked={checked}
        onChange={(e) => setNetworkCapture(e.currentTarget.checked)}
      />
      {t('network.capture')}
      {capture.status !== 'off' ? (
        <span className="muted" data-testid="network-capture-status">{` (${status})`}</span>
      ) : null}
    </label>
  );
}

/** Shown when capture started while connections were open: only a reload shows their events. */
export function NetworkCaptureNotice() {
  const openBefore = usePanelStore((s) => s.networkCapture.openBefore);
  const on = usePanelStore((s) => s.networkCapture.on);
  const dismiss = usePanelStore((s) => s.dismissNetworkNotice);
  const devtools = useDevtoolsApi();
  if (!on || openBefore === 0) return null;
  return (
    <div className="banner" role="status" data-testid="network-capture-notice">
      <span>{t('network.openBefore', { n: openBefore })}</span>{' '}
      <button
        type="button"
        className="toolbar-button"
        data-testid="network-capture-reload"
        onClick={() => {
          dismiss();
          devtools.reloadInspectedPage();
        }}
      >
        {t('network.reload')}
      </button>{' '}
      <button type="button" className="toolbar-button" onClick={dismiss}>
        {t('network.dismiss')}
      </button>
    </div>
  );
}

/** What the network saw of one connection, and which source saw what. */
export function NetworkDetail(props: { readonly connection: Connection }) {
  const c = props.connection;
  const n = c.network;
  if (!n) return null;
  const unlistened = unlistenedTypes(c);
  const silent = new Set(unlistened.map((u) => u.type));
  const silentCount = unlistened.reduce((sum, u) => sum + u.count, 0);
  return (
    <Section title={t('network.section')} testId="network-detail" resetKey={c}>
      <dl className="props">
        <dt>{t('network.sources')}</dt>
        <dd data-testid="network-sources">{t(`network.source.${sourcesOf(c)}`)}</dd>
        {n.target ? (
          <>
            <dt>{t('network.madeBy')}</dt>
            <dd className="selectable" data-testid="network-target">
              {`${n.target.type} · ${n.target.url}`}
            </dd>
          </>
        ) : null}
        <dt>{t('network.status')}</dt>
        <dd>{n.status === null ? '—' : `${n.status} ${n.statusText}`.trim()}</dd>
        <dt>{t('network.events')}</dt>
        <dd data-testid="network-events">{n.events}</dd>
        <dt>{t('network.byType')}</dt>
        <dd>
          <ul className="plain-list" data-testid="network-types">
            {Object.entries(n.byType).map(([type, count]) => (
              <li key={type} data-type={type} data-no-listener={silent.has(type) || undefined}>
                {`${type}: ${count}`}
                {silent.has(type) ? (
                  <strong className="warning">{` — ${t('network.noListener')}`}</strong>
                ) : null}
              </li>
            ))}
          </ul>
          {silentCount > 0 ? (
            <div className="warning" data-testid="network-unlistened">
              {t('network.unlistened', { n: silentCount })}
            </div>
          ) : null}
        </dd>
        {n.retry !== null ? (
          <>
            <dt>{t('network.retry')}</dt>
            <dd>{`${n.retry} ms`}</dd>
          </>
        ) : null}
        {n.end !== null ? (
          <>
            <dt>{t('network.end')}</dt>
            <dd>{n.end}</dd>
          </>
        ) : null}
        <dt>{t('network.headers')}</dt>
        <dd className="selectable lines">
          {Object.entries(n.responseHeaders)
            .map(([k, v]) => `${k}: ${v}`)
            .join('\n') || '—'}
        </dd>
        <EarlierRequests connection={c} />
      </dl>
    </Section>
  );
}

/** One earlier request: when, status, events, how and after how long it ended. */
function requestLine(r: NetworkStream): string {
  return [
    formatTime(r.startedAt),
    r.status === null ? '—' : `${r.status} ${r.statusText}`.trim(),
    t('network.requestEvents', { n: r.events }),
    r.end ?? t('network.requestOpen'),
    r.endedAt === null ? '' : formatDuration(r.endedAt - r.startedAt),
  ]
    .filter((part) => part !== '')
    .join(' · ');
}

/**
 * The row's requests before the one shown above (an EventSource's reconnects), oldest first: a
 * reconnect that got a 500 shows the 500 above, and the stream it replaced stays readable here.
 */
function EarlierRequests(props: { readonly connection: Connection }) {
  const { requests, dropped } = requestsOf(props.connection);
  if (requests.length < 2) return null;
  return (
    <>
      <dt>{t('network.requests')}</dt>
      <dd data-testid="network-requests">
        <div>{t('network.requestsSummary', { n: requests.length + dropped })}</div>
        {dropped > 0 ? (
          <div className="muted">{t('network.requestsDropped', { n: dropped })}</div>
        ) : null}
        <ol className="plain-list">
          {requests.slice(0, -1).map((r) => (
            <li key={r.key} className="selectable" data-request-id={r.requestId}>
              {requestLine(r)}
            </li>
          ))}
        </ol>
      </dd>
    </>
  );
}

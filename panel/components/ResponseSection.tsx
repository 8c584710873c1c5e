/**
 * What the network itself answered for a connection (network capture on): status, content type,
 * the headers that decide whether an event stream works, the body of a refused one, the network
 * error, timings and protocol — read from the request the page made, never from a second one.
 * Everything here came from the page's server: it is rendered as text only.
 */
import { t } from '../i18n';
import type { Connection } from '../model';
import { sourcesOf } from '../model/network';
import { isRefused, type NetworkStream, type NetworkTiming } from '../network/cdp-reducer';
import { bytesNotShown, SSE_HEADERS, visibleControls } from '../network/raw-text';
import { formatBytes } from '../format';
import { Section } from './Section';

const ms = (v: number): string => (v < 0 ? '—' : `${v.toFixed(1)} ms`);

function timingText(timing: NetworkTiming): string {
  return t('response.timing.value', {
    dns: ms(timing.dnsMs),
    connect: ms(timing.connectMs),
    ssl: ms(timing.sslMs),
    send: ms(timing.sendMs),
    wait: ms(timing.waitMs),
  });
}

/** The content type the server sent (the header, or CDP's mime type when the header is absent). */
export function contentTypeOf(n: NetworkStream): string {
  return n.responseHeaders['content-type'] ?? n.mimeType;
}

export function ResponseSection(props: { readonly connection: Connection }) {
  const c = props.connection;
  const n = c.network;
  if (!n) return null;
  const sse = new Set<string>(SSE_HEADERS);
  const others = Object.entries(n.responseHeaders).filter(([name]) => !sse.has(name));
  const refused = isRefused(n);
  const failed = n.end !== null && n.end !== 'finished';
  return (
    <Section title={t('response.section')} testId="response-section" resetKey={c}>
      <dl className="props">
        <dt>{t('response.status')}</dt>
        <dd data-testid="response-status" data-status={n.status ?? ''}>
          {n.status === null ? t('response.pending') : `${n.status} ${n.statusText}`.trim()}
        </dd>
        {n.status !== null ? (
          <>
            <dt>{t('response.contentType')}</dt>
            <dd data-testid="response-content-type">
              {contentTypeOf(n) || '—'}
              {refused && n.status >= 200 && n.status <= 299 ? (
                <strong className="warning">{` — ${t('response.notEventStream')}`}</strong>
              ) : null}
            </dd>
            <dt>{t('response.headers')}</dt>
            <dd>
              <ul className="plain-list selectable" data-testid="response-headers">
                {SSE_HEADERS.map((name) => (
                  <li key={name} data-header={name}>
                    {`${name}: ${n.responseHeaders[name] ?? '—'}`}
                  </li>
                ))}
              </ul>
              {others.length > 0 ? (
                <details>
                  <summary>{t('response.otherHeaders', { n: others.length })}</summary>
                  <ul className="plain-list selectable">
                    {others.map(([name, value]) => (
                      <li key={name}>{`${name}: ${value}`}</li>
                    ))}
                  </ul>
                </details>
              ) : null}
            </dd>
          </>
        ) : null}
        {n.body ? (
          <>
            <dt>{t('response.body')}</dt>
            <dd>
              {n.body.binary ? (
                <span className="muted" data-testid="response-body" data-binary="true">
                  {t('response.body.binary', { size: n.body.text })}
                </span>
              ) : (
                <pre className="selectable response-body" data-testid="response-body">
                  {n.body.text}
                </pre>
              )}
              {n.body.cut ? <span className="muted">{t('response.body.cut')}</span> : null}
            </dd>
          </>
        ) : null}
        {failed ? (
          <>
            <dt>{t('response.error')}</dt>
            <dd data-testid="response-error">{n.end}</dd>
          </>
        ) : null}
        {n.protocol ? (
          <>
            <dt>{t('response.protocol')}</dt>
            <dd data-testid="response-protocol">{n.protocol}</dd>
          </>
        ) : null}
        {n.timing ? (
          <>
            <dt>{t('response.timing')}</dt>
            <dd data-testid="response-timing">{timingText(n.timing)}</dd>
          </>
        ) : null}
        <dt>{t('network.sources')}</dt>
        <dd>
          {t(`network.source.${sourcesOf(c)}`)}
          {n.target ? ` · ${n.target.type} ${n.target.url}` : ''}
        </dd>
      </dl>
      {n.chunks.length > 0 ? <RawBytes stream={n} /> : null}
    </Section>
  );
}

/** The newest raw chunks, control characters visible, and how many bytes are not shown. */
function RawBytes(props: { readonly stream: NetworkStream }) {
  const n = props.stream;
  const hidden = bytesNotShown(n.bytes, n.chunks);
  return (
    <div className="raw-bytes">
      <h4 className="section-subtitle">{t('raw.title', { n: n.chunks.length })}</h4>
      <pre
        className="selectable response-body"
        data-testid="raw-bytes"
        data-chunks={n.chunks.length}
        data-not-shown={hidden}
      >
        {n.chunks.map((chunk) => visibleControls(chunk.text)).join('')}
      </pre>
      {hidden > 0 ? (
        <span className="muted" data-testid="raw-bytes-dropped">
          {t('raw.notShown', { size: formatBytes(hidden) })}
        </span>
      ) : null}
    </div>
  );
}

/**
 * Timing, reconnects and recent messages of one connection. Data is page-controlled: it is
 * rendered as text only (React escapes it; search hits are split into `<mark>` text nodes),
 * pretty-printed when it parses as JSON, and a cut sample says so visibly.
 */
import { Fragment, useMemo } from 'react';
import { t } from '../i18n';
import { useNow } from '../clock';
import { formatRate } from '../column-values';
import { formatDuration, formatTime } from '../format';
import { messageGaps } from '../gaps';
import { hitRanges, type Query } from '../search/query';
import { eventsPerSecond, selectSearchQuery, timeToFirstMessage, timeToOpen } from '../selectors';
import type { Connection } from '../store';
import type { MessageSample } from '../../src/protocol';
import { usePanelStore } from '../use-panel-store';
import { GapHistogram } from './GapHistogram';
import { Highlighted } from './Highlighted';
import './daily.css';

/** Characters of one message rendered before "show more" (a 64 KiB sample is still one line). */
const DISPLAY_CAP = 4000;

export function prettyData(data: string): string {
  const trimmed = data.trimStart();
  if (!(trimmed.startsWith('{') || trimmed.startsWith('['))) return data;
  try {
    return JSON.stringify(JSON.parse(data), null, 2);
  } catch {
    // Not JSON after all (or cut mid-way): show it as it came.
    return data;
  }
}

/**
 * The message's line of facts. Its `id` only when it carried one (the sample's `own`); samples
 * from an older hook do not say, so their id is labelled as the connection's last id then.
 */
export function messageMeta(sample: MessageSample): string {
  const common = { type: sample.type, size: sample.size, time: formatTime(sample.t) };
  if (sample.own === true) return t('detail.message.meta', { ...common, id: sample.id || '""' });
  if (sample.own === undefined && sample.id)
    return t('detail.message.metaLastId', { ...common, id: sample.id });
  return t('detail.message.metaNoId', common);
}

function Message({ sample, query }: { sample: MessageSample; query: Query }) {
  const text = prettyData(sample.data);
  const shown = text.length > DISPLAY_CAP ? text.slice(0, DISPLAY_CAP) : text;
  const cut = sample.cut || shown.length < text.length;
  return (
    <li className="message" data-testid="message" data-own-id={sample.own ? sample.id : undefined}>
      <div className="message-meta muted" data-testid="message-meta">
        {messageMeta(sample)}
      </div>
      <pre className="message-data" data-testid="message-data">
        <Highlighted text={shown} ranges={hitRanges(query, shown)} />
      </pre>
      {cut ? (
        <div className="message-cut" data-testid="message-truncated">
          {t('detail.message.truncated', { size: sample.size })}
        </div>
      ) : null}
    </li>
  );
}

const duration = (ms: number | null): string =>
  ms === null ? t('timing.none') : formatDuration(ms);

function Timing({ connection: c }: { connection: Connection }) {
  const now = useNow();
  const rate = eventsPerSecond(c, now);
  const rows: Array<[string, string, string]> = [
    ['start', t('timing.start'), formatTime(c.createdAt)],
    ['to-open', t('timing.toOpen'), duration(timeToOpen(c))],
    ['to-first', t('timing.toFirst'), duration(timeToFirstMessage(c))],
    [
      'last-message',
      t('timing.lastMessage'),
      c.lastMessageAt === null ? t('timing.none') : formatTime(c.lastMessageAt),
    ],
    ['rate', t('timing.rate'), rate === null ? t('timing.none') : formatRate(rate)],
  ];
  return (
    <dl className="props" data-testid="timing">
      {rows.map(([id, label, value]) => (
        <Fragment key={id}>
          <dt>{label}</dt>
          <dd data-testid={`timing-${id}`}>{value}</dd>
        </Fragment>
      ))}
    </dl>
  );
}

function Reconnects({ connection: c }: { connection: Connection }) {
  // `retry:` is invisible to the page's EventSource: only a fetch stream's parser or network
  // capture read it from the bytes.
  const retry = c.retry ?? c.network?.retry ?? null;
  const sentHeader = header(c.network?.requestHeaders, 'Last-Event-ID');
  return (
    <div data-testid="reconnects">
      {c.reconnects.length === 0 ? (
        <div className="muted">{t('reconnect.none')}</div>
      ) : (
        <ul className="messages">
          {c.reconnects.map((r, i) => (
            <li key={`${r.t}-${i}`} data-testid="reconnect" data-last-event-id={r.lastEventId}>
              {r.lastEventId
                ? t('reconnect.sent', { time: formatTime(r.t), id: r.lastEventId })
                : t('reconnect.noId', { time: formatTime(r.t) })}
            </li>
          ))}
        </ul>
      )}
      {sentHeader ? (
        <div data-testid="network-last-event-id">
          {t('reconnect.networkHeader', { id: sentHeader })}
        </div>
      ) : null}
      {retry === null ? (
        <div className="muted" data-testid="retry-unknown">
          {t('reconnect.retry')}
        </div>
      ) : (
        <div data-testid="retry">{t('reconnect.retryValue', { ms: retry })}</div>
      )}
    </div>
  );
}

/** A request header by name, as HTTP compares names: case-insensitively. */
function header(headers: Readonly<Record<string, string>> | undefined, name: string): string {
  if (!headers) return '';
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers))
    if (key.toLowerCase() === wanted) return value;
  return '';
}

/**
 * The "Timing" section of the detail pane (its heading is the section's): timing values, gaps
 * between messages, reconnects.
 */
export function MessageTiming({ connection }: { connection: Connection }) {
  const gaps = useMemo(() => messageGaps(connection.recent), [connection.recent]);
  return (
    <>
      <Timing connection={connection} />
      <h4 className="subsection-title">{t('gaps.histogram')}</h4>
      <GapHistogram stats={gaps} />
      <h4 className="subsection-title">{t('reconnect.title')}</h4>
      <Reconnects connection={connection} />
    </>
  );
}

/** The "Recent messages" section (its heading is the section's), newest first. */
export function MessageList({ connection }: { connection: Connection }) {
  const search = usePanelStore((s) => s.search);
  const query = selectSearchQuery(search);
  const newestFirst = connection.recent.slice().reverse();
  return (
    <>
      {connection.recent.length === 0 ? (
        <div className="muted">{t('detail.messages.none')}</div>
      ) : (
        <ol className="messages">
          {newestFirst.map((sample, i) => (
            <Message key={`${sample.t}-${i}`} sample={sample} query={query} />
          ))}
        </ol>
      )}
      {connection.samplesSkipped > 0 ? (
        <div className="muted">
          {t('detail.messages.skipped', { n: connection.samplesSkipped })}
        </div>
      ) : null}
    </>
  );
}

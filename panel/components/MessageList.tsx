/**
 * Recent messages of one connection. Data is page-controlled: it is rendered as text only (React
 * escapes it), pretty-printed when it parses as JSON, and a cut sample says so visibly.
 */
import { t } from '../i18n';
import { formatTime } from '../format';
import type { Connection } from '../store';
import type { MessageSample } from '../../src/protocol';

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

function Message({ sample }: { sample: MessageSample }) {
  const text = prettyData(sample.data);
  const shown = text.length > DISPLAY_CAP ? text.slice(0, DISPLAY_CAP) : text;
  const cut = sample.cut || shown.length < text.length;
  return (
    <li className="message" data-testid="message">
      <div className="message-meta muted">
        {t('detail.message.meta', {
          type: sample.type,
          id: sample.id || '—',
          size: sample.size,
          time: formatTime(sample.t),
        })}
      </div>
      <pre className="message-data" data-testid="message-data">
        {shown}
      </pre>
      {cut ? (
        <div className="message-cut" data-testid="message-truncated">
          {t('detail.message.truncated', { size: sample.size })}
        </div>
      ) : null}
    </li>
  );
}

export function MessageList({ connection }: { connection: Connection }) {
  if (connection.recent.length === 0)
    return <div className="muted">{t('detail.messages.none')}</div>;
  const newestFirst = connection.recent.slice().reverse();
  return (
    <>
      <ol className="messages">
        {newestFirst.map((sample, i) => (
          <Message key={`${sample.t}-${i}`} sample={sample} />
        ))}
      </ol>
      {connection.samplesSkipped > 0 ? (
        <div className="muted">
          {t('detail.messages.skipped', { n: connection.samplesSkipped })}
        </div>
      ) : null}
    </>
  );
}

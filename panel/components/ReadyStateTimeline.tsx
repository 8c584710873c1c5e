/** readyState changes of one connection: a proportional strip and the list of changes. */
import { t } from '../i18n';
import { formatDuration, formatTime } from '../format';
import type { Connection } from '../store';

const STATE_NAME = ['CONNECTING', 'OPEN', 'CLOSED'] as const;

export function ReadyStateTimeline(props: { connection: Connection; now: number }) {
  const { timeline, createdAt } = props.connection;
  const end = props.connection.closedAt ?? props.now;
  const span = Math.max(1, end - createdAt);
  return (
    <div className="timeline" data-testid="timeline">
      <div className="timeline-strip" aria-hidden="true">
        {timeline.map((change, i) => {
          const next = timeline[i + 1]?.t ?? end;
          const width = Math.max(0.5, ((next - change.t) / span) * 100);
          return (
            <span
              key={i}
              className={`timeline-seg rs-${change.readyState}`}
              style={{ width: `${width}%` }}
            />
          );
        })}
      </div>
      <ol className="timeline-list">
        {timeline.map((change, i) => (
          <li key={i}>
            <span className="muted">{formatTime(change.t)}</span>{' '}
            <span className="muted">+{formatDuration(change.t - createdAt)}</span>{' '}
            <span className={`rs-text-${change.readyState}`}>{STATE_NAME[change.readyState]}</span>{' '}
            <span className="muted">({t(`cause.${change.cause}`)})</span>
          </li>
        ))}
      </ol>
    </div>
  );
}

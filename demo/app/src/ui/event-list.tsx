/** A list of delivered events; the id is shown so a duplicate delivery is visible as a repeat. */
import { describeAppEvent, type AppEvent } from '../model/app-event';

export function EventList({
  events,
  empty,
  testId,
}: {
  events: readonly AppEvent[];
  empty: string;
  testId: string;
}) {
  if (events.length === 0) return <p className="muted">{empty}</p>;
  return (
    <ol className="events" data-testid={testId}>
      {events.map((event, i) => (
        <li
          key={`${event.id ?? 'x'}-${i}`}
          className={`event event-${event.kind.replace('.', '-')}`}
        >
          <span className="event-id">#{event.id ?? '–'}</span>
          <span className="event-kind">{event.kind}</span>
          <span className="event-text">{describeAppEvent(event)}</span>
          <time>{new Date(event.receivedAt).toLocaleTimeString()}</time>
        </li>
      ))}
    </ol>
  );
}

/** Notifications received while this page was open. */
import type { EventFeed } from '../model/event-feed';
import { EventList } from './event-list';

export function NotificationsView({ feed }: { feed: EventFeed }) {
  return (
    <section>
      <h1>Notifications</h1>
      <p className="muted" data-testid="notification-counts">
        {feed.delivered} delivered, {feed.duplicates} duplicates
      </p>
      <EventList
        events={feed.items}
        empty="No notifications yet: change an order to get one."
        testId="notifications"
      />
    </section>
  );
}

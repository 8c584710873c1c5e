/**
 * A bounded feed of delivered events that also counts deliveries and duplicates. A duplicate is
 * an event id delivered to the same consumer more than once: in legacy mode every extra
 * connection delivers the same event again, which is the ticket's "duplicated events" symptom.
 */
import type { AppEvent } from './app-event';

export interface EventFeed {
  /** Newest first, at most `limit`. */
  readonly items: readonly AppEvent[];
  readonly delivered: number;
  readonly duplicates: number;
  /** Ids seen so far (bounded like the items, so memory stays flat). */
  readonly seen: readonly string[];
}

export const EMPTY_FEED: EventFeed = { items: [], delivered: 0, duplicates: 0, seen: [] };

export function addToFeed(feed: EventFeed, event: AppEvent, limit = 50): EventFeed {
  const duplicate = event.id !== null && feed.seen.includes(event.id);
  return {
    items: [event, ...feed.items].slice(0, limit),
    delivered: feed.delivered + 1,
    duplicates: feed.duplicates + (duplicate ? 1 : 0),
    seen: event.id === null || duplicate ? feed.seen : [event.id, ...feed.seen].slice(0, limit * 4),
  };
}

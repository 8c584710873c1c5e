/** A component-local event feed (see model/event-feed.ts). */
import { useCallback, useState } from 'react';
import type { AppEvent } from '../model/app-event';
import { addToFeed, EMPTY_FEED, type EventFeed } from '../model/event-feed';

export function useEventFeed(
  filter?: (event: AppEvent) => boolean,
): [EventFeed, (event: AppEvent) => void] {
  const [feed, setFeed] = useState<EventFeed>(EMPTY_FEED);
  const add = useCallback(
    (event: AppEvent) => {
      if (filter === undefined || filter(event)) setFeed((current) => addToFeed(current, event));
    },
    [filter],
  );
  return [feed, add];
}

export const isNotification = (event: AppEvent): boolean => event.kind === 'notification';

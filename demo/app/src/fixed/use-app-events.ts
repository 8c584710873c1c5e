/**
 * FIXED: components subscribe to the provider's client (never an EventSource of their own).
 * Inline handlers are fine: `useSSEEvents` keeps the latest handler without resubscribing.
 */
import { useSSEEvents } from '../../../../src/client';
import { toAppEvent, type AppEvent } from '../model/app-event';
import { useAdminSSE } from './admin-sse-context';

export function useAppEvents(handler: (event: AppEvent) => void): void {
  const { client } = useAdminSSE();
  useSSEEvents(
    (event) => {
      const appEvent = toAppEvent(event);
      if (appEvent !== null) handler(appEvent);
    },
    { client },
  );
}

/**
 * FIXED: components subscribe to the provider's client (never an EventSource of their own).
 * Inline handlers are fine: `useSSEEvents` keeps the latest handler without resubscribing.
 */
import { useSSEEvents } from '../../../../src/client';
import { toAppEvent, type AppEvent } from '../model/app-event';
import { recordDelivery } from '../model/delivery-ledger';
import { useAdminSSE } from './admin-sse-context';

/** `subscriber` names this consumer in the delivery ledger (see model/delivery-ledger.ts). */
export function useAppEvents(subscriber: string, handler: (event: AppEvent) => void): void {
  const { client } = useAdminSSE();
  useSSEEvents(
    (event) => {
      const appEvent = toAppEvent(event);
      if (appEvent === null) return;
      recordDelivery(subscriber, appEvent.id);
      handler(appEvent);
    },
    { client },
  );
}

/**
 * FIXED: components subscribe to the provider's client (never an EventSource of their own).
 * Inline handlers are fine: `useSSEEvents` keeps the latest handler without resubscribing.
 */
import { useSSEEvents } from '../../../../src/client/react';
import { toAppEvent, type AppEvent } from '../model/app-event';
import { recordDelivery } from '../model/delivery-ledger';
import { useAdminSSE } from './admin-sse-context';

/**
 * `subscriber` names this consumer twice: in the demo's own delivery ledger
 * (model/delivery-ledger.ts) and in the client's `debug().deliveries`, which the SSE devtools
 * panel judges, so the two witnesses can be compared subscriber by subscriber.
 */
export function useAppEvents(subscriber: string, handler: (event: AppEvent) => void): void {
  const { client } = useAdminSSE();
  useSSEEvents(
    (event) => {
      const appEvent = toAppEvent(event);
      if (appEvent === null) return;
      recordDelivery(subscriber, appEvent.id);
      handler(appEvent);
    },
    { client, name: subscriber },
  );
}

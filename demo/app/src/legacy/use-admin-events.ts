/**
 * LEGACY (ticket 29, reproduces hypotheses 1 and 2): the old `useAdminEvents` hook, as it was.
 *   - hypothesis 1 (hidden creators): every component that calls this hook opens its own
 *     EventSource, next to the one the NotificationProvider already holds (see the call sites in
 *     this folder: header, dashboard, orders table, notifications page).
 *   - hypothesis 2 (reactive restarts + StrictMode): the effect depends on `onEvent`, and callers
 *     pass inline functions, so every render opens a new connection; there is no cleanup, so the
 *     old ones stay open; StrictMode's double mount opens two from the start.
 */
import { useEffect } from 'react';
import { useAuthToken } from '../auth/auth';
import type { AppEvent } from '../model/app-event';
import { recordDelivery } from '../model/delivery-ledger';
import { ADMIN_EVENT_NAMES, parseAdminEvent } from './parse-admin-event';

export function useAdminEvents(subscriber: string, onEvent: (event: AppEvent) => void): void {
  const token = useAuthToken();

  useEffect(() => {
    if (!token) return;
    const es = new EventSource(`/v1/events/sse?token=${encodeURIComponent(token)}`);
    const handle = (message: MessageEvent) => {
      const event = parseAdminEvent(message);
      if (!event) return;
      recordDelivery(subscriber, event.id);
      onEvent(event);
    };
    es.onmessage = handle;
    ADMIN_EVENT_NAMES.forEach((name) => es.addEventListener(name, handle));
    es.onerror = () => {
      // The browser reconnects an EventSource by itself, so there is nothing to do but log.
      console.error('[SSE] Error', { readyState: es.readyState });
    };
  }, [onEvent, token, subscriber]);
}

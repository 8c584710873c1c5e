/**
 * FIXED (ticket 29, "Rollback: a single SSE consumer in NotificationProvider"): the only owner of
 * the connection. It configures the tab's client, holds the app's subscription (toasts) for as
 * long as it is mounted, and fans the client, its status and the toasts out through context.
 * When it unmounts, its subscription ends and the client disconnects after its grace period
 * (StrictMode's unmount/remount falls inside the grace, so it causes no reconnect).
 */
import { useMemo, type ReactNode } from 'react';
import { useSSEEvents, useSSEStatus } from '../../../../src/client/react';
import { toAppEvent } from '../model/app-event';
import { recordDelivery } from '../model/delivery-ledger';
import { useToasts } from '../state/use-toasts';
import { getAdminSSEClient } from './admin-sse';
import { AdminSSEContext } from './admin-sse-context';

export function NotificationProvider({ children }: { children: ReactNode }) {
  const client = getAdminSSEClient();
  const status = useSSEStatus({ client });
  const [toasts, pushToast] = useToasts();
  useSSEEvents(
    (event) => {
      const appEvent = toAppEvent(event);
      if (appEvent === null) return;
      recordDelivery('provider', appEvent.id);
      if (appEvent.kind === 'notification') pushToast(appEvent);
    },
    // The name the client's debug().deliveries reports this consumer under.
    { client, name: 'provider' },
  );
  const value = useMemo(() => ({ client, status, toasts }), [client, status, toasts]);
  return <AdminSSEContext.Provider value={value}>{children}</AdminSSEContext.Provider>;
}

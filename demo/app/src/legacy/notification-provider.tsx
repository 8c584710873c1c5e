/**
 * LEGACY (ticket 29, reproduces hypotheses 2 and 5): the old global NotificationProvider. It is the intended single
 * owner of the connection, but (hypothesis 2) it never disconnects in cleanup and relies on the
 * client's weak "connectOnce" guard; (hypothesis 5) the client it uses is a module-level object
 * that connects on import, so after an HMR update a second copy connects while this provider
 * stays subscribed to the first. The components below it open their own streams anyway (see
 * use-admin-events.ts).
 */
import { useEffect, useMemo, useSyncExternalStore, type ReactNode } from 'react';
import { useAuthToken } from '../auth/auth';
import { recordDelivery } from '../model/delivery-ledger';
import { useToasts } from '../state/use-toasts';
import { LegacyNotificationsContext } from './notifications-context';
import { adminSSEClient } from './sse-client';

export function NotificationProvider({ children }: { children: ReactNode }) {
  const token = useAuthToken();
  const status = useSyncExternalStore(
    (onChange) => adminSSEClient.onStatus(onChange),
    () => adminSSEClient.status,
  );
  const [toasts, pushToast] = useToasts();

  useEffect(() => {
    adminSSEClient.connect(token);
  }, [token]);

  useEffect(
    () =>
      adminSSEClient.subscribe((event) => {
        recordDelivery('provider', event.id);
        if (event.kind === 'notification') pushToast(event);
      }),
    [pushToast],
  );

  const value = useMemo(() => ({ status, toasts }), [status, toasts]);
  return (
    <LegacyNotificationsContext.Provider value={value}>
      {children}
    </LegacyNotificationsContext.Provider>
  );
}

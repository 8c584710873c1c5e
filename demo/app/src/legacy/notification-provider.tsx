/**
 * LEGACY (ticket 29, reproduces hypotheses 2 and 5): the old global NotificationProvider. It is the intended single
 * owner of the connection, but (hypothesis 2) it never disconnects in cleanup and relies on the
 * client's weak "connectOnce" guard, and (hypothesis 5) it uses whatever module-level
 * `adminSSEClient` its import resolved to: after an HMR update that is a brand-new client, while
 * the previous one keeps its EventSource open. The components below it open their own streams
 * anyway (see use-admin-events.ts).
 */
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useAuthToken } from '../auth/auth';
import { useToasts } from '../state/use-toasts';
import { LegacyNotificationsContext } from './notifications-context';
import { adminSSEClient } from './sse-client';

export function NotificationProvider({ children }: { children: ReactNode }) {
  const token = useAuthToken();
  const [status, setStatus] = useState(adminSSEClient.status);
  const [toasts, pushToast] = useToasts();

  useEffect(() => {
    adminSSEClient.connect(token);
  }, [token]);

  useEffect(() => adminSSEClient.onStatus(setStatus), []);

  useEffect(
    () =>
      adminSSEClient.subscribe((event) => {
        if (event.kind === 'notification') pushToast(event);
      }),
    [pushToast],
  );

  const value = useMemo(() => ({ status, toasts }), [status, toasts]);
  return <LegacyNotificationsContext.Provider value={value}>{children}</LegacyNotificationsContext.Provider>;
}

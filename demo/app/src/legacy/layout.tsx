/**
 * LEGACY (ticket 29, hypotheses 1 and 2): the page frame. The unread badge was added later with its own `useAdminEvents` call
 * (ticket 29 hypothesis 1: a second creator next to the provider; hypothesis 2: inline handler).
 */
import { useState } from 'react';
import { AppShell, UnreadBadge } from '../ui/app-shell';
import { StatusBadge } from '../ui/status-badge';
import { useLegacyNotifications } from './notifications-context';
import { useAdminEvents } from './use-admin-events';

function HeaderUnread() {
  const [unread, setUnread] = useState(0);
  useAdminEvents('header-unread', (event) => {
    if (event.kind === 'notification') setUnread((n) => n + 1);
  });
  return <UnreadBadge count={unread} />;
}

export function LegacyLayout() {
  const { status, toasts } = useLegacyNotifications();
  return (
    <AppShell
      mode="legacy"
      status={<StatusBadge status={status} />}
      unread={<HeaderUnread />}
      toasts={toasts}
    />
  );
}

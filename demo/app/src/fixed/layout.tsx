/** FIXED: the page frame; status from the one client, unread count from a subscription. */
import { useState } from 'react';
import { AppShell, UnreadBadge } from '../ui/app-shell';
import { StatusBadge } from '../ui/status-badge';
import { useAdminSSE } from './admin-sse-context';
import { useAppEvents } from './use-app-events';

function HeaderUnread() {
  const [unread, setUnread] = useState(0);
  useAppEvents('header-unread', (event) => {
    if (event.kind === 'notification') setUnread((n) => n + 1);
  });
  return <UnreadBadge count={unread} />;
}

export function FixedLayout() {
  const { status, toasts, client } = useAdminSSE();
  return (
    <AppShell
      mode="fixed"
      status={<StatusBadge status={status} detail={client.lastError?.reason} />}
      unread={<HeaderUnread />}
      toasts={toasts}
    />
  );
}

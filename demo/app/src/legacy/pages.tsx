/**
 * LEGACY (ticket 29, hypotheses 1 and 2): the pages, each with its own `useAdminEvents` call and an inline handler (ticket 29
 * hypotheses 1 and 2). The views are the same ones fixed mode renders.
 */
import { useOrdersModel } from '../state/use-orders-model';
import { isNotification, useEventFeed } from '../state/use-event-feed';
import { DashboardView } from '../ui/dashboard-view';
import { NotificationsView } from '../ui/notifications-view';
import { OrdersView } from '../ui/orders-view';
import { SettingsView } from '../ui/settings-view';
import { useAdminEvents } from './use-admin-events';

export function DashboardPage() {
  const orders = useOrdersModel();
  const [feed, addToFeed] = useEventFeed();
  useAdminEvents('dashboard', (event) => {
    orders.applyEvent(event);
    addToFeed(event);
  });
  return <DashboardView orders={orders.orders} feed={feed} />;
}

export function OrdersPage() {
  const orders = useOrdersModel();
  useAdminEvents('orders', (event) => orders.applyEvent(event));
  return <OrdersView model={orders} />;
}

export function NotificationsPage() {
  const [feed, addToFeed] = useEventFeed(isNotification);
  useAdminEvents('notifications', (event) => addToFeed(event));
  return <NotificationsView feed={feed} />;
}

export function SettingsPage() {
  return (
    <SettingsView
      diagnostics={
        <p className="muted" data-testid="diagnostics">
          The legacy client has no diagnostics: no connect counter, no{' '}
          <code>__zarizSSEDebug()</code>. Use the SSE panel in DevTools, or the server&apos;s stream
          count in the header.
        </p>
      }
    />
  );
}

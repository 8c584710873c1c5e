/** FIXED: the same pages as legacy, subscribing through the provider's client. */
import { useSyncExternalStore } from 'react';
import { useOrdersModel } from '../state/use-orders-model';
import { isNotification, useEventFeed } from '../state/use-event-feed';
import { DashboardView } from '../ui/dashboard-view';
import { NotificationsView } from '../ui/notifications-view';
import { OrdersView } from '../ui/orders-view';
import { SettingsView } from '../ui/settings-view';
import { useAdminSSE } from './admin-sse-context';
import { useAppEvents } from './use-app-events';

export function DashboardPage() {
  const orders = useOrdersModel();
  const [feed, addToFeed] = useEventFeed();
  useAppEvents('dashboard', (event) => {
    orders.applyEvent(event);
    addToFeed(event);
  });
  return <DashboardView orders={orders.orders} feed={feed} />;
}

export function OrdersPage() {
  const orders = useOrdersModel();
  useAppEvents('orders', (event) => orders.applyEvent(event));
  return <OrdersView model={orders} />;
}

export function NotificationsPage() {
  const [feed, addToFeed] = useEventFeed(isNotification);
  useAppEvents('notifications', (event) => addToFeed(event));
  return <NotificationsView feed={feed} />;
}

function Diagnostics() {
  const { client } = useAdminSSE();
  // client.debug() builds a new object per call: snapshot it as JSON so React can compare.
  const json = useSyncExternalStore(
    (onChange) => client.onChange(onChange),
    () => JSON.stringify(client.debug(), null, 2),
  );
  return (
    <>
      <p className="muted">
        <code>window.__zarizSSEDebug()</code> (ticket 29, stage 3):
      </p>
      <pre className="diagnostics" data-testid="diagnostics">
        {json}
      </pre>
    </>
  );
}

export function SettingsPage() {
  return <SettingsView diagnostics={<Diagnostics />} />;
}

/** FIXED: the app after ticket 29 — one owner, one client, one connection. */
import { BrowserRouter } from 'react-router-dom';
import { AdminRoutes } from '../ui/admin-routes';
import { FixedLayout } from './layout';
import { NotificationProvider } from './notification-provider';
import { DashboardPage, NotificationsPage, OrdersPage, SettingsPage } from './pages';

export function FixedApp() {
  return (
    <NotificationProvider>
      <BrowserRouter>
        <AdminRoutes
          layout={<FixedLayout />}
          dashboard={<DashboardPage />}
          orders={<OrdersPage />}
          notifications={<NotificationsPage />}
          settings={<SettingsPage />}
        />
      </BrowserRouter>
    </NotificationProvider>
  );
}

/**
 * LEGACY (ticket 29, hypotheses 1–5 together): the app as it was before the ticket, in StrictMode
 * (see main.tsx). Each file in this folder names the hypothesis it reproduces.
 */
import { BrowserRouter } from 'react-router-dom';
import { AdminRoutes } from '../ui/admin-routes';
import { LegacyLayout } from './layout';
import { NotificationProvider } from './notification-provider';
import { DashboardPage, NotificationsPage, OrdersPage, SettingsPage } from './pages';

export function LegacyApp() {
  return (
    <NotificationProvider>
      <BrowserRouter>
        <AdminRoutes
          layout={<LegacyLayout />}
          dashboard={<DashboardPage />}
          orders={<OrdersPage />}
          notifications={<NotificationsPage />}
          settings={<SettingsPage />}
        />
      </BrowserRouter>
    </NotificationProvider>
  );
}

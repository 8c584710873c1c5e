/** The route table both modes share; each mode supplies its own page elements. */
import type { ReactElement } from 'react';
import { Navigate, Route, Routes } from 'react-router-dom';

export interface AdminRoutesProps {
  readonly layout: ReactElement;
  readonly dashboard: ReactElement;
  readonly orders: ReactElement;
  readonly notifications: ReactElement;
  readonly settings: ReactElement;
}

export function AdminRoutes({
  layout,
  dashboard,
  orders,
  notifications,
  settings,
}: AdminRoutesProps) {
  return (
    <Routes>
      <Route element={layout}>
        <Route path="/dashboard" element={dashboard} />
        <Route path="/orders" element={orders} />
        <Route path="/notifications" element={notifications} />
        <Route path="/settings" element={settings} />
        <Route path="*" element={<Navigate to="/dashboard" replace />} />
      </Route>
    </Routes>
  );
}

/**
 * The page frame both modes share: a loud mode banner, the connection status, the server's live
 * stream count, navigation, notification toasts, then the page. Only the numbers differ by mode.
 */
import type { ReactNode } from 'react';
import { NavLink, Outlet } from 'react-router-dom';
import type { AppMode } from '../mode';
import type { NotificationEvent } from '../model/app-event';
import { ModeSwitch } from './mode-switch';
import { ServerStreams } from './server-streams';

export interface AppShellProps {
  readonly mode: AppMode;
  /** The status pill (each mode renders its own, from its own source). */
  readonly status: ReactNode;
  readonly unread: ReactNode;
  readonly toasts: readonly NotificationEvent[];
}

const MODE_TEXT: Record<AppMode, string> = {
  legacy:
    'LEGACY MODE — the ticket 29 bugs, for real: every hook opens its own EventSource and nothing closes them',
  fixed:
    'FIXED MODE — one NotificationProvider, one SSE client (src/client): exactly one connection per tab',
};

const PAGES = [
  ['/dashboard', 'Dashboard'],
  ['/orders', 'Orders'],
  ['/notifications', 'Notifications'],
  ['/settings', 'Settings'],
] as const;

export function AppShell({ mode, status, unread, toasts }: AppShellProps) {
  return (
    <div className={`app app-${mode}`}>
      <div className={`mode-banner mode-banner-${mode}`} data-testid="mode-banner" data-mode={mode}>
        {MODE_TEXT[mode]}
      </div>
      <header className="header">
        <strong className="brand">Zariz admin</strong>
        <nav>
          {PAGES.map(([to, label]) => (
            <NavLink key={to} to={to} data-testid={`nav-${to.slice(1)}`}>
              {label}
              {to === '/notifications' ? unread : null}
            </NavLink>
          ))}
        </nav>
        <span className="spacer" />
        SSE: {status}
        <ServerStreams />
        <ModeSwitch mode={mode} />
      </header>
      <main className="page">
        <Outlet />
      </main>
      <ul className="toasts" aria-live="polite">
        {toasts.map((toast, i) => (
          <li key={`${toast.id ?? 'x'}-${i}`} className={`toast toast-${toast.level}`}>
            {toast.text}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function UnreadBadge({ count }: { count: number }) {
  return count > 0 ? (
    <span className="badge" data-testid="unread">
      {count}
    </span>
  ) : null;
}

/**
 * LEGACY (ticket 29, supports hypotheses 2 and 5 in notification-provider.tsx): what the old
 * NotificationProvider shares (its context lives apart from the component
 * file so Fast Refresh can hot-swap the provider, as in the original codebase).
 */
import { createContext, useContext } from 'react';
import type { NotificationEvent } from '../model/app-event';
import type { LegacyStatus } from './sse-client';

export interface LegacyNotifications {
  readonly status: LegacyStatus;
  readonly toasts: readonly NotificationEvent[];
}

export const LegacyNotificationsContext = createContext<LegacyNotifications>({
  status: 'idle',
  toasts: [],
});

export function useLegacyNotifications(): LegacyNotifications {
  return useContext(LegacyNotificationsContext);
}

/**
 * FIXED: what the single owner (NotificationProvider) fans out: the one client, its status and
 * the notification toasts. Components reach SSE only through this context (see use-app-events).
 */
import { createContext, useContext } from 'react';
import type { ConnectionStatus, SSEClient } from '../../../../src/client';
import type { NotificationEvent } from '../model/app-event';

export interface AdminSSE {
  readonly client: SSEClient;
  readonly status: ConnectionStatus;
  readonly toasts: readonly NotificationEvent[];
}

export const AdminSSEContext = createContext<AdminSSE | null>(null);

export function useAdminSSE(): AdminSSE {
  const value = useContext(AdminSSEContext);
  if (value === null) throw new Error('useAdminSSE() must be used inside <NotificationProvider>');
  return value;
}

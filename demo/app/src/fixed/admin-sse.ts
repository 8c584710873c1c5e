/**
 * FIXED (ticket 29, stages 1–2): the admin app's SSE configuration. `getSSEClient` keeps the one
 * client on globalThis, so this module may be re-evaluated by HMR (it imports ../hmr-target on
 * purpose) and still hand back the same client and the same connection (hypothesis 5).
 * Only NotificationProvider calls this.
 */
import { getSSEClient, type SSEClient } from '../../../../src/client';
import { authStore } from '../auth/auth';
import { HMR_BANNER } from '../hmr-target';

/** Named events the app needs besides `message` (heartbeat keeps the client's watchdog fed). */
export const ADMIN_SSE_EVENTS = ['notification', 'ready', 'resync', 'heartbeat'] as const;

export function getAdminSSEClient(): SSEClient {
  return getSSEClient({
    name: 'admin-app',
    url: (token) => `/v1/events/sse?token=${encodeURIComponent(token ?? '')}`,
    auth: authStore,
    events: ADMIN_SSE_EVENTS,
    // A demo recovers visibly within seconds; the library default caps at 30 s (ticket 29).
    backoff: { initialMs: 500, maxMs: 4000 },
    debug: true,
    logger: (level, message, details) => {
      // Prefix with the build banner so a log from a re-evaluated module copy is recognisable.
      const line = `${message} (build "${HMR_BANNER}")`;
      if (details === undefined) console[level](line);
      else console[level](line, details);
    },
  });
}

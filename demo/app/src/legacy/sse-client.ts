/**
 * LEGACY (ticket 29, reproduces hypotheses 2, 3, 4 and 5): the old admin SSE client, as it was.
 *   - hypothesis 5 (HMR): a module-level instance, not a globalThis singleton, that connects when
 *     the module is evaluated. When this module is re-evaluated (an HMR edit anywhere in its
 *     import chain, e.g. ../hmr-target), a second client connects and the first one keeps its
 *     EventSource open forever (and stays the one the already-mounted provider listens to).
 *   - hypothesis 3 (reconnect as a side effect): `onerror` and token changes open a new
 *     EventSource without closing the one that errored or the one being replaced.
 *   - hypothesis 4 (duplicate timers): every `error` schedules another reconnect timer without
 *     clearing the previous one; the errored EventSource also retries on its own.
 *   - hypothesis 2 ("connectOnce" without hard idempotence): the guard only covers
 *     `connecting`/OPEN, and the timers bypass it.
 * Do not fix this file: the demo's fixed mode lives in ../fixed and uses src/client.
 */
import { authStore } from '../auth/auth';
import { HMR_BANNER } from '../hmr-target';
import type { AppEvent } from '../model/app-event';
import { ADMIN_EVENT_NAMES, parseAdminEvent } from './parse-admin-event';

export type LegacyStatus = 'idle' | 'connecting' | 'open' | 'reconnecting';
type Listener = (event: AppEvent) => void;
type StatusListener = (status: LegacyStatus) => void;

const MAX_RETRY_MS = 30_000;

class AdminSSEClient {
  status: LegacyStatus = 'idle';
  private es: EventSource | null = null;
  private token: string | null = null;
  private connecting = false;
  private attempts = 0;
  private reconnectTimeout: ReturnType<typeof setTimeout> | null = null;
  private readonly listeners = new Set<Listener>();
  private readonly statusListeners = new Set<StatusListener>();

  // Shown in the connect log so support can tell which build a user runs.
  constructor(private readonly build: string) {}

  connect(token: string | null): void {
    if (token !== this.token) {
      this.token = token;
      if (this.es) {
        this.reconnect('token changed');
        return;
      }
    }
    if (this.connecting || this.es?.readyState === EventSource.OPEN) return;
    this.open();
  }

  reconnect(reason: string): void {
    console.info(`[SSE] reconnect (${reason})`);
    this.reconnectTimeout = setTimeout(() => this.open(), 0);
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onStatus(listener: StatusListener): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  private open(): void {
    this.connecting = true;
    this.setStatus('connecting');
    const es = new EventSource(`/v1/events/sse?token=${encodeURIComponent(this.token ?? '')}`);
    this.es = es;
    console.info(`[SSE] connect (build "${this.build}")`);

    es.onopen = () => {
      this.connecting = false;
      this.attempts = 0;
      this.setStatus('open');
    };
    const dispatch = (message: MessageEvent) => {
      const event = parseAdminEvent(message);
      if (event) this.listeners.forEach((listener) => listener(event));
    };
    es.onmessage = dispatch;
    ADMIN_EVENT_NAMES.forEach((name) => es.addEventListener(name, dispatch));

    es.onerror = () => {
      console.error('[SSE] Error', { readyState: es.readyState });
      this.connecting = false;
      this.setStatus('reconnecting');
      this.attempts += 1;
      const delay = Math.min(1000 * 2 ** (this.attempts - 1), MAX_RETRY_MS);
      console.info(`[SSE] reconnect in ${delay}ms`);
      this.reconnectTimeout = setTimeout(() => this.open(), delay);
    };
  }

  private setStatus(status: LegacyStatus): void {
    this.status = status;
    this.statusListeners.forEach((listener) => listener(status));
  }
}

export const adminSSEClient = new AdminSSEClient(HMR_BANNER);

// Start streaming while React is still booting, so the first events are not missed.
// NotificationProvider calls connect() again later; connectOnce makes that a no-op.
adminSSEClient.connect(authStore.getToken());

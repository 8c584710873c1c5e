/**
 * The one SSE client of a tab, kept on `globalThis` so that HMR (a re-evaluated copy of this
 * module) and StrictMode double mounts reuse it instead of creating a second client. Also
 * maintains the lock object `globalThis.__zarizSSE` and, in dev, `window.__zarizSSEDebug()` (the
 * names the admin app's tooling and the SSE devtools panel's default debug globals read).
 *
 * Nothing happens at import: the globals appear on the first `getSSEClient(options)` call.
 */
import { isDevEnvironment } from './environment';
import { createSSEClient } from './sse-client';
import type { SSEClient, SSEClientOptions, SSEDebugSnapshot } from './types';

/**
 * Version of the client written into the lock object, so a stale copy (an old bundle still
 * running in the tab) can be told apart in the devtools panel. Bump with behaviour changes.
 */
export const SSE_CLIENT_VERSION = '1.1.0';

/** `globalThis.__zarizSSE`, kept current on every state change. */
export interface SSELockObject {
  version: string;
  /** An EventSource exists and is open. */
  active: boolean;
  /** An EventSource exists and has not opened yet. */
  connecting: boolean;
  /** Subscriber count. */
  refs: number;
  /** EventSources constructed so far. */
  connects: number;
}

// Declared locally instead of with `declare global` so other modules (the page hook, the panel)
// can type these globals their own way without conflicting declarations.
interface ZarizGlobals {
  __zarizSSEClient?: SSEClient;
  __zarizSSE?: SSELockObject;
  __zarizSSEClientCleanup?: () => void;
}

interface DebugWindow {
  __zarizSSEDebug?: () => SSEDebugSnapshot | null;
}

function globals(): ZarizGlobals {
  return globalThis as unknown as ZarizGlobals;
}

/**
 * The tab's SSE client. The first call must pass options and creates it; later calls (with or
 * without options, from this module or a re-evaluated copy) return the same instance.
 */
export function getSSEClient(options?: SSEClientOptions): SSEClient {
  const g = globals();
  const existing = g.__zarizSSEClient;
  if (existing !== undefined) return existing;
  if (options === undefined) {
    throw new Error(
      'getSSEClient(): the SSE client is not configured yet. Call getSSEClient({ url, ... }) once at ' +
        'start-up (e.g. in the module that renders the app) before subscribe() or useSSEEvents().',
    );
  }
  const client = createSSEClient(options);
  g.__zarizSSEClient = client;

  const lock = g.__zarizSSE ?? {
    version: SSE_CLIENT_VERSION,
    active: false,
    connecting: false,
    refs: 0,
    connects: 0,
  };
  g.__zarizSSE = lock;
  const syncLock = (): void => {
    const snapshot = client.debug();
    lock.version = SSE_CLIENT_VERSION;
    lock.active = snapshot.hasES && snapshot.status === 'open';
    lock.connecting = snapshot.hasES && snapshot.status !== 'open';
    lock.refs = snapshot.subscribers;
    lock.connects = snapshot.connects;
  };
  syncLock();
  const stopSync = client.onChange(syncLock);

  const debugOn = options.debug ?? isDevEnvironment();
  const win = typeof window === 'undefined' ? undefined : (window as unknown as DebugWindow);
  if (debugOn && win !== undefined) {
    win.__zarizSSEDebug = () => globals().__zarizSSEClient?.debug() ?? null;
  }
  g.__zarizSSEClientCleanup = () => {
    stopSync();
    if (win !== undefined) delete win.__zarizSSEDebug;
  };
  return client;
}

/**
 * Dispose the tab's client and remove every global it installed (tests, logout, teardown of a
 * micro-frontend). The next `getSSEClient(options)` creates a fresh client.
 */
export function disposeSSEClient(): void {
  const g = globals();
  const client = g.__zarizSSEClient;
  g.__zarizSSEClientCleanup?.();
  client?.dispose();
  delete g.__zarizSSEClient;
  delete g.__zarizSSE;
  delete g.__zarizSSEClientCleanup;
}

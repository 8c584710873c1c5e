/**
 * `window.__SSE_PANEL_STORE__`: the store handle e2e tests, benchmarks and the evidence and soak runs
 * read from the panel frame, present only when `chrome.storage.local` holds
 * `EXPOSE_TEST_GLOBAL_KEY: true` as the panel starts (test-global-flag.ts; the harness sets it).
 * A user's panel never has it. It is the zustand store itself (`getState()` has `connections` — a Map keyed
 * `${session}#${id}` — `cursors`, `counters.{lost,duplicates,droppedByHook,rejected,relayRejected,
 * invalid,protocolMismatch}` and every action, e.g. `messageReceived(envelope)`) plus `snapshot()`,
 * a plain-JSON summary that survives `page.evaluate` serialisation (a Map does not).
 * Only the panel page (an extension origin) can reach it; web pages cannot.
 */
import type { KeyValueStorage } from './settings/settings-storage';
import { isLive, type PanelStore } from './store';
import { selectSummary } from './selectors';
import { EXPOSE_TEST_GLOBAL_KEY } from './test-global-flag';

export interface PanelSnapshot {
  readonly live: number;
  readonly total: number;
  readonly duplicated: ReadonlyArray<{ endpoint: string; live: number }>;
  readonly pendingTimers: number;
  readonly cursors: Readonly<Record<string, number>>;
  readonly counters: Readonly<Record<string, number>>;
  readonly connections: ReadonlyArray<{
    key: string;
    id: number;
    url: string;
    endpoint: string;
    live: boolean;
    readyState: number;
    closedBy: string | null;
    messages: number;
    callSite: string | null;
    parentKey: string | null;
  }>;
}

export type PanelTestHandle = PanelStore & { snapshot(): PanelSnapshot };

declare global {
  interface Window {
    __SSE_PANEL_STORE__?: PanelTestHandle;
  }
}

export function snapshotOf(store: PanelStore): PanelSnapshot {
  const s = store.getState();
  // The live data, not the (possibly paused) view: tests ask what was captured.
  const summary = selectSummary(s.getLiveView(), s.expectedPerEndpoint);
  return {
    live: summary.live,
    total: summary.total,
    duplicated: summary.duplicated.map(({ endpoint, live }) => ({ endpoint, live })),
    pendingTimers: summary.pendingTimers,
    cursors: { ...s.cursors },
    counters: { ...s.counters },
    connections: [...s.connections.values()].map((c) => ({
      key: c.key,
      id: c.id,
      url: c.url,
      endpoint: c.endpoint,
      live: isLive(c),
      readyState: c.readyState,
      closedBy: c.closedBy,
      messages: c.messages,
      callSite: c.callSite?.key ?? null,
      parentKey: c.parentKey,
    })),
  };
}

/** Exposes the store on `target` when `flags` holds the opt-in; resolves whether it did. */
export async function exposeIfFlagged(
  store: PanelStore,
  flags: Pick<KeyValueStorage, 'get'> | null,
  target: Window = window,
): Promise<boolean> {
  if (!flags || (await flags.get(EXPOSE_TEST_GLOBAL_KEY)) !== true) return false;
  target.__SSE_PANEL_STORE__ = Object.assign(Object.create(null) as object, store, {
    snapshot: () => snapshotOf(store),
  }) as PanelTestHandle;
  return true;
}

/** Reads the opt-in from `chrome.storage.local` once, as the panel starts. */
export function exposeForTests(
  store: PanelStore,
  storage: KeyValueStorage | null,
  target: Window = window,
): void {
  exposeIfFlagged(store, storage, target).catch((error: unknown) => {
    // Storage unreadable (extension context gone): the panel works on, without the test global.
    console.debug('[SSE panel] test-global flag not read', error);
  });
}

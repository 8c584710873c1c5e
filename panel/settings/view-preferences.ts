/**
 * The table's view preferences (hidden columns, sort, Preserve log, the open tab), kept per
 * inspected origin next to its settings (`view:<origin>` beside `settings:<origin>`), like
 * Chrome's Network panel keeps its columns.
 *
 * Loaded when an origin becomes known. Hidden columns and sort follow every origin change;
 * Preserve log and the tab are restored only when the panel opens (the first origin): switching
 * them at a navigation would drop the log the user chose to keep, or move them off the tab they
 * are reading.
 */
import { isColumnKey } from '../columns';
import type { PanelStore, PanelTab, Sort, SortKey } from '../store';
import type { KeyValueStorage } from './settings-storage';

export interface ViewPreferences {
  readonly preserveLog: boolean;
  readonly sort: Sort;
  readonly tab: PanelTab;
  readonly hiddenColumns: readonly SortKey[];
  /** Network capture's switch (chrome.debugger): follows every origin change like the sort. */
  readonly networkCapture: boolean;
}

export const viewPreferencesKey = (origin: string): string => `view:${origin}`;

const TABS: readonly PanelTab[] = ['connections', 'callSites', 'timeline', 'acceptance'];

/** Stored values are untrusted on read: each field is checked alone; a bad one is left out. */
export function sanitizeViewPreferences(v: unknown): Partial<ViewPreferences> {
  const o = typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};
  const out: { -readonly [K in keyof ViewPreferences]?: ViewPreferences[K] } = {};
  if (typeof o.preserveLog === 'boolean') out.preserveLog = o.preserveLog;
  if (typeof o.networkCapture === 'boolean') out.networkCapture = o.networkCapture;
  if (typeof o.tab === 'string' && (TABS as readonly string[]).includes(o.tab))
    out.tab = o.tab as PanelTab;
  const sort = o.sort as Partial<Sort> | undefined;
  if (
    typeof sort === 'object' &&
    sort !== null &&
    isColumnKey(sort.key) &&
    (sort.dir === 'asc' || sort.dir === 'desc')
  )
    out.sort = { key: sort.key, dir: sort.dir };
  if (Array.isArray(o.hiddenColumns) && o.hiddenColumns.every(isColumnKey))
    out.hiddenColumns = [...new Set(o.hiddenColumns as SortKey[])];
  return out;
}

const pick = (s: ReturnType<PanelStore['getState']>): ViewPreferences => ({
  preserveLog: s.preserveLog,
  sort: s.sort,
  tab: s.tab,
  hiddenColumns: s.hiddenColumns,
  networkCapture: s.networkCapture.on,
});

export interface ViewPreferencesSync {
  originChanged(origin: string): Promise<void>;
  /** Stops saving (the panel is closing, or a test is done). */
  dispose(): void;
}

export function createViewPreferencesSync(options: {
  readonly panel: PanelStore;
  readonly storage: KeyValueStorage;
  readonly onError?: (error: unknown) => void;
}): ViewPreferencesSync {
  const { panel, storage } = options;
  let origin: string | null = null;
  let first = true;
  let loadToken = 0;
  // Changes made while an origin's preferences load must not be saved over them, nor as theirs.
  let loading = false;
  const report = (error: unknown) => {
    if (options.onError) options.onError(error);
    else console.warn('[SSE panel] view preferences storage failed', error);
  };

  const unsubscribe = panel.subscribe((state, previous) => {
    if (origin === null || loading) return;
    const now = pick(state);
    const before = pick(previous);
    if ((Object.keys(now) as Array<keyof ViewPreferences>).every((k) => now[k] === before[k]))
      return;
    storage.set(viewPreferencesKey(origin), now).catch(report);
  });

  return {
    async originChanged(next) {
      if (next === origin) return;
      origin = next;
      const token = ++loadToken;
      loading = true;
      let stored: unknown;
      try {
        stored = await storage.get(viewPreferencesKey(next));
      } catch (error) {
        report(error);
        stored = undefined;
      }
      if (token !== loadToken) return;
      const prefs = sanitizeViewPreferences(stored);
      const apply: Partial<ViewPreferences> = first
        ? prefs
        : {
            ...(prefs.sort ? { sort: prefs.sort } : {}),
            ...(prefs.hiddenColumns ? { hiddenColumns: prefs.hiddenColumns } : {}),
            networkCapture: prefs.networkCapture ?? false,
          };
      first = false;
      panel.getState().preferencesLoaded(apply);
      loading = false;
    },
    dispose: unsubscribe,
  };
}

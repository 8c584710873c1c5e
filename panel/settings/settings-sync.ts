/**
 * Keeps the settings of the inspected origin: loads them when the origin becomes known (and on
 * every navigation to another origin), saves every change, and tells `apply` — which hands the
 * hook part to the panel store (store.ts), whose change the link pushes to the page.
 */
import { sanitizeSettings, DEFAULT_PANEL_SETTINGS, type PanelSettings } from './panel-settings';
import { settingsKey, type KeyValueStorage } from './settings-storage';

export interface SettingsSync {
  /** The inspected page is (now) on this origin: load its settings. */
  originChanged(origin: string): Promise<void>;
  /** The user changed settings: apply and persist for the current origin. */
  update(patch: Partial<PanelSettings>): Promise<void>;
  current(): PanelSettings;
  origin(): string | null;
}

export function createSettingsSync(options: {
  readonly storage: KeyValueStorage;
  apply(settings: PanelSettings): void;
  /** Persistence failures are shown, not swallowed. */
  onError?(error: unknown): void;
}): SettingsSync {
  const { storage, apply } = options;
  let origin: string | null = null;
  let settings: PanelSettings = DEFAULT_PANEL_SETTINGS;
  let loadToken = 0;

  const report = (error: unknown) => {
    if (options.onError) options.onError(error);
    else console.warn('[SSE panel] settings storage failed', error);
  };

  return {
    async originChanged(next) {
      if (next === origin) return;
      origin = next;
      const token = ++loadToken;
      let stored: unknown;
      try {
        stored = await storage.get(settingsKey(next));
      } catch (error) {
        report(error);
        stored = undefined;
      }
      // A later navigation won the race: its settings apply, not these.
      if (token !== loadToken) return;
      settings = sanitizeSettings(stored);
      apply(settings);
    },

    async update(patch) {
      settings = sanitizeSettings({ ...settings, ...patch });
      apply(settings);
      if (origin === null) return;
      try {
        await storage.set(settingsKey(origin), settings);
      } catch (error) {
        report(error);
      }
    },

    current: () => settings,
    origin: () => origin,
  };
}

/** `https://app.example:8443/path?q` → `https://app.example:8443`; '' for non-http(s) pages. */
export function originOf(url: string): string {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : u.protocol;
  } catch {
    // DevTools reports about:blank and similar as-is: they share one settings entry.
    return '';
  }
}

/**
 * Connects the timeline, acceptance and evidence views to the panel: their recorder reads the
 * panel store's model (so it follows the store's records, Clear and navigations by itself);
 * settings are loaded for the inspected origin and applied to the panel store (whose `settings`
 * change main.tsx already pushes to the page hook).
 */
import type { DevtoolsApi } from '../devtools-api';
import { createRecorder } from '../recording/recorder';
import { toHookSettings, type PanelSettings } from '../settings/panel-settings';
import type { KeyValueStorage } from '../settings/settings-storage';
import { createSettingsSync, originOf, type SettingsSync } from '../settings/settings-sync';
import { createViewPreferencesSync } from '../settings/view-preferences';
import type { PanelStore } from '../store';
import { createInsightStore, type InsightStore } from './view-store';

export interface Insight {
  readonly store: InsightStore;
  readonly settings: SettingsSync;
  /** The inspected page navigated to `url` (its settings origin may have changed). */
  pageChanged(url: string): void;
}

export function createInsight(options: {
  readonly panel: PanelStore;
  readonly devtools: DevtoolsApi;
  readonly storage: KeyValueStorage;
}): Insight {
  const { panel, devtools } = options;
  const recorder = createRecorder(panel.getState().model);
  const apply = (s: PanelSettings): void => {
    store.getState().settingsLoaded(s, settings.origin());
    panel.getState().updateSettings(toHookSettings(s));
    panel.getState().setExpectedPerEndpoint(s.expectedPerEndpoint);
  };
  const settings = createSettingsSync({
    storage: options.storage,
    apply: (s) => apply(s),
    onError: (error) =>
      store.getState().settingsFailed(error instanceof Error ? error.message : String(error)),
  });
  const store = createInsightStore({
    recorder,
    updateSettings: (patch) => void settings.update(patch),
  });

  panel.subscribe((state, previous) => {
    // The summary bar edits "expected per endpoint" in the panel store: persist it too.
    if (
      state.expectedPerEndpoint !== previous.expectedPerEndpoint &&
      state.expectedPerEndpoint !== settings.current().expectedPerEndpoint
    ) {
      void settings.update({ expectedPerEndpoint: state.expectedPerEndpoint });
    }
  });

  // Hidden columns, sort, Preserve log and tab: kept per origin beside the settings.
  const viewPreferences = createViewPreferencesSync({
    panel,
    storage: options.storage,
    onError: (error) =>
      store.getState().settingsFailed(error instanceof Error ? error.message : String(error)),
  });

  const pageChanged = (url: string): void => {
    store.getState().pageChanged(url);
    void settings.originChanged(originOf(url));
    void viewPreferences.originChanged(originOf(url));
  };
  void devtools.evalInPage('location.href').then((result) => {
    if (typeof result.value === 'string') pageChanged(result.value);
    else if (result.error)
      console.debug('[SSE panel] could not read the inspected URL:', result.error);
  });
  return { store, settings, pageChanged };
}

/**
 * Connects the part-2 pieces to the panel: the recorder hears what the part-1 store hears, follows
 * its Clear, and learns navigations; settings are loaded for the inspected origin and applied to
 * the part-1 store (whose `settings` change main.tsx already pushes to the page hook).
 */
import type { DevtoolsApi } from '../devtools-api';
import { createRecorder } from '../recording/recorder';
import { toHookSettings, type PanelSettings } from '../settings/panel-settings';
import type { KeyValueStorage } from '../settings/settings-storage';
import { createSettingsSync, originOf, type SettingsSync } from '../settings/settings-sync';
import type { PanelStore } from '../store';
import { createInsightStore, type InsightStore } from './view-store';

export interface Insight {
  readonly store: InsightStore;
  /** Every message the link delivers (the part-1 store gets it too). */
  messageReceived(message: unknown): void;
  readonly settings: SettingsSync;
  /** The inspected page navigated; `currentSession` as for the part-1 store's `navigated`. */
  navigated(url: string, currentSession: string | null | undefined): void;
}

export function createInsight(options: {
  readonly panel: PanelStore;
  readonly devtools: DevtoolsApi;
  readonly storage: KeyValueStorage;
}): Insight {
  const { panel, devtools } = options;
  const recorder = createRecorder();
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

  let captured = panel.getState().getLiveView().data;
  panel.subscribe((state, previous) => {
    // The summary bar edits "expected per endpoint" in the part-1 store: persist it too.
    if (
      state.expectedPerEndpoint !== previous.expectedPerEndpoint &&
      state.expectedPerEndpoint !== settings.current().expectedPerEndpoint
    ) {
      void settings.update({ expectedPerEndpoint: state.expectedPerEndpoint });
    }
    // The part-1 store replaces its capture data only on Clear: the history restarts with it.
    const data = state.getLiveView().data;
    if (data !== captured) {
      captured = data;
      recorder.clear();
    }
  });

  const pageChanged = (url: string): void => {
    store.getState().pageChanged(url);
    void settings.originChanged(originOf(url));
  };
  void devtools.evalInPage('location.href').then((result) => {
    if (typeof result.value === 'string') pageChanged(result.value);
    else if (result.error)
      console.debug('[SSE panel] could not read the inspected URL:', result.error);
  });
  return {
    store,
    settings,
    messageReceived: (message) => void recorder.messageReceived(message),
    navigated: (url, currentSession) => {
      recorder.navigated(currentSession);
      pageChanged(url);
    },
  };
}

/**
 * State of the timeline, acceptance, evidence and settings views: the recorder, the chosen window,
 * an imported report being viewed, and the settings of the inspected origin. A small zustand store
 * beside the panel store (store.ts), so neither has to know the other's internals.
 */
import { createElement, type ReactNode } from 'react';
import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { createContextValue } from '../react-context';
import { createRecorder, type Recorder } from '../recording/recorder';
import type { ImportedReport } from '../report/report';
import { DEFAULT_PANEL_SETTINGS, type PanelSettings } from '../settings/panel-settings';
import { SESSION_WINDOW, type WindowChoice } from './window';

export interface InsightState {
  readonly recorder: Recorder;
  /** Bumped when the recorder changed (the views re-read it). */
  readonly recordingVersion: number;
  readonly window: WindowChoice;
  readonly imported: ImportedReport | null;
  readonly importError: string | null;
  readonly settings: PanelSettings;
  /** Origin the settings are saved for (null until known). */
  readonly origin: string | null;
  readonly pageUrl: string;
  readonly settingsOpen: boolean;
  readonly settingsError: string | null;

  recordingChanged(): void;
  setWindow(window: WindowChoice): void;
  reportImported(report: ImportedReport): void;
  importFailed(error: string | null): void;
  closeImported(): void;
  settingsLoaded(settings: PanelSettings, origin: string | null): void;
  settingsFailed(error: string | null): void;
  pageChanged(url: string): void;
  setSettingsOpen(open: boolean): void;
  /** Set by the wiring: persists and applies (see settings-sync). */
  updateSettings(patch: Partial<PanelSettings>): void;
}

export type InsightStore = StoreApi<InsightState>;

export function createInsightStore(
  options: {
    recorder?: Recorder;
    updateSettings?: (patch: Partial<PanelSettings>) => void;
  } = {},
): InsightStore {
  const recorder = options.recorder ?? createRecorder();
  const store = createStore<InsightState>()((set, get) => ({
    recorder,
    recordingVersion: recorder.version(),
    window: SESSION_WINDOW,
    imported: null,
    importError: null,
    settings: DEFAULT_PANEL_SETTINGS,
    origin: null,
    pageUrl: '',
    settingsOpen: false,
    settingsError: null,
    recordingChanged: () => set({ recordingVersion: recorder.version() }),
    setWindow: (window) => set({ window }),
    reportImported: (imported) =>
      set({
        imported,
        importError: null,
        window: imported.report.window?.choice ?? SESSION_WINDOW,
      }),
    importFailed: (importError) => set({ importError }),
    closeImported: () => set({ imported: null, window: SESSION_WINDOW }),
    settingsLoaded: (settings, origin) => set({ settings, origin }),
    settingsFailed: (settingsError) => set({ settingsError }),
    pageChanged: (pageUrl) => set({ pageUrl }),
    setSettingsOpen: (settingsOpen) => set({ settingsOpen }),
    updateSettings: (patch) => {
      if (options.updateSettings) options.updateSettings(patch);
      else set({ settings: { ...get().settings, ...patch } });
    },
  }));
  recorder.subscribe(() => store.getState().recordingChanged());
  return store;
}

const Insight = createContextValue<InsightStore>('InsightStore');

export const InsightStoreProvider = (props: { store: InsightStore; children: ReactNode }) =>
  createElement(Insight.Provider, { value: props.store }, props.children);

export const useInsightStoreApi: () => InsightStore = Insight.useValue;

export function useInsight<T>(selector: (s: InsightState) => T): T {
  return useStore(useInsightStoreApi(), selector);
}

/**
 * Renders the panel (or one component) with a store and an in-memory DevTools adapter for
 * component tests. jsdom has no layout, so the virtualiser is given a viewport size here.
 */
import { render, type RenderResult } from '@testing-library/react';
import type { ReactNode } from 'react';
import { vi } from 'vitest';
import { createInsightStore, InsightStoreProvider } from '../acceptance/view-store';
import { DevtoolsApiProvider, type DevtoolsApi } from '../devtools-api';
import type { PanelStore } from '../store';
import { PanelStoreProvider } from '../use-panel-store';
import { App } from './App';

export interface FakeDevtools extends DevtoolsApi {
  readonly opened: Array<{ url: string; line: number; column: number }>;
  reloads: number;
  navigate(url: string): void;
  /** Page resources by URL (scripts, maps) that `readResource` / `readSameOrigin` return. */
  readonly resources: Map<string, string>;
  readonly tabsOpened: string[];
  switchTheme(theme: 'default' | 'dark'): void;
}

export function createFakeDevtools(): FakeDevtools {
  const listeners = new Set<(url: string) => void>();
  const themeListeners = new Set<(theme: 'default' | 'dark') => void>();
  const fake: FakeDevtools = {
    tabId: 1,
    themeName: 'default',
    opened: [],
    reloads: 0,
    openResource(url, line, column) {
      fake.opened.push({ url, line, column });
      return Promise.resolve();
    },
    reloadInspectedPage() {
      fake.reloads += 1;
    },
    onNavigated(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    evalInPage: () => Promise.resolve({ error: 'not in a page' }),
    navigate: (url) => listeners.forEach((l) => l(url)),
    resources: new Map(),
    tabsOpened: [],
    readResource: (url) => Promise.resolve(fake.resources.get(url) ?? null),
    readSameOrigin: (url) => Promise.resolve(fake.resources.get(url) ?? null),
    onThemeChange(listener) {
      themeListeners.add(listener);
      return () => themeListeners.delete(listener);
    },
    switchTheme: (theme) => themeListeners.forEach((l) => l(theme)),
    openInNewTab(url) {
      if (!/^https?:\/\//.test(url)) return false;
      fake.tabsOpened.push(url);
      return true;
    },
  };
  return fake;
}

/** Gives every element a 1000×420 box so the virtualiser renders a window of ~20 rows. */
export function fakeLayout(): void {
  vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(420);
  vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(1000);
}

export function renderWith(
  store: PanelStore,
  ui: ReactNode = <App clock={() => 10_000} />,
  devtools: DevtoolsApi = createFakeDevtools(),
): RenderResult {
  return render(
    <PanelStoreProvider store={store}>
      <DevtoolsApiProvider api={devtools}>
        <InsightStoreProvider store={createInsightStore()}>{ui}</InsightStoreProvider>
      </DevtoolsApiProvider>
    </PanelStoreProvider>,
  );
}

/**
 * The panel follows DevTools' theme live: `chrome.devtools.panels.themeName` is only the theme at
 * load, so a switch in DevTools settings arrives through `setThemeChangeHandler` (feature-detected
 * by the adapter). The theme lives in `<html data-theme>`, which the CSS variables key on; views
 * that paint outside CSS (the uPlot chart) subscribe with `useDocumentTheme`.
 */
import { useSyncExternalStore } from 'react';
import type { DevtoolsApi } from '../devtools-api';
import { currentTheme } from './chart-theme';

/** Applies the current theme now and on every switch; returns the unsubscribe. */
export function followDevtoolsTheme(
  api: Pick<DevtoolsApi, 'themeName' | 'onThemeChange'>,
  doc: Document = document,
): () => void {
  doc.documentElement.dataset.theme = api.themeName;
  return api.onThemeChange((theme) => {
    doc.documentElement.dataset.theme = theme;
  });
}

function subscribe(onChange: () => void): () => void {
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  return () => observer.disconnect();
}

/** The theme of the panel page, re-rendering the caller when it changes. */
export function useDocumentTheme(): 'dark' | 'default' {
  return useSyncExternalStore(subscribe, () => currentTheme());
}

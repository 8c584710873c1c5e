/**
 * The few chrome.devtools calls the panel makes, behind one small interface so components are
 * tested with an in-memory fake instead of a global `chrome` mock.
 */
import { createElement, type ReactNode } from 'react';
import { createContextValue } from './react-context';

export interface EvalResult {
  readonly value?: unknown;
  /** DevTools-side error or the page exception, as text. */
  readonly error?: string;
}

export interface DevtoolsApi {
  /** The inspected tab, or null when the panel page is opened outside DevTools. */
  readonly tabId: number | null;
  readonly themeName: 'default' | 'dark';
  /** Opens `url` in Sources at a 1-based line and column (as V8 prints them). */
  openResource(url: string, line: number, column: number): Promise<void>;
  reloadInspectedPage(): void;
  /** Top-document navigations of the inspected tab; returns the unsubscribe. */
  onNavigated(listener: (url: string) => void): () => void;
  /** `inspectedWindow.eval` (JSON-able result), optionally in a sub-frame by its URL. */
  evalInPage(expression: string, frameUrl?: string): Promise<EvalResult>;
}

export function createChromeDevtoolsApi(devtools: typeof chrome.devtools): DevtoolsApi {
  return {
    tabId: devtools.inspectedWindow.tabId,
    themeName: devtools.panels.themeName === 'dark' ? 'dark' : 'default',
    openResource(url, line, column) {
      // The API takes 0-based positions; V8 stack frames are 1-based.
      return new Promise((resolve) =>
        devtools.panels.openResource(url, Math.max(0, line - 1), Math.max(0, column - 1), () =>
          resolve(),
        ),
      );
    },
    reloadInspectedPage() {
      devtools.inspectedWindow.reload({});
    },
    onNavigated(listener) {
      devtools.network.onNavigated.addListener(listener);
      return () => devtools.network.onNavigated.removeListener(listener);
    },
    evalInPage(expression, frameUrl) {
      return new Promise((resolve) => {
        const options = frameUrl ? { frameURL: frameUrl } : {};
        devtools.inspectedWindow.eval<unknown>(expression, options, (value, exception) => {
          if (exception && (exception.isError || exception.isException)) {
            resolve({
              error: String(exception.value ?? exception.description ?? exception.code ?? 'error'),
            });
          } else {
            resolve({ value });
          }
        });
      });
    },
  };
}

/** Outside DevTools (the panel page opened directly): every call is a visible no-op. */
export function createDetachedDevtoolsApi(): DevtoolsApi {
  return {
    tabId: null,
    themeName: 'default',
    openResource: () => Promise.resolve(),
    reloadInspectedPage: () => undefined,
    onNavigated: () => () => undefined,
    evalInPage: () => Promise.resolve({ error: 'Not running inside DevTools.' }),
  };
}

const Devtools = createContextValue<DevtoolsApi>('DevtoolsApi');

export const DevtoolsApiProvider = (props: { api: DevtoolsApi; children: ReactNode }) =>
  createElement(Devtools.Provider, { value: props.api }, props.children);

export const useDevtoolsApi: () => DevtoolsApi = Devtools.useValue;

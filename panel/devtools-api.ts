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
  /**
   * The text of a resource the inspected page loaded (`inspectedWindow.getResources`), or null.
   * Source maps are rarely page resources, so `readSameOrigin` covers those.
   */
  readResource(url: string): Promise<string | null>;
  /** A same-origin URL read by the page itself (its origin, its cookies), capped; null on failure. */
  readSameOrigin(url: string, maxChars: number): Promise<string | null>;
  /** Live DevTools theme switches (feature-detected: older Chrome has no handler); unsubscribe. */
  onThemeChange(listener: (theme: 'default' | 'dark') => void): () => void;
  /** Opens an http(s) URL in a new browser tab; false when the URL is not http(s). */
  openInNewTab(url: string): boolean;
}

/** Only web URLs leave the panel: a page-supplied `javascript:` or `data:` URL never opens. */
export function isWebUrl(url: string): boolean {
  return /^https?:\/\//i.test(url);
}

function openWebUrl(url: string): boolean {
  if (!isWebUrl(url)) return false;
  // An extension page may open tabs with window.open; noopener keeps the new tab from reaching back.
  window.open(url, '_blank', 'noopener,noreferrer');
  return true;
}

/**
 * Evaluated in the page: a synchronous same-origin GET (inspectedWindow.eval cannot await), so the
 * request carries the page's own credentials and CORS never applies.
 */
export function readSameOriginExpression(url: string, maxChars: number): string {
  return `(() => {
  try {
    if (new URL(${JSON.stringify(url)}, location.href).origin !== location.origin) return null;
    const xhr = new XMLHttpRequest();
    xhr.open('GET', ${JSON.stringify(url)}, false);
    xhr.send();
    if (xhr.status !== 200 || xhr.responseText.length > ${maxChars}) return null;
    return xhr.responseText;
  } catch (error) {
    return null; // a network error or a page that replaced XMLHttpRequest: no map
  }
})()`;
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
    readResource(url) {
      return new Promise((resolve) => {
        devtools.inspectedWindow.getResources((resources) => {
          const found = resources.find((r) => r.url === url);
          if (!found) {
            resolve(null);
            return;
          }
          found.getContent((content, encoding) => {
            if (typeof content !== 'string') resolve(null);
            else if (encoding === 'base64') resolve(decodeBase64Utf8(content));
            else resolve(content);
          });
        });
      });
    },
    async readSameOrigin(url, maxChars) {
      const result = await this.evalInPage(readSameOriginExpression(url, maxChars));
      return typeof result.value === 'string' ? result.value : null;
    },
    onThemeChange(listener) {
      const panels = devtools.panels as typeof devtools.panels & {
        setThemeChangeHandler?: (handler?: (theme: string) => void) => void;
      };
      if (typeof panels.setThemeChangeHandler !== 'function') return () => undefined;
      panels.setThemeChangeHandler((theme) => listener(theme === 'dark' ? 'dark' : 'default'));
      return () => panels.setThemeChangeHandler?.();
    },
    openInNewTab: openWebUrl,
  };
}

function decodeBase64Utf8(text: string): string | null {
  try {
    return new TextDecoder().decode(Uint8Array.from(atob(text), (ch) => ch.charCodeAt(0)));
  } catch {
    // Content that claims base64 but is not: treat the resource as unreadable.
    return null;
  }
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
    readResource: () => Promise.resolve(null),
    readSameOrigin: () => Promise.resolve(null),
    onThemeChange: () => () => undefined,
    openInNewTab: openWebUrl,
  };
}

const Devtools = createContextValue<DevtoolsApi>('DevtoolsApi');

export const DevtoolsApiProvider = (props: { api: DevtoolsApi; children: ReactNode }) =>
  createElement(Devtools.Provider, { value: props.api }, props.children);

export const useDevtoolsApi: () => DevtoolsApi = Devtools.useValue;

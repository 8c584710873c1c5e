/**
 * Defaults that read the environment. Every function here looks the global up when it is called,
 * never at import, so importing the library has no side effects and test doubles installed later
 * (fake timers, stubbed navigator) are honoured.
 */
import type { SSELifecycleSource, SSELogFunction, SSELogger, SSEOnlineSource } from './types';

/** Dev mode unless this is a production build; safe in a browser without `process`. */
export function isDevEnvironment(): boolean {
  try {
    // Written as the exact expression `process.env.NODE_ENV` so bundlers (Vite, webpack) replace
    // it with a literal; a `typeof process` guard first would skip the replaced value in browsers.
    const mode = process.env.NODE_ENV;
    if (typeof mode === 'string') return mode !== 'production';
  } catch {
    // No `process` in this browser and no bundler replacement: fall through to Vite's flag.
  }
  const env = (import.meta as { env?: { PROD?: unknown } }).env;
  if (env !== undefined && typeof env.PROD === 'boolean') return !env.PROD;
  return true;
}

/** `navigator.onLine` + the window `online` event; always online where neither exists. */
export function createBrowserOnlineSource(): SSEOnlineSource {
  return {
    isOnline() {
      return typeof navigator !== 'undefined' && typeof navigator.onLine === 'boolean'
        ? navigator.onLine
        : true;
    },
    subscribe(listener) {
      if (typeof window === 'undefined' || typeof window.addEventListener !== 'function')
        return () => undefined;
      window.addEventListener('online', listener);
      return () => window.removeEventListener('online', listener);
    },
  };
}

/**
 * The window `pagehide`/`pageshow` events; no listeners (and no effect) where there is no window.
 * Listeners are added only when `subscribe` is called, never at import. `pagehide`/`pageshow`
 * (unlike `unload`) do not make a page ineligible for the back/forward cache.
 */
export function createBrowserLifecycleSource(): SSELifecycleSource {
  return {
    subscribe(onHide, onShow) {
      if (typeof window === 'undefined' || typeof window.addEventListener !== 'function')
        return () => undefined;
      const target = window;
      const hide = (event: Event): void => onHide(isPersisted(event));
      const show = (event: Event): void => onShow(isPersisted(event));
      target.addEventListener('pagehide', hide);
      target.addEventListener('pageshow', show);
      return () => {
        target.removeEventListener('pagehide', hide);
        target.removeEventListener('pageshow', show);
      };
    },
  };
}

/** `PageTransitionEvent.persisted`, read structurally: jsdom and old engines lack the class. */
function isPersisted(event: Event): boolean {
  return (event as { persisted?: unknown }).persisted === true;
}

/** One calling convention for both logger shapes; the console is looked up per call. */
export function toLogFunction(logger: SSELogger | undefined): SSELogFunction {
  if (typeof logger === 'function') return logger;
  return (level, message, details) => {
    const target = logger ?? globalThis.console;
    if (details === undefined) target[level](message);
    else target[level](message, details);
  };
}

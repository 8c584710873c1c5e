/**
 * Defaults that read the environment. Every function here looks the global up when it is called,
 * never at import, so importing the library has no side effects and test doubles installed later
 * (fake timers, stubbed navigator) are honoured.
 */
import type { SSELogFunction, SSELogger, SSEOnlineSource } from './types';

/** Dev mode unless this is a production build; safe in a browser without `process`. */
export function isDevEnvironment(): boolean {
  try {
    if (typeof process !== 'undefined' && typeof process.env?.NODE_ENV === 'string') {
      return process.env.NODE_ENV !== 'production';
    }
  } catch {
    // `process` can be a throwing getter in some sandboxes; fall through to the bundler's flag.
  }
  const env = (import.meta as { env?: { PROD?: unknown } }).env;
  if (env !== undefined && typeof env.PROD === 'boolean') return !env.PROD;
  return true;
}

/** `navigator.onLine` + the window `online` event; always online where neither exists. */
export function createBrowserOnlineSource(): SSEOnlineSource {
  return {
    isOnline() {
      return typeof navigator !== 'undefined' && typeof navigator.onLine === 'boolean' ? navigator.onLine : true;
    },
    subscribe(listener) {
      if (typeof window === 'undefined' || typeof window.addEventListener !== 'function') return () => undefined;
      window.addEventListener('online', listener);
      return () => window.removeEventListener('online', listener);
    },
  };
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

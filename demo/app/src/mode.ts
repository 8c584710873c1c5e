/**
 * Legacy vs fixed: chosen once per page load. `?mode=` overrides for this load; the mode switch
 * stores the choice in localStorage. Switching reloads the page: the legacy mode's leaked
 * connections cannot be taken back by anything short of a reload (that is the bug).
 */
export const MODES = ['legacy', 'fixed'] as const;
export type AppMode = (typeof MODES)[number];

export const MODE_STORAGE_KEY = 'sse-demo:mode';
export const DEFAULT_MODE: AppMode = 'fixed';

export function isAppMode(value: unknown): value is AppMode {
  return typeof value === 'string' && (MODES as readonly string[]).includes(value);
}

/** The query wins, then storage, then the default. Unknown values are ignored. */
export function resolveMode(search: string, stored: string | null): AppMode {
  const fromQuery = new URLSearchParams(search).get('mode');
  if (isAppMode(fromQuery)) return fromQuery;
  if (isAppMode(stored)) return stored;
  return DEFAULT_MODE;
}

/** The same page in another mode (other query parameters and the hash are kept). */
export function urlForMode(href: string, mode: AppMode): string {
  const url = new URL(href);
  url.searchParams.set('mode', mode);
  return url.toString();
}

export interface ModeStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export function readStoredMode(storage: ModeStorage | undefined): string | null {
  try {
    return storage?.getItem(MODE_STORAGE_KEY) ?? null;
  } catch (error) {
    // Storage can be disabled (privacy settings, sandboxed frames): fall back to the default.
    console.warn('mode: localStorage unavailable', error);
    return null;
  }
}

export function storeMode(storage: ModeStorage | undefined, mode: AppMode): void {
  try {
    storage?.setItem(MODE_STORAGE_KEY, mode);
  } catch (error) {
    // Same as above: the choice then lasts only as long as the ?mode= in the URL.
    console.warn('mode: could not store the mode', error);
  }
}

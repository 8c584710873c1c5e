/**
 * Where settings live: `chrome.storage.local`, one entry per inspected origin, behind a two-method
 * adapter so the persistence logic is tested with the in-memory fake below.
 */
export interface KeyValueStorage {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
}

export const settingsKey = (origin: string): string => `settings:${origin}`;

/** The promise-based storage area both `browser.storage.local` (the polyfill) and Chrome's have. */
export interface StorageAreaLike {
  get(keys: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}

/** An extension storage area (the panel page may use it: the manifest asks for "storage"). */
export function createExtensionStorage(area: StorageAreaLike): KeyValueStorage {
  return {
    async get(key) {
      const items = await area.get(key);
      return (items as Record<string, unknown>)[key];
    },
    async set(key, value) {
      await area.set({ [key]: value });
    },
  };
}

export function createMemoryStorage(initial: Record<string, unknown> = {}): KeyValueStorage & {
  readonly data: Record<string, unknown>;
} {
  const data: Record<string, unknown> = { ...initial };
  return {
    data,
    get: (key) => Promise.resolve(structuredClone(data[key])),
    set: (key, value) => {
      data[key] = structuredClone(value);
      return Promise.resolve();
    },
  };
}

/**
 * Where settings live: `chrome.storage.local`, one entry per inspected origin, behind a two-method
 * adapter so the persistence logic is tested with the in-memory fake below.
 */
export interface KeyValueStorage {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
}

export const settingsKey = (origin: string): string => `settings:${origin}`;

/** `chrome.storage.local` (the panel page may use it: the manifest asks for "storage"). */
export function createChromeStorage(area: chrome.storage.StorageArea): KeyValueStorage {
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

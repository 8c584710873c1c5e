import { describe, expect, test, vi } from 'vitest';
import {
  DEFAULT_MODE,
  MODE_STORAGE_KEY,
  readStoredMode,
  resolveMode,
  storeMode,
  urlForMode,
} from './mode';

describe('resolveMode', () => {
  test('the query overrides the stored choice', () => {
    expect(resolveMode('?mode=legacy', 'fixed')).toBe('legacy');
    expect(resolveMode('?x=1&mode=fixed', 'legacy')).toBe('fixed');
  });

  test('the stored choice applies without a query', () => {
    expect(resolveMode('', 'legacy')).toBe('legacy');
  });

  test('unknown values fall through to the default', () => {
    expect(resolveMode('?mode=broken', 'nonsense')).toBe(DEFAULT_MODE);
    expect(resolveMode('', null)).toBe(DEFAULT_MODE);
  });
});

test('urlForMode keeps the path, other parameters and the hash', () => {
  expect(urlForMode('http://127.0.0.1:5173/orders?x=1&mode=fixed#top', 'legacy')).toBe(
    'http://127.0.0.1:5173/orders?x=1&mode=legacy#top',
  );
});

describe('stored mode', () => {
  test('round-trips through storage under one key', () => {
    const data = new Map<string, string>();
    const storage = {
      getItem: (k: string) => data.get(k) ?? null,
      setItem: (k: string, v: string) => void data.set(k, v),
    };
    storeMode(storage, 'legacy');
    expect(data.get(MODE_STORAGE_KEY)).toBe('legacy');
    expect(readStoredMode(storage)).toBe('legacy');
  });

  test('a throwing storage is reported and treated as empty', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const storage = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
    };
    expect(readStoredMode(storage)).toBeNull();
    storeMode(storage, 'fixed');
    expect(warn).toHaveBeenCalledTimes(2);
  });
});

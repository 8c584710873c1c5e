import { describe, expect, test } from 'vitest';
import { createChromeDevtoolsApi } from './devtools-api';

function fakeDevtools() {
  const opened: unknown[][] = [];
  const listeners = new Set<(url: string) => void>();
  const devtools = {
    inspectedWindow: {
      tabId: 7,
      reload: () => undefined,
      eval: (
        _e: string,
        _o: unknown,
        cb: (v: unknown, ex?: { isException?: boolean; value?: string }) => void,
      ) => cb(undefined, { isException: true, value: 'ReferenceError: x' }),
    },
    panels: {
      themeName: 'dark',
      openResource: (url: string, line: number, column: number, cb: () => void) => {
        opened.push([url, line, column]);
        cb();
      },
    },
    network: {
      onNavigated: {
        addListener: (l: (url: string) => void) => listeners.add(l),
        removeListener: (l: (url: string) => void) => listeners.delete(l),
      },
    },
  };
  return { devtools: devtools as unknown as typeof chrome.devtools, opened, listeners };
}

describe('chrome.devtools adapter', () => {
  test('converts 1-based stack positions to the 0-based openResource ones', async () => {
    const { devtools, opened } = fakeDevtools();
    await createChromeDevtoolsApi(devtools).openResource('http://h/a.js', 12, 7);
    expect(opened).toEqual([['http://h/a.js', 11, 6]]);
  });

  test('reports a page exception from eval as an error', async () => {
    const { devtools } = fakeDevtools();
    expect(await createChromeDevtoolsApi(devtools).evalInPage('x')).toEqual({
      error: 'ReferenceError: x',
    });
  });

  test('subscribes to navigations and unsubscribes', () => {
    const { devtools, listeners } = fakeDevtools();
    const api = createChromeDevtoolsApi(devtools);
    const off = api.onNavigated(() => undefined);
    expect(listeners.size).toBe(1);
    off();
    expect(listeners.size).toBe(0);
    expect(api).toMatchObject({ tabId: 7, themeName: 'dark' });
  });
});

import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';

// Importing the library must do nothing: no timers, no randomness, no globals (style habit 10,
// after partysocket's module-scope test). Each module is imported fresh with vi.resetModules().

function zarizGlobals(): string[] {
  return Object.getOwnPropertyNames(globalThis).filter((key) => key.startsWith('__zarizSSE'));
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.resetModules();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('importing the client library', () => {
  test.each([['./index'], ['./sse-client'], ['./singleton'], ['./react'], ['./types']])(
    '%s has no side effects',
    async (path) => {
      const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout');
      const setIntervalSpy = vi.spyOn(globalThis, 'setInterval');
      const randomSpy = vi.spyOn(Math, 'random');
      const dateSpy = vi.spyOn(Date, 'now');
      const before = Object.getOwnPropertyNames(globalThis);

      await import(/* @vite-ignore */ path);

      expect(setTimeoutSpy).not.toHaveBeenCalled();
      expect(setIntervalSpy).not.toHaveBeenCalled();
      expect(randomSpy).not.toHaveBeenCalled();
      expect(dateSpy).not.toHaveBeenCalled();
      expect(vi.getTimerCount()).toBe(0);
      expect(zarizGlobals()).toEqual([]);
      expect(Object.getOwnPropertyNames(globalThis).filter((key) => !before.includes(key))).toEqual(
        [],
      );
    },
  );

  test('creating a plain client touches no globals either', async () => {
    const { createSSEClient } = await import('./sse-client');
    const client = createSSEClient({ url: '/sse', EventSource: undefined, debug: false });
    expect(zarizGlobals()).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
    client.dispose();
  });
});

import { describe, expect, test, vi } from 'vitest';
import { createAuthStore, createToken, maskToken } from './auth-store';

const TOKEN_PATTERN = /^tok-[A-Za-z0-9_-]{1,64}$/; // demo/server's DEFAULT_TOKEN_PATTERN

function sequence(...values: number[]): () => number {
  let i = 0;
  return () => values[i++ % values.length] ?? 0;
}

describe('createToken', () => {
  test('issues tokens the demo server accepts', () => {
    expect(createToken(Math.random)).toMatch(TOKEN_PATTERN);
    expect(createToken(() => 0.999999)).toMatch(TOKEN_PATTERN);
  });

  test('is determined by the injected randomness', () => {
    expect(createToken(() => 0, 4)).toBe('tok-aaaa');
  });
});

describe('the auth store', () => {
  test('starts with a token unless told otherwise', () => {
    expect(createAuthStore({ random: () => 0 }).getToken()).toBe('tok-aaaaaaaaaaaaaaaa');
    expect(createAuthStore({ initialToken: null }).getToken()).toBeNull();
  });

  test('rotating issues a new token and tells every subscriber once', () => {
    const store = createAuthStore({ random: sequence(0, 0.5, 0.9) });
    const before = store.getToken();
    const listener = vi.fn();
    store.subscribe(listener);
    const next = store.rotate();
    expect(next).not.toBe(before);
    expect(store.getToken()).toBe(next);
    expect(listener).toHaveBeenCalledTimes(1);
    expect(listener).toHaveBeenCalledWith(next);
  });

  test('setting the same token again notifies nobody', () => {
    const store = createAuthStore({ initialToken: 'tok-same' });
    const listener = vi.fn();
    store.subscribe(listener);
    store.setToken('tok-same');
    expect(listener).not.toHaveBeenCalled();
  });

  test('an unsubscribed listener hears nothing more', () => {
    const store = createAuthStore();
    const listener = vi.fn();
    const unsubscribe = store.subscribe(listener);
    unsubscribe();
    store.rotate();
    expect(listener).not.toHaveBeenCalled();
  });

  test('a listener that unsubscribes while notified does not make another one miss the change', () => {
    const store = createAuthStore();
    const second = vi.fn();
    const unsubscribeFirst = store.subscribe(() => unsubscribeFirst());
    store.subscribe(second);
    store.rotate();
    expect(second).toHaveBeenCalledTimes(1);
  });
});

test('maskToken shows only the start of a token', () => {
  expect(maskToken('tok-abcdefghijkl')).toBe('tok-abcd…');
  expect(maskToken('tok-ab')).toBe('tok-ab');
  expect(maskToken(null)).toBe('(none)');
});

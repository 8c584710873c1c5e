import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { createBrowserLifecycleSource, isDevEnvironment, toLogFunction } from './environment';

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.unstubAllEnvs();
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('isDevEnvironment', () => {
  test('is off in production', () => {
    vi.stubEnv('NODE_ENV', 'production');
    expect(isDevEnvironment()).toBe(false);
  });

  test('is on in development and test', () => {
    vi.stubEnv('NODE_ENV', 'development');
    expect(isDevEnvironment()).toBe(true);
    vi.stubEnv('NODE_ENV', 'test');
    expect(isDevEnvironment()).toBe(true);
  });

  test('does not throw where there is no process (a browser without a bundler define)', () => {
    vi.stubGlobal('process', undefined);
    expect(() => isDevEnvironment()).not.toThrow();
  });
});

describe('toLogFunction', () => {
  test('routes to the console method of the level, looked up at call time', () => {
    const log = toLogFunction(undefined);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    log('warn', '[SSE] error marker=x', { kind: 'transient' });
    expect(warn).toHaveBeenCalledWith('[SSE] error marker=x', { kind: 'transient' });
  });
});

describe('createBrowserLifecycleSource', () => {
  function pageEvent(type: 'pagehide' | 'pageshow', persisted: boolean): Event {
    return Object.assign(new Event(type), { persisted });
  }

  test('forwards window pagehide/pageshow with their persisted flag until unsubscribed', () => {
    const target = new EventTarget();
    vi.stubGlobal('window', target);
    const heard: string[] = [];
    const unsubscribe = createBrowserLifecycleSource().subscribe(
      (persisted) => heard.push(`hide ${persisted}`),
      (persisted) => heard.push(`show ${persisted}`),
    );
    target.dispatchEvent(pageEvent('pagehide', true));
    target.dispatchEvent(pageEvent('pageshow', true));
    target.dispatchEvent(pageEvent('pageshow', false));
    target.dispatchEvent(new Event('pagehide'));
    unsubscribe();
    target.dispatchEvent(pageEvent('pagehide', true));
    expect(heard).toEqual(['hide true', 'show true', 'show false', 'hide false']);
  });

  test('is a no-op where there is no window', () => {
    vi.stubGlobal('window', undefined);
    const unsubscribe = createBrowserLifecycleSource().subscribe(
      () => undefined,
      () => undefined,
    );
    expect(() => unsubscribe()).not.toThrow();
  });
});

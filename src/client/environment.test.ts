import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { isDevEnvironment, toLogFunction } from './environment';

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

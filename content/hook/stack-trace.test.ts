import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { LIMITS } from '../../src/protocol/limits';
import { captureNatives } from './natives';
import {
  APP_FRAMES,
  createStackCapture,
  createStackFormatter,
  createStackSampler,
  findOwnScriptUrl,
  frameUrl,
  HOOK_FRAMES,
  STACK_NOT_CAPTURED,
} from './stack-trace';

const natives = captureNatives(globalThis);
const HOOK = 'chrome-extension://abc/content/hook.js';
const STACK = [
  'Error',
  `    at Object.construct (${HOOK}:1:200)`,
  '    at connect (https://app.test/src/sse.ts:10:5)',
  `    at reconnectTimer (${HOOK}:1:900)`,
  '    at https://app.test/src/main.ts:3:1',
].join('\n');

describe('stack trimming', () => {
  test('drops the trap frame and every frame of the hook script', () => {
    const format = createStackFormatter(natives, HOOK);
    expect(format.format({ stack: STACK }, 1)).toBe(
      'at connect (https://app.test/src/sse.ts:10:5)\nat https://app.test/src/main.ts:3:1',
    );
  });

  test('the own URL can be found lazily: once, at the first format, not at install', () => {
    let finds = 0;
    const format = createStackFormatter(natives, () => {
      finds++;
      return HOOK;
    });
    expect(finds).toBe(0);
    expect(format.format(null, 1)).toBe(STACK_NOT_CAPTURED);
    expect(format.format({ stack: STACK }, 1)).toBe(
      'at connect (https://app.test/src/sse.ts:10:5)\nat https://app.test/src/main.ts:3:1',
    );
    format.format({ stack: STACK }, 1);
    expect(finds).toBe(1);
  });

  test('without a known own URL, trims by frame count only', () => {
    const format = createStackFormatter(natives, null);
    expect(format.format({ stack: STACK }, 1).split('\n')).toHaveLength(3);
  });

  test('a missing or hostile stack gives an empty string; an unsampled one says so', () => {
    const format = createStackFormatter(natives, HOOK);
    expect(format.format({}, 1)).toBe('');
    expect(
      format.format(
        Object.defineProperty({}, 'stack', {
          get() {
            throw new Error('prepareStackTrace broke');
          },
        }),
        1,
      ),
    ).toBe('');
    expect(format.format(null, 1)).toBe(STACK_NOT_CAPTURED);
  });

  test('caps the stack length', () => {
    const format = createStackFormatter(natives, null);
    const long = [
      'Error',
      ...Array.from({ length: 2000 }, (_, i) => `    at f${i} (https://a.test/x.js:1:1)`),
    ].join('\n');
    expect(format.format({ stack: long }, 0).length).toBe(LIMITS.maxStack);
  });

  test('frameUrl reads the script URL of a frame', () => {
    expect(frameUrl(natives, `at Object.construct (${HOOK}:1:200)`)).toBe(HOOK);
    expect(frameUrl(natives, 'at https://app.test/a.js:3:1')).toBe('https://app.test/a.js');
    expect(frameUrl(natives, 'at <anonymous>')).toBeNull();
  });

  test('findOwnScriptUrl names the calling module', () => {
    expect(findOwnScriptUrl(natives)).toMatch(/stack-trace\.ts$/);
  });
});

describe('stack sampling budget', () => {
  test('captures every stack up to the burst, then one in sampleEvery, refilling over time', () => {
    let now = 0;
    const sampler = createStackSampler({ now: () => now, burst: 3, perSecond: 2, sampleEvery: 4 });
    const taken = Array.from({ length: 11 }, () => sampler.take());
    expect(taken).toEqual([true, true, true, false, false, false, true, false, false, false, true]);
    now = 1000;
    expect([sampler.take(), sampler.take(), sampler.take()]).toEqual([true, true, false]);
    expect(sampler.unsampled).toBe(7);
  });
});

describe('stack capture', () => {
  const always = { take: () => true };
  const ErrorLimit = Error as unknown as { stackTraceLimit: unknown };
  let saved: PropertyDescriptor | undefined;
  beforeEach(() => {
    saved = Object.getOwnPropertyDescriptor(Error, 'stackTraceLimit');
  });
  afterEach(() => {
    if (saved) Object.defineProperty(Error, 'stackTraceLimit', saved);
  });

  const captureWith = (
    capture: ReturnType<typeof createStackCapture>,
    read = true,
  ): { seen: unknown; error: Error } => {
    const pinned = capture.pin();
    let seen: unknown;
    let error: Error;
    try {
      if (read) seen = ErrorLimit.stackTraceLimit;
      error = new Error();
    } finally {
      capture.unpin(pinned);
    }
    return { seen, error };
  };

  test("pins Error.stackTraceLimit for the capture and restores the page's exact value", () => {
    ErrorLimit.stackTraceLimit = 50;
    const capture = createStackCapture(natives, always);
    expect(captureWith(capture).seen).toBe(HOOK_FRAMES + APP_FRAMES);
    expect(ErrorLimit.stackTraceLimit).toBe(50);
    ErrorLimit.stackTraceLimit = Infinity;
    captureWith(capture);
    expect(ErrorLimit.stackTraceLimit).toBe(Infinity);
  });

  test('never calls a page accessor installed on the limit, before or after install', () => {
    const calls: string[] = [];
    const accessor = {
      configurable: true,
      get: () => {
        calls.push('get');
        return 10;
      },
      set: () => {
        calls.push('set');
      },
    };
    const later = createStackCapture(natives, always);
    Object.defineProperty(Error, 'stackTraceLimit', accessor);
    const early = createStackCapture(natives, always);
    captureWith(later, false);
    captureWith(early, false);
    expect(calls).toEqual([]);
  });

  test("take() is the sampler's decision", () => {
    let budget = 1;
    const capture = createStackCapture(natives, { take: () => budget-- > 0 });
    expect([capture.take(), capture.take()]).toEqual([true, false]);
  });
});

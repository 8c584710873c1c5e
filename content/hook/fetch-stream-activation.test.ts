import { afterEach, describe, expect, test } from 'vitest';
import { patchFetch } from './fetch-streams';
import { createFunctionMask, type FunctionMask } from './function-mask';
import { captureNatives } from './natives';
import { createStackCapture } from './stack-trace';

let mask: FunctionMask | null = null;
afterEach(() => mask?.restoreAll());

/** The real fetch patch over a fake `win.fetch`, counting `onStream` (install.ts: activate). */
function setup(respond: () => Response) {
  const natives = captureNatives(globalThis);
  mask = createFunctionMask(natives, Function.prototype);
  const seen = { streams: 0 };
  let nextId = 1;
  const win = {
    fetch: (_input: unknown, _init?: unknown) => Promise.resolve(respond()),
  } as unknown as typeof globalThis;
  Object.setPrototypeOf(win, globalThis);
  patchFetch({
    win,
    natives,
    mask,
    allocateId: () => nextId++,
    emit: () => {},
    resize: () => {},
    wake: () => {},
    now: () => 1,
    redact: (url) => url,
    formatStack: () => 'stack',
    dataCap: () => 100,
    lineage: () => null,
    stacks: createStackCapture(natives, { take: () => true }),
    onStream: () => {
      seen.streams++;
      return true;
    },
    internalError: () => {
      throw new Error('internal error');
    },
  });
  return { win, seen };
}

describe('fetch streams and the patches that wait for one', () => {
  test('an ordinary fetch response does not ask for them', async () => {
    const { win, seen } = setup(
      () => new Response('{"a":1}', { headers: { 'content-type': 'application/json' } }),
    );
    await win.fetch('/x');
    expect(seen.streams).toBe(0);
  });

  test('an event-stream response asks before the page gets it', async () => {
    const { win, seen } = setup(
      () => new Response('data: a\n\n', { headers: { 'content-type': 'text/event-stream' } }),
    );
    const res = await win.fetch('/events');
    expect(seen.streams).toBe(1);
    expect(await res.text()).toBe('data: a\n\n');
  });
});

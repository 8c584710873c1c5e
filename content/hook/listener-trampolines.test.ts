import { describe, expect, test } from 'vitest';
import { createListenerTrampolines } from './listener-trampolines';
import { captureNatives } from './natives';

function setUp(
  count: (target: unknown, event: Event, type: string) => void = () => {},
  lifecycle: (target: unknown, event: Event, type: string) => void = () => {},
) {
  let internalErrors = 0;
  const trampolines = createListenerTrampolines({
    natives: captureNatives(globalThis),
    count,
    lifecycle,
    internalError: () => {
      internalErrors++;
    },
  });
  return { trampolines, internalErrors: () => internalErrors };
}

const event = new Event('message');

describe('listener trampolines', () => {
  test('count first, then call the page listener with the same this and event', () => {
    const calls: string[] = [];
    const { trampolines } = setUp((target, e, type) =>
      calls.push(`count:${String(target)}:${String(e === event)}:${type}`),
    );
    const listener = function (this: unknown, e: Event): void {
      calls.push(`page:${String(this)}:${String(e === event)}`);
    };
    trampolines.wrap(listener, 'message').call('es', event);
    expect(calls).toEqual(['count:es:true:message', 'page:es:true']);
  });

  test('one trampoline per listener and type, mapped back to the original', () => {
    const { trampolines } = setUp();
    const listener = (): void => {};
    const a = trampolines.wrap(listener, 'message');
    expect(trampolines.wrap(listener, 'message')).toBe(a);
    expect(trampolines.wrap(listener, 'tick')).not.toBe(a);
    expect(trampolines.existing(listener, 'message')).toBe(a);
    expect(trampolines.existing(listener, 'other')).toBeUndefined();
    expect(trampolines.original(a)).toBe(listener);
    expect(trampolines.original(listener)).toBe(listener);
    expect(trampolines.original(null)).toBeNull();
  });

  test("the page's exception leaves the trampoline unchanged (the browser reports it)", () => {
    const { trampolines, internalErrors } = setUp();
    const boom = new RangeError('page bug');
    const wrapped = trampolines.wrap(() => {
      throw boom;
    }, 'message');
    expect(() => wrapped.call(null, event)).toThrow(boom);
    expect(internalErrors()).toBe(0);
  });

  test('return values pass through (an onmessage returning false cancels natively)', () => {
    const { trampolines } = setUp();
    expect(trampolines.wrap(() => false, 'message').call(null, event)).toBe(false);
  });

  test('a failure of our counting is counted and the page listener still runs', () => {
    const { trampolines, internalErrors } = setUp(() => {
      throw new Error('ours');
    });
    const seen: Event[] = [];
    trampolines.wrap((e: Event) => seen.push(e), 'message').call(null, event);
    expect(seen).toEqual([event]);
    expect(internalErrors()).toBe(1);
  });

  test('listener objects: handleEvent read at each call, this is the object, non-callable ignored', () => {
    const { trampolines } = setUp();
    const seen: unknown[] = [];
    const object: { handleEvent: unknown } = {
      handleEvent(this: unknown) {
        seen.push(this);
      },
    };
    const wrapped = trampolines.wrap(object, 'message');
    wrapped.call('es', event);
    object.handleEvent = 42;
    expect(wrapped.call('es', event)).toBeUndefined();
    object.handleEvent = () => seen.push('replaced');
    wrapped.call('es', event);
    expect(seen).toEqual([object, 'replaced']);
  });

  test('onopen/onerror handler trampolines report to lifecycle, message ones to count; originals map back', () => {
    const calls: string[] = [];
    const { trampolines } = setUp(
      (_t, _e, type) => calls.push(`count:${type}`),
      (_t, _e, type) => calls.push(`lifecycle:${type}`),
    );
    const onerror = () => calls.push('page');
    const trampoline = trampolines.handler(onerror, 'error');
    trampoline.call('es', new Event('error'));
    trampolines.handler(() => {}, 'open').call('es', new Event('open'));
    trampolines.handler(() => {}, 'message').call('es', event);
    expect(calls).toEqual(['lifecycle:error', 'page', 'lifecycle:open', 'count:message']);
    expect(trampolines.original(trampoline)).toBe(onerror);
    // A handler slot gets a fresh trampoline each time (no reuse needed).
    expect(trampolines.handler(onerror, 'error')).not.toBe(trampoline);
  });
});

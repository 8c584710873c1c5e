// @vitest-environment jsdom
import { afterEach, beforeEach, expect, test } from 'vitest';
import { isHookRecord } from '../../src/protocol/guards';
import type { FakeEventSource } from './testing/fake-event-source';
import { setUpHook, type HookFixture } from './testing/hook-fixture';

let fx: HookFixture;
beforeEach(() => {
  fx = setUpHook();
});
afterEach(() => {
  fx.teardown();
});

const open = (): FakeEventSource =>
  new (window.EventSource as unknown as typeof FakeEventSource)('/v1/events/sse');

test('a sample is marked own only when its event changed lastEventId, across flushes too', () => {
  fx.attach();
  const es = open();
  es.onmessage = () => {};
  es.simulateOpen();
  es.simulateMessage('no id yet');
  es.simulateMessage('with id', { lastEventId: '7' });
  // No `id:` field: the browser keeps the previous last event ID on the event.
  es.simulateMessage('inherits 7', { lastEventId: '7' });
  fx.tick();
  es.simulateMessage('still 7', { lastEventId: '7' });
  es.simulateMessage('new id', { lastEventId: '8' });
  fx.tick();
  const samples = fx.recordsOf('msgs').flatMap((r) => r.recent);
  expect(samples.map((s) => [s.data, s.id, s.own])).toEqual([
    ['no id yet', '', false],
    ['with id', '7', true],
    ['inherits 7', '7', false],
    ['still 7', '7', false],
    ['new id', '8', true],
  ]);
  expect(fx.recordsOf('msgs').every((r) => isHookRecord(r))).toBe(true);
});

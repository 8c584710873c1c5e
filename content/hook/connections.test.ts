// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { isHookRecord } from '../../src/protocol/guards';
import { LIMITS } from '../../src/protocol/limits';
import { MAX_CONNECTIONS } from './connection-list';
import { DATA_READS_PER_INTERVAL, SAMPLES_PER_INTERVAL } from './traffic-interval';
import { STACK_NOOP_CLOSE, STACK_NOT_CAPTURED } from './stack-trace';
import type { FakeEventSource } from './testing/fake-event-source';
import { setUpHook, type HookFixture } from './testing/hook-fixture';

let fx: HookFixture;
beforeEach(() => {
  fx = setUpHook();
});
afterEach(() => {
  fx.teardown();
});

const open = (url = '/v1/events/sse?token=tok-x', init?: EventSourceInit): FakeEventSource =>
  new (window.EventSource as unknown as typeof FakeEventSource)(url, init);

describe('records per connection', () => {
  test('the session starts with a hello record', () => {
    fx.attach();
    open('/v1/events/sse');
    expect(fx.records()[0]).toMatchObject({ k: 'hello', seq: 1, top: true, hookVersion: '1.0.0' });
  });

  test('a construction emits conn with the absolute, redacted URL and credentials flag', () => {
    fx.attach();
    open('/v1/events/sse?token=tok-x&ACCESS_TOKEN=y&auth=z&keep=1#frag', { withCredentials: true });
    fx.tick();
    expect(fx.recordsOf('conn')).toEqual([
      expect.objectContaining({
        id: 1,
        url: 'http://localhost:3000/v1/events/sse?token=[redacted]&ACCESS_TOKEN=[redacted]&auth=[redacted]&keep=1#frag',
        withCredentials: true,
      }),
    ]);
  });

  test('the construction stack starts at the page frame, without hook frames', () => {
    fx.attach();
    function createdByApp(): void {
      new (window.EventSource as unknown as typeof FakeEventSource)('/s');
    }
    createdByApp();
    fx.tick();
    const stack = fx.recordsOf('conn')[0]?.stack ?? '';
    expect(stack.split('\n')[0]).toMatch(/^at createdByApp \(.*connections\.test\.ts:\d+:\d+\)$/);
    expect(stack).not.toMatch(/content\/hook\/(event-source-patch|install|connections)\.ts/);
  });

  test('open, error (with readyState) and close (with stack and prior readyState) are recorded', () => {
    fx.attach();
    const es = open();
    es.simulateOpen();
    es.simulateError(0);
    es.close();
    fx.tick();
    const kinds = fx.records().filter((r) => r.k !== 'hello');
    expect(kinds.map((r) => r.k)).toEqual(['conn', 'open', 'error', 'close']);
    expect(fx.recordsOf('error').map((r) => r.readyState)).toEqual([0]);
    expect(fx.recordsOf('close')[0]).toMatchObject({ id: 1, readyState: 0 });
    expect(fx.recordsOf('close')[0]?.stack).toMatch(/^at .*connections\.test\.ts/);
    expect(fx.api.connections()[0]).toMatchObject({ state: 'closed', closedBy: 'page' });
  });

  test('close() after the browser closed the source is recorded, without a stack (it is a no-op)', () => {
    fx.attach();
    const es = open();
    es.simulateError(2);
    es.close();
    fx.tick();
    expect(fx.recordsOf('close')).toEqual([
      expect.objectContaining({ id: 1, readyState: 2, stack: STACK_NOOP_CLOSE }),
    ]);
    expect(fx.api.connections()[0]).toMatchObject({ state: 'closed', closedBy: 'browser' });
    // No stack budget spent on it either.
    expect(fx.api.stats().unsampledStacks).toBe(0);
  });

  test('close() in the task that constructed it says the request was never sent; later, not', async () => {
    fx.attach();
    const first = open();
    first.addEventListener('message', () => {});
    const second = open();
    // A StrictMode double mount's cleanup, in the same task: the browser had not started either.
    first.close();
    await Promise.resolve();
    await Promise.resolve();
    // Past the task's microtask checkpoint: the browser's connect task may have run.
    second.close();
    fx.tick();
    const closes = fx.recordsOf('close');
    expect(closes.map((r) => [r.id, r.unsent])).toEqual([
      [1, true],
      [2, undefined],
    ]);
  });

  test('close() by the page on an open connection is closedBy page', () => {
    const es = open();
    es.simulateOpen();
    es.close();
    expect(fx.api.connections()[0]).toMatchObject({
      state: 'closed',
      closedBy: 'page',
      readyState: 2,
    });
  });

  test('messages are aggregated into one msgs record per flush, not one record per message', () => {
    fx.attach();
    const es = open();
    es.onmessage = () => {};
    es.addEventListener('order', () => {});
    es.simulateOpen();
    es.simulateMessage('a', { lastEventId: '1' });
    es.simulateMessage('bb', { lastEventId: '2' });
    es.simulateMessage('ccc', { type: 'order', lastEventId: '3' });
    fx.tick();
    const msgs = fx.recordsOf('msgs');
    expect(msgs).toHaveLength(1);
    expect(msgs[0]).toMatchObject({
      id: 1,
      count: 3,
      bytes: 6,
      byType: { message: 2, order: 1 },
      lastEventId: '3',
      skipped: 0,
    });
    expect(msgs[0]?.recent.map((s) => [s.type, s.id, s.data])).toEqual([
      ['message', '1', 'a'],
      ['message', '2', 'bb'],
      ['order', '3', 'ccc'],
    ]);
    es.simulateMessage('later');
    fx.tick();
    expect(fx.recordsOf('msgs')[1]).toMatchObject({ count: 1, byType: { message: 1 } });
  });

  test('a flood past the read budget is counted in full, its size partly estimated', () => {
    fx.attach();
    const es = open();
    es.onmessage = () => {};
    es.simulateOpen();
    const n = DATA_READS_PER_INTERVAL + 50;
    for (let i = 0; i < n; i++) es.simulateMessage(i < DATA_READS_PER_INTERVAL ? 'aaaa' : 'bb');
    expect(fx.api.connections()[0]?.counts).toMatchObject({ messages: n, unmeasured: 30 });
    fx.tick();
    const msgs = fx.recordsOf('msgs');
    expect(msgs).toHaveLength(1);
    // Read: 128 x 4 + the 20 newest samples x 2 (read at flush) = 552 over 148; 30 more at that
    // mean (3.73) = 111.
    expect(msgs[0]).toMatchObject({ count: n, bytes: 552 + 111, unmeasured: 30 });
    expect(msgs[0]?.recent.map((s) => s.data)).toEqual(Array(SAMPLES_PER_INTERVAL).fill('bb'));
    expect(msgs.every(isHookRecord)).toBe(true);
    // The budget is per interval: the next one reads every message again.
    es.simulateMessage('ccc');
    fx.tick();
    expect(fx.recordsOf('msgs')[1]).toMatchObject({ count: 1, bytes: 3 });
    expect(fx.recordsOf('msgs')[1] && 'unmeasured' in fx.recordsOf('msgs')[1]!).toBe(false);
    expect(fx.api.connections()[0]?.counts).toMatchObject({ bytes: 666, unmeasured: 30 });
  });

  test('events are counted only once the page listens to them (no listener, not seen)', () => {
    fx.attach();
    const es = open();
    es.simulateMessage('ignored');
    es.simulateMessage('ignored', { type: 'ping' });
    es.addEventListener('ping', () => {});
    es.simulateMessage('counted', { type: 'ping' });
    es.simulateMessage('still ignored');
    fx.tick();
    expect(fx.recordsOf('msgs')).toHaveLength(1);
    expect(fx.recordsOf('msgs')[0]).toMatchObject({ count: 1, byType: { ping: 1 } });
  });

  test('an event reaching several page listeners is counted once', () => {
    fx.attach();
    const es = open();
    es.onmessage = () => {};
    es.addEventListener('message', () => {});
    es.addEventListener('message', { handleEvent() {} });
    es.simulateMessage('one');
    es.simulateMessage('two');
    fx.tick();
    expect(fx.recordsOf('msgs')[0]).toMatchObject({ count: 2, byType: { message: 2 } });
  });

  test('a close() inside the first listener does not make the next listener count again', () => {
    fx.attach();
    const es = open();
    es.addEventListener('message', () => es.close());
    es.addEventListener('message', () => {});
    es.simulateMessage('last');
    fx.tick();
    expect(fx.recordsOf('msgs').map((r) => r.count)).toEqual([1]);
  });

  test('one listener function on two connections counts for each', () => {
    fx.attach();
    const a = open('/a');
    const b = open('/b');
    const shared = (): void => {};
    a.addEventListener('message', shared);
    b.addEventListener('message', shared);
    a.simulateMessage('x');
    b.simulateMessage('y');
    b.simulateMessage('z');
    fx.tick();
    expect(fx.recordsOf('msgs').map((r) => [r.id, r.count])).toEqual([
      [1, 1],
      [2, 2],
    ]);
  });

  test('samples keep the newest, truncate data to dataCap at flush and count the skipped', () => {
    fx.attach({}, { dataCap: 3 });
    const es = open();
    es.addEventListener('message', () => {});
    for (let i = 0; i < SAMPLES_PER_INTERVAL + 5; i++) es.simulateMessage(`data-${i}`);
    fx.tick();
    const msgs = fx.recordsOf('msgs')[0];
    expect(msgs?.count).toBe(SAMPLES_PER_INTERVAL + 5);
    expect(msgs?.skipped).toBe(5);
    expect(msgs?.recent).toHaveLength(SAMPLES_PER_INTERVAL);
    expect(msgs?.recent[0]).toMatchObject({ data: 'dat', cut: true, size: 6 });
    expect(msgs?.recent.at(-1)?.size).toBe(`data-${SAMPLES_PER_INTERVAL + 4}`.length);
  });

  test('traffic is flushed before a lifecycle record of the same connection', () => {
    fx.attach();
    const es = open();
    es.onmessage = () => {};
    es.simulateMessage('before error');
    es.simulateError(0);
    fx.tick();
    expect(
      fx
        .records()
        .map((r) => r.k)
        .slice(-2),
    ).toEqual(['msgs', 'error']);
  });

  test('listen is recorded the first time per type, on* setters included', () => {
    fx.attach();
    const es = open();
    es.onmessage = () => {};
    es.addEventListener('message', () => {});
    es.addEventListener('order', () => {});
    es.onerror = () => {};
    es.onopen = null;
    es.addEventListener('order', { handleEvent() {} });
    fx.tick();
    expect(fx.recordsOf('listen').map((r) => r.type)).toEqual(['message', 'order', 'error']);
    expect(fx.api.connections()[0]?.listening).toEqual(['message', 'order', 'error']);
  });

  test('annotate emits a capped annotate record for a known connection only', () => {
    fx.attach();
    const es = open();
    expect(
      fx.api.annotate(es, { client: 'sse-client', marker: 0.5, reason: 'x'.repeat(1000) }),
    ).toBe(true);
    expect(fx.api.annotate({}, { client: 'nope' })).toBe(false);
    expect(
      fx.api.annotate(es, {
        get client(): string {
          throw new Error('hostile');
        },
      }),
    ).toBe(true);
    fx.tick();
    const [first, second] = fx.recordsOf('annotate');
    expect(first).toMatchObject({ id: 1, client: 'sse-client', marker: '0.5' });
    expect(first?.reason).toHaveLength(LIMITS.maxLabel);
    expect(second).toMatchObject({ client: '[unreadable]', marker: '', reason: '' });
    expect(fx.api.connections()[0]?.annotation).toEqual({
      client: '[unreadable]',
      marker: '',
      reason: '',
    });
  });

  test('every posted record passes the protocol guard', () => {
    fx.attach();
    const es = open();
    es.addEventListener('x'.repeat(400), () => {});
    es.onmessage = () => {};
    es.simulateOpen();
    es.simulateMessage('m', { lastEventId: 'i'.repeat(400) });
    es.simulateMessage('n', { type: 'x'.repeat(400) });
    es.simulateError(2);
    es.close();
    fx.api.annotate(es, { client: 'c' });
    fx.tick();
    const bad = fx.records().filter((r) => !isHookRecord(r));
    expect(bad).toEqual([]);
    expect(fx.records().length).toBeGreaterThan(6);
  });

  test('connections() returns plain copies with counts including the unflushed interval', () => {
    const es = open();
    es.onmessage = () => {};
    es.simulateOpen();
    es.simulateMessage('abc');
    const [snapshot] = fx.api.connections();
    expect(snapshot).toMatchObject({
      id: 1,
      url: 'http://localhost:3000/v1/events/sse?token=[redacted]',
      state: 'open',
      counts: { messages: 1, bytes: 3, opens: 1, errors: 0, byType: { message: 1 } },
      parent: null,
      annotation: null,
    });
    expect(Object.getPrototypeOf(snapshot)).toBe(Object.prototype);
    snapshot!.counts.byType.message = 99;
    expect(fx.api.connections()[0]?.counts.byType.message).toBe(1);
  });

  test('redaction follows the settings pushed by the relay', () => {
    fx.attach({}, { redactParams: ['Session'] });
    open('/s?session=1&token=2');
    fx.tick();
    expect(fx.recordsOf('conn')[0]?.url).toBe('http://localhost:3000/s?session=[redacted]&token=2');
  });
});

describe('deferred part of a construction', () => {
  const opensSeen = (): number | undefined => fx.api.connections()[0]?.counts.opens;

  test("a source closed in the task that made it never gets the hook's listeners, yet is fully recorded", async () => {
    fx.attach();
    const es = open('/gone?token=t', { withCredentials: true });
    es.close();
    await Promise.resolve();
    es.simulateBrowserEvent('open');
    expect(opensSeen()).toBe(0);
    fx.tick();
    expect(fx.recordsOf('conn')[0]).toMatchObject({
      url: 'http://localhost:3000/gone?token=[redacted]',
      withCredentials: true,
    });
    expect(fx.recordsOf('conn')[0]?.stack).toMatch(/connections\.test\.ts/);
    expect(fx.recordsOf('close')[0]?.stack).toMatch(/connections\.test\.ts/);
  });

  test('a live source gets them at the microtask checkpoint, before any event task', async () => {
    const es = open();
    await Promise.resolve();
    es.simulateBrowserEvent('open');
    expect(fx.api.connections()[0]).toMatchObject({ state: 'open', counts: { opens: 1 } });
  });

  test("the page's first listener makes the hook's go first, so ours run before the page's", () => {
    const es = open();
    const order: string[] = [];
    es.onerror = () =>
      order.push(`page sees ${fx.api.connections()[0]?.counts.errors} error(s) recorded`);
    es.simulateBrowserEvent('error');
    expect(order).toEqual(['page sees 1 error(s) recorded']);
  });

  test('an addEventListener error listener also gets ours first', () => {
    const es = open();
    const order: string[] = [];
    es.addEventListener('error', () =>
      order.push(`page sees ${fx.api.connections()[0]?.counts.errors} error(s) recorded`),
    );
    es.simulateBrowserEvent('error');
    expect(order).toEqual(['page sees 1 error(s) recorded']);
  });

  test('onerror and onopen report through their trampolines: each event recorded once, getters unchanged', async () => {
    fx.attach();
    const es = open();
    const onerror = () => {};
    const onopen = function named() {};
    es.onerror = onerror;
    es.onopen = onopen;
    await Promise.resolve();
    // A second page listener for the same type: ours is added before it; still one record.
    es.addEventListener('error', () => {});
    es.simulateBrowserEvent('open');
    es.simulateBrowserEvent('error', 0);
    es.simulateBrowserEvent('error', 2);
    fx.tick();
    expect(
      fx
        .records()
        .filter((r) => r.k === 'open' || r.k === 'error')
        .map((r) => r.k),
    ).toEqual(['open', 'error', 'error']);
    expect(fx.api.connections()[0]).toMatchObject({
      counts: { opens: 1, errors: 2 },
      state: 'closed',
      closedBy: 'browser',
    });
    expect(es.onerror).toBe(onerror);
    expect(es.onopen).toBe(onopen);
  });

  test('clearing onerror keeps errors observed (our own listener takes over)', async () => {
    const es = open();
    es.onerror = () => {};
    await Promise.resolve();
    es.onerror = null;
    expect(es.onerror).toBeNull();
    es.simulateBrowserEvent('error', 0);
    expect(fx.api.connections()[0]?.counts.errors).toBe(1);
  });

  test('a non-function onerror clears the slot the same way', async () => {
    const es = open();
    es.onerror = () => {};
    await Promise.resolve();
    (es as unknown as { onerror: unknown }).onerror = { handleEvent() {} };
    es.simulateBrowserEvent('error', 0);
    expect(fx.api.connections()[0]?.counts.errors).toBe(1);
  });

  test('a synthetic event dispatched right after construction is recorded', () => {
    const es = open();
    es.simulateOpen();
    expect(fx.api.connections()[0]).toMatchObject({ state: 'open', counts: { opens: 1 } });
  });

  test('records keep their true size: stacks shorter than the estimate free buffer space', () => {
    fx.attach();
    for (let i = 0; i < 10; i++) open(`/s?i=${i}`).close();
    const before = fx.api.stats().bufferedBytes;
    fx.tick();
    expect(fx.api.stats().bufferedBytes).toBeLessThan(before);
  });
});

describe('the connection list is bounded', () => {
  test('past MAX_CONNECTIONS the oldest closed connections are forgotten, live ones kept', async () => {
    const failed = open('/failed');
    await Promise.resolve();
    failed.simulateBrowserEvent('error', 2);
    const reopened = open('/reopened');
    for (let i = 0; i < MAX_CONNECTIONS - 1; i++) open(`/c?i=${i}`).close();
    const ids = fx.api.connections().map((c) => c.id);
    expect(ids).toHaveLength(MAX_CONNECTIONS / 2);
    // id 1 was closed by the browser (an error with readyState 2): forgotten first.
    expect(ids.slice(0, 2)).toEqual([2, 2 + MAX_CONNECTIONS / 2 + 1]);
    expect(reopened.readyState).toBe(0);
  });
});

describe('construction stacks under storms', () => {
  test('a legacy storm of 1 000 connections in 10 s keeps every construction and close stack', () => {
    fx.attach();
    for (let i = 0; i < 1000; i++) {
      open(`/storm?i=${i}`).close();
      fx.tick(10);
    }
    const stacks = [...fx.recordsOf('conn'), ...fx.recordsOf('close')].map((r) => r.stack);
    expect(stacks).toHaveLength(2000);
    expect(stacks.filter((s) => s === STACK_NOT_CAPTURED)).toEqual([]);
    expect(fx.api.stats().unsampledStacks).toBe(0);
  });

  test('only a pathological burst is sampled, and the unsampled are counted', () => {
    fx.attach();
    for (let i = 0; i < 1500; i++) open(`/burst?i=${i}`);
    fx.tick();
    const conns = fx.recordsOf('conn');
    const missing = conns.filter((r) => r.stack === STACK_NOT_CAPTURED).length;
    expect(conns.slice(0, 1000).every((r) => r.stack !== STACK_NOT_CAPTURED)).toBe(true);
    expect(missing).toBeGreaterThan(0);
    expect(fx.api.stats().unsampledStacks).toBe(missing);
  });
});

import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { defaultTimers } from '../shared/timers';
import { createReconnectWait, type ReconnectWaitDeps } from './reconnect-wait';
import { createFakeOnline } from './testing/fake-event-source';

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

function setup(online: ReconnectWaitDeps['online']) {
  const reports: string[] = [];
  const changed = vi.fn();
  const wait = createReconnectWait({
    timers: defaultTimers,
    online,
    report: (_level, text) => reports.push(text),
    devLog: () => undefined,
    onChanged: changed,
  });
  return { wait, reports, changed };
}

describe('the one reconnect wait', () => {
  test('a second schedule while one is pending is refused: one timer, one fire', () => {
    const { wait } = setup(createFakeOnline(true));
    const fire = vi.fn();
    expect(wait.schedule('first', () => 100, fire)).toBe(true);
    expect(wait.schedule('second', () => 0, fire)).toBe(false);
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(100);
    expect(fire).toHaveBeenCalledExactlyOnceWith('timer');
    expect(wait.pending()).toBeNull();
  });

  test('the delay is computed only when a timer really starts (one backoff step per timer)', () => {
    const { wait } = setup(createFakeOnline(true));
    const delay = vi.fn(() => 10);
    wait.schedule('a', delay, () => undefined);
    wait.schedule('b', delay, () => undefined);
    expect(delay).toHaveBeenCalledTimes(1);
  });

  test('offline, it waits for the online event instead of a timer', () => {
    const online = createFakeOnline(false);
    const { wait } = setup(online);
    const fire = vi.fn();
    wait.schedule('drop', () => 100, fire);
    expect(wait.pending()).toBe('online');
    expect(vi.getTimerCount()).toBe(0);
    online.goOnline();
    expect(fire).toHaveBeenCalledExactlyOnceWith('online');
  });

  test('a timer that fires offline becomes the wait for online, still only one', () => {
    const online = createFakeOnline(true);
    const { wait, changed } = setup(online);
    const fire = vi.fn();
    wait.schedule('drop', () => 100, fire);
    online.goOffline();
    vi.advanceTimersByTime(100);
    expect(fire).not.toHaveBeenCalled();
    expect(wait.pending()).toBe('online');
    expect(changed).toHaveBeenCalledTimes(1);
    expect(wait.schedule('again', () => 0, fire)).toBe(false);
    online.goOnline();
    expect(fire).toHaveBeenCalledExactlyOnceWith('online');
  });

  test('when online.subscribe throws it falls back to one timer, and still refuses a second', () => {
    const { wait, reports } = setup({
      isOnline: () => false,
      subscribe: () => {
        throw new Error('no online events here');
      },
    });
    const fire = vi.fn();
    wait.schedule('drop', () => 50, fire);
    expect(reports).toEqual(['online.subscribe() threw; retrying on a timer instead']);
    expect(wait.pending()).toBe('timer');
    expect(wait.schedule('again', () => 0, fire)).toBe(false);
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(50);
    expect(fire).toHaveBeenCalledExactlyOnceWith('timer');
  });

  test('clear() cancels the timer or the online listener, and nothing fires', () => {
    const online = createFakeOnline(false);
    const { wait } = setup(online);
    const fire = vi.fn();
    wait.schedule('drop', () => 100, fire);
    wait.clear();
    online.goOnline();
    expect(wait.pending()).toBeNull();
    expect(fire).not.toHaveBeenCalled();
  });
});

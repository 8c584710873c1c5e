import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import {
  createFakeMessageEvents,
  createFakeRuntimeMessenger,
} from '../../src/messaging/testing/fake-one-shot';
import { createFakeConnector } from '../../src/messaging/testing/fake-port';
import { createFakeWindow } from '../../src/messaging/testing/fake-window';
import { defaultTimers } from '../../src/shared/timers';
import { envelope, isRelayCensus, isRelayToPage } from '../../src/protocol';
import { createCensusResponder, type CensusSource } from '../hook/census';
import { CENSUS_ANSWER_MS, createRelay } from './create-relay';

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

/**
 * A dormant relay (nobody watches its tab) wired to the hook's real census responder over a
 * fake window: the two sides of the page ↔ relay hop in one test.
 */
async function setup(connections: CensusSource[], { withHook = true } = {}) {
  const win = createFakeWindow();
  const messenger = createFakeRuntimeMessenger(() => ({ watched: false }));
  const oneShot = createFakeMessageEvents();
  const relay = createRelay({
    win,
    connect: (name) => createFakeConnector().connect(name),
    messenger,
    messages: oneShot,
    isContextValid: () => true,
    protocolOf: (origin) => (origin === 'http://a.test' ? 'http/1.1' : ''),
    timers: defaultTimers,
    now: () => Date.now(),
    random: () => 1,
  });
  await vi.advanceTimersByTimeAsync(0);
  if (withHook) {
    const answer = createCensusResponder({
      connections: () => connections,
      post: (message) => win.pageScriptPost(message),
      now: () => Date.now(),
    });
    win.addEventListener('message', (event: MessageEvent) => {
      const data: unknown = event.data;
      if (isRelayToPage(data) && data.kind === 'relay:census-request') answer(data.round);
    });
  }
  /** What the relay reported to the worker (runtime.sendMessage), hello excluded. */
  const reports = () => messenger.sent.filter(isRelayCensus);
  return { win, relay, oneShot, reports };
}

describe('relay: socket census', () => {
  test('a dormant relay asks its hook and reports live connections per origin with the protocol', async () => {
    const { relay, oneShot, reports } = await setup([
      { url: 'http://a.test/events?x=1', readyState: 1 },
      { url: 'http://a.test/other', readyState: 0 },
      { url: 'http://a.test/gone', readyState: 2 },
      { url: 'https://b.test:8443/s', readyState: 1 },
    ]);
    expect(relay.status).toBe('dormant');
    oneShot.dispatch(envelope('bg:census-request', { round: 7 }));
    await vi.advanceTimersByTimeAsync(0);
    expect(reports()).toEqual([
      envelope('relay:census', {
        round: 7,
        hosts: [
          { origin: 'http://a.test', live: 2, protocol: 'http/1.1' },
          { origin: 'https://b.test:8443', live: 1, protocol: '' },
        ],
      }),
    ]);
    expect(relay.rejected()).toEqual({});
  });

  test('a page:census nobody asked for is refused and counted, not reported', async () => {
    const { win, relay, reports } = await setup([]);
    win.pageScriptPost(
      envelope('page:census', { round: 1, hosts: [{ origin: 'http://a.test', live: 999 }] }),
    );
    await vi.advanceTimersByTimeAsync(0);
    expect(reports()).toEqual([]);
    expect(relay.rejected()).toEqual({ census: 1 });
  });

  test('an answer to another round, or a malformed one, is refused', async () => {
    const { win, relay, oneShot, reports } = await setup([], { withHook: false });
    oneShot.dispatch(envelope('bg:census-request', { round: 3 }));
    win.pageScriptPost(envelope('page:census', { round: 2, hosts: [] }));
    win.pageScriptPost(
      envelope('page:census', { round: 3, hosts: [{ origin: 'not an origin', live: 1 }] }),
    );
    win.pageScriptPost(
      envelope('page:census', { round: 3, hosts: [{ origin: 'http://a.test', live: -1 }] }),
    );
    await vi.advanceTimersByTimeAsync(0);
    expect(reports()).toEqual([]);
    expect(relay.rejected()).toEqual({ census: 3 });
    // The valid answer of the round still counts after the forged ones.
    win.pageScriptPost(
      envelope('page:census', { round: 3, hosts: [{ origin: 'http://a.test', live: 4 }] }),
    );
    await vi.advanceTimersByTimeAsync(0);
    expect(reports()).toHaveLength(1);
  });

  test('without an answer within the wait the frame is left out, and a late answer refused', async () => {
    const { win, relay, oneShot, reports } = await setup([], { withHook: false });
    oneShot.dispatch(envelope('bg:census-request', { round: 1 }));
    await vi.advanceTimersByTimeAsync(CENSUS_ANSWER_MS);
    win.pageScriptPost(envelope('page:census', { round: 1, hosts: [] }));
    await vi.advanceTimersByTimeAsync(0);
    expect(reports()).toEqual([]);
    expect(relay.rejected()).toEqual({ census: 1 });
  });

  test('the hook answers at most once per gap, so forged requests cannot make it loop', async () => {
    const { win, oneShot, reports } = await setup([{ url: 'http://a.test/s', readyState: 1 }]);
    oneShot.dispatch(envelope('bg:census-request', { round: 1 }));
    // A page script forging requests right after: the hook stays quiet.
    for (let i = 0; i < 5; i++) win.pageScriptPost(envelope('relay:census-request', { round: 1 }));
    await vi.advanceTimersByTimeAsync(0);
    expect(reports()).toHaveLength(1);
  });
});

import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import {
  createFakeMessageEvents,
  createFakeRuntimeMessenger,
} from '../../src/messaging/testing/fake-one-shot';
import { createFakeConnector } from '../../src/messaging/testing/fake-port';
import { createFakeWindow } from '../../src/messaging/testing/fake-window';
import { defaultTimers } from '../../src/shared/timers';
import {
  CENSUS_ANSWER_EVENT,
  CENSUS_REQUEST_EVENT,
  envelope,
  isRelayCensus,
} from '../../src/protocol';
import { listenForCensus, type CensusSource } from '../hook/census';
import { captureNatives } from '../hook/natives';
import { createDomCensusChannel, MAX_CENSUS_JSON } from './census-channel';
import { CENSUS_ANSWER_MS, createRelay } from './create-relay';

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

/**
 * A dormant relay (nobody watches its tab) wired to the hook's real census listener through real
 * DOM events on one EventTarget (Node's own): both sides of the hook ⇄ relay hop in one test.
 */
async function setup(connections: CensusSource[], { withHook = true } = {}) {
  const win = createFakeWindow();
  const dom = Object.assign(new EventTarget(), { EventTarget, CustomEvent });
  /** What a page's `message` listener would see: nothing of the census may arrive there. */
  const pageMessages: unknown[] = [];
  win.addEventListener('message', (event: MessageEvent) => pageMessages.push(event.data));
  const messenger = createFakeRuntimeMessenger(() => ({ watched: false }));
  const oneShot = createFakeMessageEvents();
  const relay = createRelay({
    win,
    connect: (name) => createFakeConnector().connect(name),
    messenger,
    messages: oneShot,
    isContextValid: () => true,
    census: createDomCensusChannel(dom),
    protocolOf: (origin) => (origin === 'http://a.test' ? 'http/1.1' : ''),
    timers: defaultTimers,
    now: () => Date.now(),
    random: () => 1,
  });
  await vi.advanceTimersByTimeAsync(0);
  if (withHook) {
    listenForCensus({
      win: dom as unknown as typeof globalThis,
      target: dom,
      natives: captureNatives(globalThis),
      addListener: EventTarget.prototype.addEventListener,
      connections: () => connections,
      now: () => Date.now(),
      internalError: () => {
        throw new Error('internal error in the census listener');
      },
    });
  }
  /** A page script dispatching an answer of our type. */
  const forgeAnswer = (detail: unknown) =>
    dom.dispatchEvent(new CustomEvent(CENSUS_ANSWER_EVENT, { detail }));
  const forgeRequest = (round: unknown) =>
    dom.dispatchEvent(new CustomEvent(CENSUS_REQUEST_EVENT, { detail: round }));
  /** What the relay reported to the worker (runtime.sendMessage), hello excluded. */
  const reports = () => messenger.sent.filter(isRelayCensus);
  return { win, dom, relay, oneShot, reports, forgeAnswer, forgeRequest, pageMessages };
}

describe('relay: socket census', () => {
  test('a dormant relay asks its hook and reports live connections per origin with the protocol', async () => {
    const { relay, oneShot, reports, pageMessages } = await setup([
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
    // Nothing went through window.postMessage: the page's message listeners saw nothing.
    expect(pageMessages).toEqual([]);
  });

  test('a page:census nobody asked for is refused and counted, not reported', async () => {
    const { relay, reports, forgeAnswer } = await setup([]);
    forgeAnswer(
      JSON.stringify(
        envelope('page:census', { round: 1, hosts: [{ origin: 'http://a.test', live: 999 }] }),
      ),
    );
    await vi.advanceTimersByTimeAsync(0);
    expect(reports()).toEqual([]);
    expect(relay.rejected()).toEqual({ census: 1 });
  });

  test('an answer to another round, not JSON, or malformed, is refused', async () => {
    const { relay, oneShot, reports, forgeAnswer } = await setup([], { withHook: false });
    const answer = (round: number, hosts: unknown[]) =>
      forgeAnswer(JSON.stringify(envelope('page:census', { round, hosts })));
    oneShot.dispatch(envelope('bg:census-request', { round: 3 }));
    answer(2, []);
    answer(3, [{ origin: 'not an origin', live: 1 }]);
    answer(3, [{ origin: 'http://a.test', live: -1 }]);
    forgeAnswer('{not json');
    forgeAnswer({ round: 3, hosts: [] });
    forgeAnswer('x'.repeat(MAX_CENSUS_JSON + 1));
    await vi.advanceTimersByTimeAsync(0);
    expect(reports()).toEqual([]);
    expect(relay.rejected()).toEqual({ census: 6 });
    // The valid answer of the round still counts after the forged ones.
    answer(3, [{ origin: 'http://a.test', live: 4 }]);
    await vi.advanceTimersByTimeAsync(0);
    expect(reports()).toHaveLength(1);
  });

  test('without an answer within the wait the frame is left out, and a late answer refused', async () => {
    const { relay, oneShot, reports, forgeAnswer } = await setup([], { withHook: false });
    oneShot.dispatch(envelope('bg:census-request', { round: 1 }));
    await vi.advanceTimersByTimeAsync(CENSUS_ANSWER_MS);
    forgeAnswer(JSON.stringify(envelope('page:census', { round: 1, hosts: [] })));
    await vi.advanceTimersByTimeAsync(0);
    expect(reports()).toEqual([]);
    expect(relay.rejected()).toEqual({ census: 1 });
  });

  test('the hook answers at most once per gap and ignores requests that are not a round', async () => {
    const { oneShot, reports, forgeRequest, relay } = await setup([
      { url: 'http://a.test/s', readyState: 1 },
    ]);
    oneShot.dispatch(envelope('bg:census-request', { round: 1 }));
    // A page script forging requests right after: the hook stays quiet, and the relay (its
    // round answered) would refuse any extra answer anyway.
    for (let i = 0; i < 5; i++) forgeRequest(1);
    forgeRequest('1');
    forgeRequest(-1);
    await vi.advanceTimersByTimeAsync(0);
    expect(reports()).toHaveLength(1);
    expect(relay.rejected()).toEqual({});
  });
});

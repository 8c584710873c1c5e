import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import {
  createFakeMessageEvents,
  createFakeRuntimeMessenger,
} from '../../src/messaging/testing/fake-one-shot';
import { createFakeConnector, type FakePort } from '../../src/messaging/testing/fake-port';
import { createFakeWindow } from '../../src/messaging/testing/fake-window';
import type { RuntimeMessenger } from '../../src/messaging/one-shot';
import { defaultTimers } from '../../src/shared/timers';
import {
  DEFAULT_HOOK_SETTINGS,
  envelope,
  LIMITS,
  PROTOCOL_VERSION,
  type HookRecord,
} from '../../src/protocol';
import { createRelay } from './create-relay';
import { helloRecord } from '../../src/protocol/testing/records';

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

const hello = (seq: number): HookRecord => helloRecord(seq);
const batch = (session = 's1', records: HookRecord[] = [hello(1)]) =>
  envelope('page:records', { session, records });
const attach = (cursors: Record<string, number> = {}) =>
  envelope('bg:attach', { cursors, settings: DEFAULT_HOOK_SETTINGS });

const wake = () => envelope('bg:wake', {});

/** Lets the hello's answer (a promise) arrive. */
const answered = async (): Promise<void> => {
  await vi.advanceTimersByTimeAsync(0);
};

/**
 * A relay with in-memory edges. `background.watched` is what the fake background answers to
 * `relay:hello`; most tests start watched (the relay connected), as a relay under a panel is.
 */
async function setup({
  watched = true as unknown,
  helloFails,
  messenger: customMessenger,
}: { watched?: unknown; helloFails?: Error; messenger?: RuntimeMessenger } = {}) {
  const win = createFakeWindow();
  const connector = createFakeConnector();
  const context = { valid: true };
  const hello = { watched, fail: helloFails };
  const messenger = createFakeRuntimeMessenger(() => {
    if (hello.fail) throw hello.fail;
    return { watched: hello.watched };
  });
  const oneShot = createFakeMessageEvents();
  const relay = createRelay({
    win,
    connect: (name) => connector.connect(name),
    messenger: customMessenger ?? messenger,
    messages: oneShot,
    isContextValid: () => context.valid,
    timers: defaultTimers,
    now: () => Date.now(),
    random: () => 1,
  });
  await answered();
  const background = (): FakePort => connector.lastServer!;
  /** What the background received on the current port. */
  const toBackground = (): unknown[] => connector.clients[connector.clients.length - 1]!.sent;
  const toHook = (): unknown[] => win.posted;
  /** `bg:wake` as `tabs.sendMessage` delivers it. */
  const sendWake = (message: unknown = wake()) => oneShot.dispatch(message);
  return {
    win,
    connector,
    context,
    relay,
    background,
    toBackground,
    toHook,
    messenger,
    oneShot,
    hello,
    sendWake,
  };
}

describe('relay: no viewer, no traffic', () => {
  test('starts dormant: says hello once and opens no port while nobody watches the tab', async () => {
    const { connector, relay, messenger } = await setup({ watched: false });
    expect(messenger.sent).toEqual([envelope('relay:hello', {})]);
    expect(relay.status).toBe('dormant');
    vi.advanceTimersByTime(60_000);
    expect(connector.clients).toEqual([]);
    expect(messenger.sent).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  test('connects when bg:wake arrives (a panel attached to the tab)', async () => {
    const { connector, relay, sendWake } = await setup({ watched: false });
    sendWake();
    expect(connector.clients.map((c) => c.name)).toEqual(['relay']);
    expect(relay.status).toBe('connected');
  });

  test('ignores bg:wake while connected', async () => {
    const { connector, sendWake, relay } = await setup();
    sendWake();
    sendWake();
    expect(connector.clients).toHaveLength(1);
    expect(relay.rejected()).toEqual({});
  });

  test('ignores bg:wake while the port is reconnecting (the backoff brings it back)', async () => {
    const { connector, sendWake } = await setup();
    connector.lastServer!.simulateDisconnect();
    sendWake();
    expect(connector.clients).toHaveLength(1);
    vi.advanceTimersByTime(100);
    expect(connector.clients).toHaveLength(2);
  });

  test('bg:detach detaches the hook, closes the port and does not reconnect', async () => {
    const { connector, background, toHook, relay } = await setup();
    background().postMessage(attach());
    background().postMessage(envelope('bg:detach', {}));
    expect(toHook().at(-1)).toEqual(envelope('relay:detach', {}));
    expect(connector.clients[0]!.connected).toBe(false);
    expect(relay.status).toBe('dormant');
    vi.advanceTimersByTime(60_000);
    expect(connector.clients).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  test('a relay put to sleep by bg:detach wakes up again on the next bg:wake', async () => {
    const { connector, background, sendWake, relay } = await setup();
    background().postMessage(envelope('bg:detach', {}));
    sendWake();
    expect(connector.clients).toHaveLength(2);
    expect(relay.status).toBe('connected');
  });

  test('still reconnects with backoff after a dropped port while watched', async () => {
    const { connector, sendWake, relay } = await setup({ watched: false });
    sendWake();
    connector.lastServer!.simulateDisconnect();
    expect(relay.status).toBe('reconnecting');
    vi.advanceTimersByTime(100);
    expect(connector.clients).toHaveLength(2);
    expect(relay.status).toBe('connected');
  });

  test('keeps counting refusals while dormant and sends the totals when it connects', async () => {
    const { win, connector, sendWake, relay } = await setup({ watched: false });
    win.pageScriptPost({ ...batch(), version: 0 });
    win.pageScriptPost({ ...batch(), kind: 'nope' });
    vi.advanceTimersByTime(5000);
    expect(relay.rejected()).toEqual({ version: 1, shape: 1 });
    sendWake();
    expect(connector.clients[0]!.sent).toEqual([
      envelope('relay:stats', { rejected: { version: 1, shape: 1 } }),
    ]);
  });

  test('a hello answer that arrives after the background spoke is stale and ignored', async () => {
    let answer: (value: unknown) => void = () => undefined;
    const messenger: RuntimeMessenger = {
      sendMessage: () => new Promise((resolve) => (answer = resolve)),
    };
    const { connector, sendWake, background, relay } = await setup({ messenger });
    sendWake();
    background().postMessage(envelope('bg:detach', {}));
    answer({ watched: true });
    await answered();
    expect(connector.clients).toHaveLength(1);
    expect(relay.status).toBe('dormant');
  });

  test('a hello nobody answers leaves it dormant and quiet; bg:wake still works', async () => {
    const { connector, relay, sendWake } = await setup({
      helloFails: new Error('Could not establish connection. Receiving end does not exist.'),
    });
    expect(relay.status).toBe('dormant');
    expect(relay.rejected()).toEqual({});
    sendWake();
    expect(connector.clients).toHaveLength(1);
  });

  test('a hello failing with "Extension context invalidated" stops it for good', async () => {
    const { win, oneShot, relay, connector } = await setup({
      helloFails: new Error('Extension context invalidated.'),
    });
    expect(relay.status).toBe('closed');
    expect(win.listenerCount).toBe(0);
    expect(oneShot.handlerCount).toBe(0);
    oneShot.dispatch(wake());
    expect(connector.clients).toEqual([]);
  });

  test('never says hello when the context is already gone', async () => {
    const win = createFakeWindow();
    const messenger = createFakeRuntimeMessenger(() => ({ watched: true }));
    const relay = createRelay({
      win,
      connect: () => {
        throw new Error('unreachable');
      },
      messenger,
      messages: createFakeMessageEvents(),
      isContextValid: () => false,
    });
    await answered();
    expect(messenger.sent).toEqual([]);
    expect(relay.status).toBe('closed');
  });

  test.each([
    ['a non-object', 'yes'],
    ['a non-boolean watched', { watched: 'yes' }],
  ])('counts %s as a hello answer and stays dormant', async (_label, answer) => {
    const { connector, relay } = await setup({
      messenger: createFakeRuntimeMessenger(() => answer),
    });
    expect(relay.rejected()).toEqual({ 'bg-shape': 1 });
    expect(connector.clients).toEqual([]);
  });

  test('counts an invalid one-shot message and does not connect', async () => {
    const { connector, relay, sendWake } = await setup({ watched: false });
    sendWake({ ...wake(), version: 99 });
    sendWake(envelope('bg:attach', { cursors: {}, settings: DEFAULT_HOOK_SETTINGS }));
    expect(connector.clients).toEqual([]);
    expect(relay.rejected()).toEqual({ 'bg-shape': 2 });
  });

  test('a dormant relay restored from the back/forward cache asks again', async () => {
    const { connector, relay, hello, messenger, sendWake } = await setup({ watched: false });
    relay.handlePageHide(true);
    sendWake(); // a cached page stays as it is
    expect(connector.clients).toEqual([]);
    hello.watched = true; // a panel attached while the page was cached
    relay.handlePageShow(true);
    await answered();
    expect(messenger.sent).toHaveLength(2);
    expect(relay.status).toBe('connected');
  });

  test('a relay dormant after bg:detach is not resumed by pageshow unless watched', async () => {
    const { connector, background, relay, hello } = await setup();
    background().postMessage(envelope('bg:detach', {}));
    hello.watched = false;
    relay.handlePageHide(true);
    relay.handlePageShow(true);
    await answered();
    expect(connector.clients).toHaveLength(1);
    expect(relay.status).toBe('dormant');
  });
});

describe('relay: page → background', () => {
  test('connects the "relay" port once the hello says a panel watches the tab', async () => {
    const { connector, relay, messenger } = await setup();
    expect(messenger.sent).toEqual([envelope('relay:hello', {})]);
    expect(connector.clients.map((c) => c.name)).toEqual(['relay']);
    expect(relay.status).toBe('connected');
  });

  test('forwards a valid batch as relay:records once attached', async () => {
    const { win, background, toBackground } = await setup();
    background().postMessage(attach());
    win.pageScriptPost(batch('s1', [hello(1)]));
    expect(toBackground()).toEqual([
      envelope('relay:records', { session: 's1', records: [hello(1)] }),
    ]);
  });

  test('forwards a fresh envelope: extra top-level fields and __proto__ keys do not travel', async () => {
    const { win, background, toBackground } = await setup();
    background().postMessage(attach());
    const forged = JSON.parse(
      JSON.stringify({ ...batch(), junk: 'x'.repeat(10) }).replace(
        '{',
        '{"__proto__":{"polluted":1},',
      ),
    ) as unknown;
    win.pageScriptPost(forged, false);
    const [sent] = toBackground() as Record<string, unknown>[];
    expect(Object.keys(sent!).sort()).toEqual(['kind', 'records', 'session', 'source', 'version']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('does not forward while no panel is attached (the hook replays it on attach)', async () => {
    const { win, toBackground, relay } = await setup();
    win.pageScriptPost(batch());
    expect(toBackground()).toEqual([]);
    expect(relay.skippedWhileDetached()).toBe(1);
    expect(relay.rejected()).toEqual({});
  });

  test('ignores other traffic and its own echo without counting', async () => {
    const { win, background, relay, toBackground } = await setup();
    background().postMessage(attach()); // the relay posts relay:attach, which echoes back
    win.pageScriptPost({ type: 'webpackOk' });
    win.pageScriptPost('hello');
    win.postFrom({}, batch()); // another window
    expect(relay.rejected()).toEqual({});
    expect(toBackground()).toEqual([]);
  });

  test.each([
    ['an older protocol version', { ...batch(), version: PROTOCOL_VERSION + 1 }, 'version'],
    [
      'a kind the page may not send',
      envelope('bg:attach', { cursors: {}, settings: DEFAULT_HOOK_SETTINGS }),
      'shape',
    ],
    ['a non-string kind', { ...batch(), kind: 42 }, 'shape'],
    ['an empty session', batch(''), 'shape'],
    ['a record with seq 0', batch('s', [hello(0)]), 'shape'],
    [
      'an unknown record kind',
      batch('s', [{ seq: 1, t: 1, k: 'evil' } as unknown as HookRecord]),
      'shape',
    ],
    [
      'a URL longer than the cap',
      batch('s', [{ ...hello(1), url: 'u'.repeat(LIMITS.maxUrl + 1) } as HookRecord]),
      'shape',
    ],
    [
      'too many records',
      batch(
        's',
        Array.from({ length: LIMITS.maxRecordsPerBatch + 1 }, (_, i) => hello(i + 1)),
      ),
      'shape',
    ],
    [
      'a debug value nested too deep',
      batch('s', [
        {
          seq: 1,
          t: 1,
          k: 'debug',
          name: 'x',
          ok: true,
          ms: 1,
          value: JSON.parse('['.repeat(50) + ']'.repeat(50)) as unknown,
        },
      ]),
      'shape',
    ],
    [
      'a batch over maxBatchBytes',
      batch(
        's',
        Array.from({ length: 40 }, (_, i) => ({
          seq: i + 1,
          t: 1,
          k: 'msgs' as const,
          id: 1,
          count: 1,
          bytes: 1,
          byType: {},
          lastEventId: '',
          lastAt: 1,
          recent: [
            {
              type: 'message',
              id: '',
              size: 1,
              t: 1,
              data: 'd'.repeat(LIMITS.maxSampleData),
              cut: false,
            },
          ],
          skipped: 0,
        })),
      ),
      'size',
    ],
  ])('refuses and counts %s', async (_label, message, reason) => {
    const { win, background, toBackground, relay } = await setup();
    background().postMessage(attach());
    win.pageScriptPost(message);
    expect(toBackground()).toEqual([]);
    expect(relay.rejected()).toEqual({ [reason]: 1 });
  });

  test('a throwing getter on a forged object is counted, never thrown', async () => {
    const { win, background, relay } = await setup();
    background().postMessage(attach());
    const forged = {
      ...batch(),
      get records(): never {
        throw new Error('gotcha');
      },
    };
    expect(() => win.pageScriptPost(forged, false)).not.toThrow();
    expect(relay.rejected()).toEqual({ shape: 1 });
  });

  test('10 000 messages in a burst: only the rate passes, the rest is counted as rate', async () => {
    const { win, background, toBackground, relay } = await setup();
    background().postMessage(attach());
    for (let i = 0; i < 10_000; i++) win.pageScriptPost(batch('s', [hello(i + 1)]));
    expect(toBackground()).toHaveLength(LIMITS.maxBatchesPerSecond);
    expect(relay.rejected()).toEqual({ rate: 10_000 - LIMITS.maxBatchesPerSecond });
  });
});

describe('relay: stats', () => {
  test('sends relay:stats at most once per second, only when counters changed', async () => {
    const { win, toBackground } = await setup();
    const stats = () =>
      toBackground().filter((m) => (m as { kind: string }).kind === 'relay:stats');
    win.pageScriptPost({ ...batch(), version: 0 });
    win.pageScriptPost({ ...batch(), version: 0 });
    expect(stats()).toEqual([]);
    vi.advanceTimersByTime(1000);
    expect(stats()).toEqual([envelope('relay:stats', { rejected: { version: 2 } })]);
    vi.advanceTimersByTime(10_000);
    expect(stats()).toHaveLength(1);
    win.pageScriptPost({ ...batch(), kind: 'nope' });
    vi.advanceTimersByTime(1000);
    expect(stats()).toEqual([
      envelope('relay:stats', { rejected: { version: 2 } }),
      envelope('relay:stats', { rejected: { version: 2, shape: 1 } }),
    ]);
  });

  test('resends its totals to a restarted worker and to a newly attached panel', async () => {
    const { win, connector, toBackground, background } = await setup();
    win.pageScriptPost({ ...batch(), version: 0 });
    vi.advanceTimersByTime(1000);
    connector.lastServer!.simulateDisconnect();
    vi.advanceTimersByTime(100);
    expect(toBackground()).toEqual([envelope('relay:stats', { rejected: { version: 1 } })]);
    background().postMessage(attach());
    expect(toBackground()).toHaveLength(2);
  });
});

describe('relay: background → page', () => {
  test('turns bg:attach, bg:settings and bg:detach into relay:* for the hook', async () => {
    const { background, toHook, relay } = await setup();
    const settings = { ...DEFAULT_HOOK_SETTINGS, pollMs: 500 };
    background().postMessage(attach({ s1: 41 }));
    expect(relay.attached).toBe(true);
    background().postMessage(envelope('bg:settings', { settings }));
    background().postMessage(envelope('bg:detach', {}));
    expect(relay.attached).toBe(false);
    expect(toHook()).toEqual([
      envelope('relay:attach', { cursors: { s1: 41 }, settings: DEFAULT_HOOK_SETTINGS }),
      envelope('relay:settings', { settings }),
      envelope('relay:detach', {}),
    ]);
  });

  test('counts an invalid message from the background and does not pass it on', async () => {
    const { background, toHook, relay } = await setup();
    background().postMessage({ ...attach(), version: 99 });
    background().postMessage(envelope('bg:records', {}));
    expect(toHook()).toEqual([]);
    expect(relay.rejected()).toEqual({ 'bg-shape': 2 });
  });

  test('when the worker goes away the hook is detached until the next bg:attach', async () => {
    const { win, connector, background, toHook, toBackground, relay } = await setup();
    background().postMessage(attach());
    connector.lastServer!.simulateDisconnect();
    expect(toHook().at(-1)).toEqual(envelope('relay:detach', {}));
    expect(relay.attached).toBe(false);
    vi.advanceTimersByTime(100);
    expect(relay.status).toBe('connected');
    win.pageScriptPost(batch());
    expect(toBackground()).toEqual([]);
    background().postMessage(attach({ s1: 7 }));
    expect(toHook().at(-1)).toEqual(
      envelope('relay:attach', { cursors: { s1: 7 }, settings: DEFAULT_HOOK_SETTINGS }),
    );
  });
});

describe('relay: lifecycle', () => {
  test('extension context invalidated: detaches the hook and goes quiet forever', async () => {
    const { win, connector, context, background, toHook, relay } = await setup();
    background().postMessage(attach());
    context.valid = false;
    connector.lastServer!.simulateDisconnect('Extension context invalidated.');
    expect(toHook().at(-1)).toEqual(envelope('relay:detach', {}));
    expect(relay.status).toBe('closed');
    expect(win.listenerCount).toBe(0);
    win.pageScriptPost({ ...batch(), version: 0 });
    vi.advanceTimersByTime(60_000);
    expect(connector.clients).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  test('a detached hook is still told to detach when the context dies (it cannot know)', async () => {
    const { connector, context, toHook } = await setup();
    context.valid = false;
    connector.lastServer!.simulateDisconnect();
    expect(toHook()).toEqual([envelope('relay:detach', {})]);
  });

  test('back/forward cache: pagehide closes the port, pageshow reconnects', async () => {
    const { connector, background, toHook, relay } = await setup();
    background().postMessage(attach());
    relay.handlePageHide(true);
    expect(connector.clients[0]!.connected).toBe(false);
    expect(toHook().at(-1)).toEqual(envelope('relay:detach', {}));
    vi.advanceTimersByTime(60_000);
    expect(connector.clients).toHaveLength(1);
    relay.handlePageShow(true);
    expect(connector.clients).toHaveLength(2);
    expect(relay.status).toBe('connected');
  });

  test('a non-persisted pagehide (real unload) leaves the port alone', async () => {
    const { connector, relay } = await setup();
    relay.handlePageHide(false);
    expect(connector.clients[0]!.connected).toBe(true);
  });

  test('document.open() erased its window listener: the relay listens again and forwards', async () => {
    const { win, background, toBackground, relay } = await setup();
    background().postMessage(attach());
    win.eraseListeners();
    relay.handleDocumentReplaced();
    relay.handleDocumentReplaced();
    expect(win.listenerCount).toBe(1);
    win.pageScriptPost(batch('s1', [hello(1)]));
    expect(toBackground()).toEqual([
      envelope('relay:records', { session: 's1', records: [hello(1)] }),
    ]);
  });

  test('a stopped relay does not listen again when the document is replaced', async () => {
    const { win, relay } = await setup();
    relay.stop();
    relay.handleDocumentReplaced();
    expect(win.listenerCount).toBe(0);
  });
});

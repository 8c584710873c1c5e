import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { createFakeTabMessenger } from '../messaging/testing/fake-one-shot';
import { createFakePort, type FakePort } from '../messaging/testing/fake-port';
import { defaultTimers } from '../shared/timers';
import {
  DEFAULT_HOOK_SETTINGS,
  envelope,
  LIMITS,
  panelPortName,
  type HookRecord,
} from '../protocol';
import { createTabRouter } from './tab-router';
import { helloRecord } from '../protocol/testing/records';

beforeEach(() => {
  vi.useFakeTimers({ now: 5_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

const hello = (seq: number): HookRecord => helloRecord(seq);
const settings = DEFAULT_HOOK_SETTINGS;
const panelAttach = (cursors: Record<string, number> = {}) =>
  envelope('panel:attach', { cursors, settings });
const relayRecords = (session = 's1', records: HookRecord[] = [hello(1)]) =>
  envelope('relay:records', { session, records });

function setup() {
  const tabMessenger = createFakeTabMessenger();
  const router = createTabRouter({
    tabs: tabMessenger,
    timers: defaultTimers,
    now: () => Date.now(),
  });
  /** Connects a relay; returns the content-script end. */
  const relay = (
    tabId: number,
    frameId = 0,
    documentId = `doc-${tabId}-${frameId}`,
    url = `http://127.0.0.1/${tabId}/${frameId}`,
  ): FakePort => {
    const { client, server } = createFakePort('relay', {
      tab: { id: tabId },
      frameId,
      documentId,
      url,
    });
    router.handleConnect(server);
    return client;
  };
  /** Connects a panel for a tab; returns the panel end. */
  const panel = (tabId: number): FakePort => {
    const { client, server } = createFakePort(panelPortName(tabId), {
      url: 'chrome-extension://id/panel/index.html',
    });
    router.handleConnect(server);
    return client;
  };
  return { router, relay, panel, tabMessenger };
}

/** Messages the other end sent to this client end. */
function inbox(client: FakePort): unknown[] {
  const received: unknown[] = [];
  client.onMessage((m) => received.push(m));
  return received;
}
const kinds = (messages: unknown[]) => messages.map((m) => (m as { kind: string }).kind);

describe('tab router: records', () => {
  test('forwards relay records to every panel of that tab only, with FrameOrigin from the sender', () => {
    const { relay, panel } = setup();
    const panelA1 = inbox(panel(1));
    const panelA2 = inbox(panel(1));
    const panelB = inbox(panel(2));
    const frame = relay(1, 3, 'doc-xyz', 'http://127.0.0.1/frame.html');
    frame.postMessage(relayRecords('s1', [hello(1)]));
    const expected = envelope('bg:records', {
      session: 's1',
      records: [hello(1)],
      frameId: 3,
      documentId: 'doc-xyz',
      frameUrl: 'http://127.0.0.1/frame.html',
    });
    expect(panelA1).toEqual([expected]);
    expect(panelA2).toEqual([expected]);
    expect(panelB).toEqual([]);
  });

  test('a frame origin in the message is ignored: only the sender counts', () => {
    const { relay, panel } = setup();
    const received = inbox(panel(1));
    relay(1, 2, 'real-doc', 'http://127.0.0.1/real').postMessage({
      ...relayRecords(),
      frameId: 0,
      documentId: 'forged',
      frameUrl: 'http://evil/',
    });
    expect(received[0]).toMatchObject({
      frameId: 2,
      documentId: 'real-doc',
      frameUrl: 'http://127.0.0.1/real',
    });
  });

  test('an oversized sender URL is clipped so the panel guard accepts the origin', () => {
    const { relay, panel } = setup();
    const received = inbox(panel(1));
    relay(1, 0, 'doc', `data:text/html,${'x'.repeat(LIMITS.maxUrl * 2)}`).postMessage(
      relayRecords(),
    );
    expect((received[0] as { frameUrl: string }).frameUrl).toHaveLength(LIMITS.maxUrl);
  });

  test('forwards relay stats as bg:relay-stats and replays the latest to a new panel', () => {
    const { relay, panel, router } = setup();
    const first = inbox(panel(1));
    const frame = relay(1, 0, 'd');
    frame.postMessage(envelope('relay:stats', { rejected: { shape: 2 } }));
    const stats = envelope('bg:relay-stats', {
      rejected: { shape: 2 },
      frameId: 0,
      documentId: 'd',
      frameUrl: 'http://127.0.0.1/1/0',
    });
    expect(first).toEqual([stats]);
    const { client, server } = createFakePort(panelPortName(1));
    const later: unknown[] = [];
    client.onMessage((m) => later.push(m));
    router.handleConnect(server);
    expect(later).toEqual([stats]);
  });
});

describe('tab router: attach and detach', () => {
  test('panel:attach attaches every relay of the tab with the cursors and settings', () => {
    const { relay, panel } = setup();
    const top = inbox(relay(1, 0));
    const child = inbox(relay(1, 5));
    const other = inbox(relay(2, 0));
    panel(1).postMessage(panelAttach({ s1: 10 }));
    const expected = envelope('bg:attach', { cursors: { s1: 10 }, settings });
    expect(top).toEqual([expected]);
    expect(child).toEqual([expected]);
    expect(other).toEqual([]);
  });

  test('a relay that connects later gets the latest attach (with updated settings)', () => {
    const { panel, router } = setup();
    const viewer = panel(1);
    viewer.postMessage(panelAttach({ s1: 3 }));
    const changed = { ...settings, pollMs: 250 };
    viewer.postMessage(envelope('panel:settings', { settings: changed }));
    const received: unknown[] = [];
    const { client, server } = createFakePort('relay', {
      tab: { id: 1 },
      frameId: 0,
      documentId: 'late',
      url: 'http://x/',
    });
    client.onMessage((m) => received.push(m));
    router.handleConnect(server);
    expect(received).toEqual([envelope('bg:attach', { cursors: { s1: 3 }, settings: changed })]);
  });

  test('a relay of a tab without a panel gets nothing', () => {
    const { router } = setup();
    const received: unknown[] = [];
    const { client, server } = createFakePort('relay', {
      tab: { id: 1 },
      frameId: 0,
      documentId: 'd',
      url: 'http://x/',
    });
    client.onMessage((m) => received.push(m));
    router.handleConnect(server);
    expect(received).toEqual([]);
  });

  test('panel:settings is forwarded to the relays as bg:settings', () => {
    const { relay, panel } = setup();
    const received = inbox(relay(1));
    const changed = { ...settings, dataCap: 10 };
    panel(1).postMessage(envelope('panel:settings', { settings: changed }));
    expect(received).toEqual([envelope('bg:settings', { settings: changed })]);
  });

  test('detaches the relays only when the last panel of the tab goes away', () => {
    const { relay, panel, router } = setup();
    const received = inbox(relay(1));
    const first = panel(1);
    const second = panel(1);
    first.postMessage(panelAttach());
    first.disconnect();
    expect(kinds(received)).toEqual(['bg:attach']);
    second.disconnect();
    expect(kinds(received)).toEqual(['bg:attach', 'bg:detach']);
    expect(router.snapshot().tabs[0]).toMatchObject({ panels: 0, attached: false });
  });

  test('after the last panel left, a new relay is not attached with the stale attach', () => {
    const { router, panel } = setup();
    const viewer = panel(1);
    viewer.postMessage(panelAttach());
    viewer.disconnect();
    const received: unknown[] = [];
    const { client, server } = createFakePort('relay', {
      tab: { id: 1 },
      frameId: 0,
      documentId: 'd',
      url: 'http://x/',
    });
    client.onMessage((m) => received.push(m));
    router.handleConnect(server);
    expect(received).toEqual([]);
  });

  test('records of a tab without panels are not sent anywhere', () => {
    const { relay, panel } = setup();
    const other = inbox(panel(2));
    relay(1).postMessage(relayRecords());
    expect(other).toEqual([]);
  });

  test('forgets a tab once its relays and panels are gone', () => {
    const { relay, panel, router } = setup();
    const r = relay(1);
    const p = panel(1);
    r.disconnect();
    p.disconnect();
    expect(router.snapshot().tabs).toEqual([]);
  });

  test('a new top document of the tab is announced as bg:navigated', () => {
    const { relay, panel } = setup();
    const received = inbox(panel(1));
    relay(1, 0, 'first', 'http://127.0.0.1/a');
    relay(1, 4, 'child', 'http://127.0.0.1/frame'); // a subframe is not a navigation
    relay(1, 0, 'second', 'http://127.0.0.1/b');
    expect(received).toEqual([envelope('bg:navigated', { url: 'http://127.0.0.1/b' })]);
  });
});

describe('tab router: refusals', () => {
  test.each([
    ['wrong version', { ...relayRecords(), version: 2 }, 'relay:version'],
    ['not ours', { hello: 'world' }, 'relay:not-ours'],
    ['bad shape', envelope('relay:records', { session: '', records: [] }), 'relay:shape'],
    ['a kind relays may not send', envelope('bg:attach', { cursors: {}, settings }), 'relay:shape'],
  ])(
    'counts a relay message with %s and tells the tab panels once a second',
    (_label, message, reason) => {
      const { relay, panel, router } = setup();
      const received = inbox(panel(1));
      const frame = relay(1);
      frame.postMessage(message);
      frame.postMessage(message);
      expect(received).toEqual([]);
      vi.advanceTimersByTime(1000);
      expect(received).toEqual([envelope('bg:rejected', { reason, count: 2 })]);
      expect(router.snapshot().tabs[0]?.rejected).toEqual({ [reason]: 2 });
    },
  );

  test('rate-limits each relay and counts the excess', () => {
    const { relay, panel, router } = setup();
    const received = inbox(panel(1));
    const frame = relay(1);
    for (let i = 0; i < 10_000; i++) frame.postMessage(relayRecords('s1', [hello(i + 1)]));
    const records = received.filter((m) => (m as { kind: string }).kind === 'bg:records');
    expect(records).toHaveLength(2 * LIMITS.maxBatchesPerSecond);
    expect(router.snapshot().tabs[0]?.rejected).toEqual({
      'relay:rate': 10_000 - 2 * LIMITS.maxBatchesPerSecond,
    });
  });

  test('counts an invalid panel message and does not pass it to the relays', () => {
    const { relay, panel, router } = setup();
    const received = inbox(relay(1));
    panel(1).postMessage(envelope('panel:attach', { cursors: { s: -1 }, settings }));
    expect(received).toEqual([]);
    expect(router.snapshot().tabs[0]?.rejected).toEqual({ 'panel:shape': 1 });
  });

  test('bg:rejected carries increments since the previous report', () => {
    const { relay, panel } = setup();
    const received = inbox(panel(1));
    const frame = relay(1);
    frame.postMessage({ ...relayRecords(), version: 0 });
    vi.advanceTimersByTime(1000);
    frame.postMessage({ ...relayRecords(), version: 0 });
    frame.postMessage(envelope('relay:records', { session: '', records: [] }));
    vi.advanceTimersByTime(1000);
    vi.advanceTimersByTime(5000);
    expect(received).toEqual([
      envelope('bg:rejected', { reason: 'relay:version', count: 1 }),
      envelope('bg:rejected', { reason: 'relay:version', count: 1 }),
      envelope('bg:rejected', { reason: 'relay:shape', count: 1 }),
    ]);
  });

  test('a new panel is told the refusals so far, each exactly once', () => {
    const { relay, router } = setup();
    const frame = relay(1);
    frame.postMessage({ ...relayRecords(), version: 0 });
    vi.advanceTimersByTime(1000); // reported (to nobody)
    frame.postMessage({ ...relayRecords(), version: 0 }); // not yet reported
    const received: unknown[] = [];
    const { client, server } = createFakePort(panelPortName(1));
    client.onMessage((m) => received.push(m));
    router.handleConnect(server);
    vi.advanceTimersByTime(1000);
    expect(received).toEqual([
      envelope('bg:rejected', { reason: 'relay:version', count: 1 }),
      envelope('bg:rejected', { reason: 'relay:version', count: 1 }),
    ]);
  });

  test('refuses ports with unknown names, relays outside a tab and panels inside a tab', () => {
    const { router } = setup();
    const unknown = createFakePort('something-else');
    const relayless = createFakePort('relay', { url: 'chrome-extension://id/x.html' });
    const fakePanel = createFakePort(panelPortName(1), { tab: { id: 1 }, frameId: 0 });
    const lost = vi.fn();
    for (const pair of [unknown, relayless, fakePanel]) {
      pair.client.onDisconnect(lost);
      router.handleConnect(pair.server);
    }
    expect(lost).toHaveBeenCalledTimes(3);
    expect(router.snapshot().tabs).toEqual([]);
  });

  test('a panel port that throws on post (died, onDisconnect pending) does not stop the others', () => {
    const { relay, panel, router } = setup();
    const dying = createFakePort(panelPortName(1));
    vi.spyOn(dying.server, 'postMessage').mockImplementation(() => {
      throw new Error('Attempting to use a disconnected port object');
    });
    router.handleConnect(dying.server);
    const alive = inbox(panel(1));
    expect(() => relay(1).postMessage(relayRecords())).not.toThrow();
    expect(kinds(alive)).toEqual(['bg:records']);
  });
});

describe('tab router: dormant relays (no viewer, no traffic)', () => {
  const hello = envelope('relay:hello', {});
  const fromTab = (tabId: number) => ({ tab: { id: tabId }, frameId: 0, url: 'http://127.0.0.1/' });

  test('answers relay:hello with whether a panel watches the sender tab', () => {
    const { router, panel } = setup();
    const viewer = panel(1);
    expect(router.handleMessage(hello, fromTab(1))).toEqual({ watched: true });
    expect(router.handleMessage(hello, fromTab(2))).toEqual({ watched: false });
    viewer.disconnect();
    expect(router.handleMessage(hello, fromTab(1))).toEqual({ watched: false });
  });

  test('a hello does not make the router remember the tab', () => {
    const { router } = setup();
    router.handleMessage(hello, fromTab(7));
    expect(router.snapshot().tabs).toEqual([]);
  });

  test('leaves unanswered a hello from outside a tab and anything that is not a hello', () => {
    const { router } = setup();
    expect(router.handleMessage(hello, { url: 'chrome-extension://id/panel/index.html' })).toBe(
      undefined,
    );
    expect(router.handleMessage(hello, { tab: { id: -1 } })).toBeUndefined();
    expect(router.handleMessage({ ...hello, version: 9 }, fromTab(1))).toBeUndefined();
    expect(router.handleMessage(envelope('relay:stats', { rejected: {} }), fromTab(1))).toBe(
      undefined,
    );
    expect(router.handleMessage(null, fromTab(1))).toBeUndefined();
  });

  test('counts a bad one-shot message of a watched tab where its panels see it', () => {
    const { router, panel } = setup();
    const received = inbox(panel(1));
    router.handleMessage({ ...hello, version: 9 }, fromTab(1));
    vi.advanceTimersByTime(1000);
    expect(received).toEqual([envelope('bg:rejected', { reason: 'relay:version', count: 1 })]);
  });

  test('sends bg:wake to the tab on every panel:attach, and only to that tab', () => {
    const { panel, tabMessenger } = setup();
    const viewer = panel(1);
    expect(tabMessenger.sent).toEqual([]);
    viewer.postMessage(panelAttach());
    viewer.postMessage(panelAttach({ s1: 4 })); // a reconnect after a worker restart
    panel(2).postMessage(panelAttach());
    expect(tabMessenger.sent).toEqual([
      { tabId: 1, message: envelope('bg:wake', {}) },
      { tabId: 1, message: envelope('bg:wake', {}) },
      { tabId: 2, message: envelope('bg:wake', {}) },
    ]);
  });

  test('a wake nobody receives (no relay in the tab) is harmless', async () => {
    const { panel, tabMessenger, router } = setup();
    tabMessenger.failWith = new Error(
      'Could not establish connection. Receiving end does not exist.',
    );
    panel(1).postMessage(panelAttach());
    await vi.advanceTimersByTimeAsync(0); // an unhandled rejection would fail the run
    expect(router.snapshot().tabs[0]).toMatchObject({ panels: 1, attached: true });
  });

  test('a relay left connected to a tab nobody watches is sent to sleep after the grace period', () => {
    const { relay } = setup();
    const received = inbox(relay(1));
    vi.advanceTimersByTime(9_999);
    expect(received).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(received).toEqual([envelope('bg:detach', {})]);
  });

  test('a relay that reconnects before the panel (worker restart) is not sent to sleep', () => {
    const { relay, panel } = setup();
    const received = inbox(relay(1));
    panel(1).postMessage(panelAttach({ s1: 9 }));
    vi.advanceTimersByTime(60_000);
    expect(kinds(received)).toEqual(['bg:attach']);
  });

  test('forgetting an idle tab cancels its grace timer', () => {
    const { relay } = setup();
    relay(1).disconnect();
    expect(vi.getTimerCount()).toBe(0);
  });
});

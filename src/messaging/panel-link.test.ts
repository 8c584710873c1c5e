import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import {
  DEFAULT_HOOK_SETTINGS,
  envelope,
  type BackgroundToPanel,
  type HookRecord,
  type HookSettings,
} from '../protocol';
import { createPanelLink, type PanelLinkStatus } from './panel-link';
import { createFakeConnector } from './testing/fake-port';
import { defaultTimers } from '../shared/timers';
import { helloRecord } from '../protocol/testing/records';

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

const hello: HookRecord = helloRecord(1, 'http://x/');

function setup() {
  const connector = createFakeConnector();
  const state = {
    cursors: {} as Record<string, number>,
    settings: DEFAULT_HOOK_SETTINGS as HookSettings,
  };
  const received: BackgroundToPanel[] = [];
  const statuses: PanelLinkStatus[] = [];
  const link = createPanelLink({
    tabId: 42,
    connect: (name) => connector.connect(name),
    getCursors: () => state.cursors,
    getSettings: () => state.settings,
    onMessage: (m) => received.push(m),
    onStatus: (s) => statuses.push(s),
    timers: defaultTimers,
    random: () => 1,
    now: () => Date.now(),
  });
  const sentOn = (i: number): unknown[] => connector.clients[i]?.sent ?? [];
  return { connector, state, received, statuses, link, sentOn };
}

describe('createPanelLink', () => {
  test('connects "panel:<tabId>" and attaches with the cursors and settings', () => {
    const { connector, sentOn, link } = setup();
    expect(connector.clients[0]?.name).toBe('panel:42');
    expect(sentOn(0)).toEqual([
      envelope('panel:attach', { cursors: {}, settings: DEFAULT_HOOK_SETTINGS }),
    ]);
    expect(link.status).toBe('connected');
  });

  test('re-attaches with fresh cursors on every reconnect', () => {
    const { connector, state, sentOn, statuses } = setup();
    state.cursors = { s1: 120, s2: 7 };
    state.settings = { ...DEFAULT_HOOK_SETTINGS, pollMs: 300 };
    connector.lastServer!.simulateDisconnect(); // the service worker was stopped
    vi.advanceTimersByTime(50);
    expect(sentOn(1)).toEqual([
      envelope('panel:attach', { cursors: { s1: 120, s2: 7 }, settings: state.settings }),
    ]);
    state.cursors = { s1: 500 };
    connector.lastServer!.simulateDisconnect();
    vi.advanceTimersByTime(100); // the link was up only briefly: the backoff doubled
    expect(sentOn(2)).toEqual([
      envelope('panel:attach', { cursors: { s1: 500 }, settings: state.settings }),
    ]);
    expect(statuses).toEqual([
      'connected',
      'reconnecting',
      'connected',
      'reconnecting',
      'connected',
    ]);
  });

  test('passes valid background messages on unchanged', () => {
    const { connector, received } = setup();
    const records = envelope('bg:records', {
      session: 's1',
      records: [hello],
      frameId: 0,
      documentId: 'd',
      frameUrl: 'http://x/',
    });
    connector.lastServer!.postMessage(records);
    expect(received).toEqual([records]);
  });

  test('surfaces each invalid message as a synthetic bg:rejected increment', () => {
    const { connector, received, link } = setup();
    const bg = connector.lastServer!;
    bg.postMessage({ source: 'sse-devtools', version: 2, kind: 'bg:records' });
    bg.postMessage(envelope('bg:records', { session: 's1', records: [hello] })); // no FrameOrigin
    bg.postMessage(envelope('bg:records', { session: 's1', records: [{ ...hello, seq: -1 }] }));
    bg.postMessage(envelope('panel:attach', {})); // wrong direction
    bg.postMessage('garbage');
    expect(received).toEqual([
      envelope('bg:rejected', { reason: 'panel-link:version', count: 1 }),
      envelope('bg:rejected', { reason: 'panel-link:shape', count: 1 }),
      envelope('bg:rejected', { reason: 'panel-link:shape', count: 1 }),
      envelope('bg:rejected', { reason: 'panel-link:shape', count: 1 }),
      envelope('bg:rejected', { reason: 'panel-link:not-ours', count: 1 }),
    ]);
    expect(link.rejected()).toEqual({
      'panel-link:version': 1,
      'panel-link:shape': 3,
      'panel-link:not-ours': 1,
    });
  });

  test('with onInvalid, invalid messages go there raw and never to onMessage', () => {
    const connector = createFakeConnector();
    const received: unknown[] = [];
    const invalid: [unknown, string][] = [];
    createPanelLink({
      tabId: 1,
      connect: (name) => connector.connect(name),
      getCursors: () => ({}),
      getSettings: () => DEFAULT_HOOK_SETTINGS,
      onMessage: (m) => received.push(m),
      onInvalid: (m, reason) => invalid.push([m, reason]),
    });
    const old = { source: 'sse-devtools', version: 0, kind: 'bg:records' };
    connector.lastServer!.postMessage(old);
    expect(received).toEqual([]);
    expect(invalid).toEqual([[old, 'version']]);
  });

  test('pushSettings sends panel:settings while connected and nothing while down', () => {
    const { connector, link, sentOn } = setup();
    const changed = { ...DEFAULT_HOOK_SETTINGS, dataCap: 64 };
    link.pushSettings(changed);
    expect(sentOn(0).at(-1)).toEqual(envelope('panel:settings', { settings: changed }));
    connector.lastServer!.simulateDisconnect();
    link.pushSettings(DEFAULT_HOOK_SETTINGS);
    vi.advanceTimersByTime(50);
    expect(sentOn(1)).toHaveLength(1); // only the attach
  });

  test('refreshCursors re-sends panel:attach with the current cursors while connected, nothing while down', () => {
    const { connector, link, state, sentOn } = setup();
    state.cursors = { s1: 6 };
    link.refreshCursors();
    state.cursors = {}; // the store forgot s1 (its page was dropped)
    link.refreshCursors();
    expect(sentOn(0).slice(1)).toEqual([
      envelope('panel:attach', { cursors: { s1: 6 }, settings: DEFAULT_HOOK_SETTINGS }),
      envelope('panel:attach', { cursors: {}, settings: DEFAULT_HOOK_SETTINGS }),
    ]);
    connector.lastServer!.simulateDisconnect();
    link.refreshCursors();
    vi.advanceTimersByTime(50);
    expect(sentOn(1)).toEqual([
      envelope('panel:attach', { cursors: {}, settings: DEFAULT_HOOK_SETTINGS }),
    ]);
  });

  test('close disconnects for good', () => {
    const { connector, link, statuses } = setup();
    link.close();
    expect(connector.clients[0]?.connected).toBe(false);
    vi.advanceTimersByTime(60_000);
    expect(connector.clients).toHaveLength(1);
    expect(statuses.at(-1)).toBe('closed');
  });
});

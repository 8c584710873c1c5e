import { describe, expect, test } from 'vitest';
import { DEFAULT_HOOK_SETTINGS, isHookSettings } from '../../src/protocol';
import {
  DEFAULT_PANEL_SETTINGS,
  parseList,
  sanitizeSettings,
  toHookSettings,
  type PanelSettings,
} from './panel-settings';
import { createMemoryStorage, settingsKey } from './settings-storage';
import { createSettingsSync, originOf } from './settings-sync';

function setup(initial: Record<string, unknown> = {}) {
  const storage = createMemoryStorage(initial);
  const applied: PanelSettings[] = [];
  const sync = createSettingsSync({ storage, apply: (s) => applied.push(s) });
  return { storage, applied, sync };
}

describe('settings persistence per origin', () => {
  test('an origin seen for the first time gets the defaults', async () => {
    const { sync, applied } = setup();
    await sync.originChanged('http://a.test');
    expect(applied).toEqual([DEFAULT_PANEL_SETTINGS]);
  });

  test('a change is saved for the current origin and comes back on the next visit', async () => {
    const { sync, storage } = setup();
    await sync.originChanged('http://a.test');
    await sync.update({
      endpointPath: '/api/stream',
      expectedPerEndpoint: 2,
      debugGlobals: ['__app.debug'],
    });
    expect(storage.data[settingsKey('http://a.test')]).toMatchObject({
      endpointPath: '/api/stream',
    });

    const next = setup(storage.data);
    await next.sync.originChanged('http://a.test');
    expect(next.applied.at(-1)).toMatchObject({
      endpointPath: '/api/stream',
      expectedPerEndpoint: 2,
      debugGlobals: ['__app.debug'],
    });
  });

  test('each origin keeps its own settings', async () => {
    const { sync, applied } = setup();
    await sync.originChanged('http://a.test');
    await sync.update({ pollMs: 250 });
    await sync.originChanged('http://b.test');
    expect(applied.at(-1)?.pollMs).toBe(DEFAULT_PANEL_SETTINGS.pollMs);
    await sync.originChanged('http://a.test');
    expect(applied.at(-1)?.pollMs).toBe(250);
  });

  test('a bad stored field falls back to its default, the rest is kept', async () => {
    const { sync, applied } = setup({
      [settingsKey('http://a.test')]: {
        pollMs: -5,
        endpointPath: 'no-slash',
        redactParams: ['sid'],
        debugGlobals: ['x;alert(1)'],
      },
    });
    await sync.originChanged('http://a.test');
    expect(applied.at(-1)).toMatchObject({
      pollMs: DEFAULT_PANEL_SETTINGS.pollMs,
      endpointPath: '/v1/events/sse',
      redactParams: ['sid'],
      debugGlobals: DEFAULT_PANEL_SETTINGS.debugGlobals,
    });
  });

  test('a storage failure is reported and the defaults apply', async () => {
    const errors: unknown[] = [];
    const sync = createSettingsSync({
      storage: {
        get: () => Promise.reject(new Error('quota')),
        set: () => Promise.reject(new Error('quota')),
      },
      apply: () => undefined,
      onError: (e) => errors.push(e),
    });
    await sync.originChanged('http://a.test');
    await sync.update({ pollMs: 500 });
    expect(errors).toHaveLength(2);
    expect(sync.current().pollMs).toBe(500);
  });

  test('a slow load for an origin the page already left does not win', async () => {
    let release: (v: unknown) => void = () => undefined;
    const storage = {
      get: (key: string) =>
        key.includes('slow') ? new Promise((r) => (release = r)) : Promise.resolve({ pollMs: 300 }),
      set: () => Promise.resolve(),
    };
    const applied: PanelSettings[] = [];
    const sync = createSettingsSync({ storage, apply: (s) => applied.push(s) });
    const slow = sync.originChanged('http://slow.test');
    await sync.originChanged('http://fast.test');
    release({ pollMs: 9_000 });
    await slow;
    expect(applied.map((s) => s.pollMs)).toEqual([300]);
  });
});

describe('settings values', () => {
  test('the hook part always passes the protocol guard', () => {
    expect(isHookSettings(toHookSettings(sanitizeSettings({ pollMs: 1, bufferBytes: 1e12 })))).toBe(
      true,
    );
    expect(toHookSettings(DEFAULT_PANEL_SETTINGS)).toEqual(DEFAULT_HOOK_SETTINGS);
  });

  test('lists typed with commas or spaces are split', () => {
    expect(parseList(' token, sid  auth,,')).toEqual(['token', 'sid', 'auth']);
  });

  test('origins ignore path and query', () => {
    expect(originOf('https://app.test:8443/dashboard?x=1')).toBe('https://app.test:8443');
    expect(originOf('not a url')).toBe('');
  });
});

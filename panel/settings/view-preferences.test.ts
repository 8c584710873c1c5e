import { describe, expect, test } from 'vitest';
import { createPanelStore } from '../store';
import { createMemoryStorage } from './settings-storage';
import {
  createViewPreferencesSync,
  sanitizeViewPreferences,
  viewPreferencesKey,
} from './view-preferences';

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('sanitizeViewPreferences', () => {
  test('keeps valid fields and leaves out each bad one on its own', () => {
    expect(
      sanitizeViewPreferences({
        preserveLog: 'yes',
        tab: 'timeline',
        sort: { key: 'rate', dir: 'desc' },
        hiddenColumns: ['label', 'label', 'parent'],
      }),
    ).toEqual({
      tab: 'timeline',
      sort: { key: 'rate', dir: 'desc' },
      hiddenColumns: ['label', 'parent'],
    });
    expect(
      sanitizeViewPreferences({ hiddenColumns: ['label', 'nope'], sort: { key: 'x' } }),
    ).toEqual({});
    expect(sanitizeViewPreferences(null)).toEqual({});
  });
});

describe('createViewPreferencesSync', () => {
  test('saves changes under the origin and restores them when the panel opens again', async () => {
    const storage = createMemoryStorage();
    const first = createPanelStore();
    const sync = createViewPreferencesSync({ panel: first, storage });
    await sync.originChanged('http://a.test');
    first.getState().setColumnHidden('label', true);
    first.getState().setSort('messages');
    first.getState().togglePreserveLog();
    first.getState().setTab('callSites');
    await flush();
    expect(storage.data[viewPreferencesKey('http://a.test')]).toMatchObject({
      hiddenColumns: expect.arrayContaining(['label']),
      sort: { key: 'messages', dir: 'asc' },
      preserveLog: true,
      tab: 'callSites',
    });
    sync.dispose();

    const reopened = createPanelStore();
    await createViewPreferencesSync({ panel: reopened, storage }).originChanged('http://a.test');
    const s = reopened.getState();
    expect(s.hiddenColumns).toContain('label');
    expect(s.sort).toEqual({ key: 'messages', dir: 'asc' });
    expect(s.preserveLog).toBe(true);
    expect(s.model.preserveLog).toBe(true);
    expect(s.tab).toBe('callSites');
  });

  test('a navigation to another origin brings its columns and sort, not its Preserve log or tab', async () => {
    const storage = createMemoryStorage({
      [viewPreferencesKey('http://b.test')]: {
        hiddenColumns: ['parent'],
        sort: { key: 'age', dir: 'desc' },
        preserveLog: false,
        tab: 'acceptance',
      },
    });
    const panel = createPanelStore();
    const sync = createViewPreferencesSync({ panel, storage });
    await sync.originChanged('http://a.test');
    panel.getState().togglePreserveLog();
    await sync.originChanged('http://b.test');
    const s = panel.getState();
    expect(s.hiddenColumns).toEqual(['parent']);
    expect(s.sort).toEqual({ key: 'age', dir: 'desc' });
    expect(s.preserveLog).toBe(true);
    expect(s.tab).toBe('connections');
  });

  test('loading an origin does not save its values back over themselves under another origin', async () => {
    const storage = createMemoryStorage({
      [viewPreferencesKey('http://b.test')]: { hiddenColumns: ['parent'] },
    });
    const panel = createPanelStore();
    const sync = createViewPreferencesSync({ panel, storage });
    await sync.originChanged('http://b.test');
    await flush();
    expect(storage.data[viewPreferencesKey('http://b.test')]).toEqual({
      hiddenColumns: ['parent'],
    });
  });
});

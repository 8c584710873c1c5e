import { afterEach, describe, expect, test, vi } from 'vitest';
import { createMemoryStorage } from './settings/settings-storage';
import { createPanelStore } from './store';
import { exposeForTests, exposeIfFlagged } from './test-global';
import { createExtensionStorage } from './settings/settings-storage';
import { EXPOSE_TEST_GLOBAL_KEY } from './test-global-flag';
import { batch, conn, open } from '../src/protocol/testing/records';

const windowLike = () => ({}) as Window;

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the panel test global', () => {
  test('is absent without the flag', async () => {
    const target = windowLike();
    expect(await exposeIfFlagged(createPanelStore(), createMemoryStorage(), target)).toBe(false);
    expect(target.__SSE_PANEL_STORE__).toBeUndefined();
  });

  test('is absent when the flag holds anything but true', async () => {
    const target = windowLike();
    const flags = createMemoryStorage({ [EXPOSE_TEST_GLOBAL_KEY]: 'yes' });
    expect(await exposeIfFlagged(createPanelStore(), flags, target)).toBe(false);
    expect(target.__SSE_PANEL_STORE__).toBeUndefined();
  });

  test('is absent where there is no extension storage (the panel page opened directly)', async () => {
    const target = windowLike();
    exposeForTests(createPanelStore(), null, target);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(target.__SSE_PANEL_STORE__).toBeUndefined();
  });

  test('with the flag, exposes the store and a plain-JSON snapshot', async () => {
    const store = createPanelStore();
    const target = windowLike();
    const flags = createMemoryStorage({ [EXPOSE_TEST_GLOBAL_KEY]: true });
    expect(await exposeIfFlagged(store, flags, target)).toBe(true);
    store.getState().messageReceived(batch('s1', [conn(1), open(1)]));
    const handle = target.__SSE_PANEL_STORE__!;
    expect(handle.getState()).toBe(store.getState());
    expect(handle.snapshot()).toMatchObject({ live: 1, total: 1 });
    expect(JSON.parse(JSON.stringify(handle.snapshot()))).toEqual(handle.snapshot());
  });

  test('reads the flag from the extension storage area', async () => {
    const get = vi.fn((key: string) => Promise.resolve({ [key]: true }));
    const area = { get, set: vi.fn(() => Promise.resolve()) };
    const target = windowLike();
    exposeForTests(createPanelStore(), createExtensionStorage(area), target);
    await vi.waitFor(() => expect(target.__SSE_PANEL_STORE__).toBeDefined());
    expect(get).toHaveBeenCalledWith(EXPOSE_TEST_GLOBAL_KEY);
  });
});

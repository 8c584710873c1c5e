// @vitest-environment jsdom
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, test } from 'vitest';
import { createFakeDevtools } from '../components/test-render';
import { followDevtoolsTheme, useDocumentTheme } from './follow-theme';

afterEach(() => {
  cleanup();
  delete document.documentElement.dataset.theme;
});

function Probe() {
  return <span data-testid="theme">{useDocumentTheme()}</span>;
}

describe('following the DevTools theme', () => {
  test('applies the theme at load and each live switch, and a view re-renders with it', async () => {
    const devtools = createFakeDevtools();
    const stop = followDevtoolsTheme(devtools);
    render(<Probe />);
    expect(document.documentElement.dataset.theme).toBe('default');
    expect(screen.getByTestId('theme').textContent).toBe('default');
    await act(async () => {
      devtools.switchTheme('dark');
      await Promise.resolve(); // MutationObserver callbacks run as microtasks
    });
    expect(document.documentElement.dataset.theme).toBe('dark');
    expect(screen.getByTestId('theme').textContent).toBe('dark');
    stop();
    devtools.switchTheme('default');
    expect(document.documentElement.dataset.theme).toBe('dark');
  });

  test('a DevTools without setThemeChangeHandler keeps the load-time theme', async () => {
    const { createChromeDevtoolsApi } = await import('../devtools-api');
    const panels = { themeName: 'dark', openResource: () => undefined };
    const api = createChromeDevtoolsApi({
      inspectedWindow: { tabId: 1 },
      panels,
      network: {},
    } as unknown as typeof chrome.devtools);
    expect(() => followDevtoolsTheme(api)()).not.toThrow();
    expect(document.documentElement.dataset.theme).toBe('dark');
  });

  test('the chrome adapter passes DevTools theme switches through setThemeChangeHandler', async () => {
    const { createChromeDevtoolsApi } = await import('../devtools-api');
    let handler: ((theme: string) => void) | undefined;
    const panels = {
      themeName: 'default',
      setThemeChangeHandler: (h?: (theme: string) => void) => {
        handler = h;
      },
    };
    const api = createChromeDevtoolsApi({
      inspectedWindow: { tabId: 1 },
      panels,
      network: {},
    } as unknown as typeof chrome.devtools);
    const seen: string[] = [];
    const stop = api.onThemeChange((t) => seen.push(t));
    handler?.('dark');
    handler?.('default');
    expect(seen).toEqual(['dark', 'default']);
    stop();
    expect(handler).toBeUndefined();
  });
});

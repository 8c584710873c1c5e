import { describe, expect, test } from 'vitest';
import { DEFAULT_APP_PORT, DEFAULT_SERVER_PORT, hasDisplay, parseStartArgs } from './args';
import { describeRunning, manualSteps, noDisplayMessage } from './instructions';

describe('parseStartArgs', () => {
  test('defaults to legacy mode with a browser and the usual ports', () => {
    expect(parseStartArgs([])).toEqual({
      ok: true,
      options: {
        mode: 'legacy',
        browser: true,
        headless: false,
        build: true,
        serverPort: DEFAULT_SERVER_PORT,
        appPort: DEFAULT_APP_PORT,
        verbose: false,
        help: false,
      },
    });
  });

  test('reads every flag, in both --flag value and --flag=value forms', () => {
    const parsed = parseStartArgs([
      '--mode',
      'fixed',
      '--no-browser',
      '--headless',
      '--no-build',
      '--server-port=0',
      '--app-port',
      '4000',
      '--verbose',
    ]);
    expect(parsed).toMatchObject({
      ok: true,
      options: {
        mode: 'fixed',
        browser: false,
        headless: true,
        build: false,
        serverPort: 0,
        appPort: 4000,
        verbose: true,
      },
    });
  });

  test('rejects unknown options and bad values with a message', () => {
    expect(parseStartArgs(['--mode', 'other'])).toEqual({
      ok: false,
      error: '--mode must be "legacy" or "fixed"',
    });
    expect(parseStartArgs(['--app-port', '70000'])).toMatchObject({ ok: false });
    expect(parseStartArgs(['--server-port'])).toMatchObject({ ok: false });
    expect(parseStartArgs(['--nobrowser'])).toEqual({
      ok: false,
      error: 'unknown option "--nobrowser"',
    });
  });
});

describe('hasDisplay', () => {
  test('Linux needs X11 or Wayland', () => {
    expect(hasDisplay({}, 'linux')).toBe(false);
    expect(hasDisplay({ DISPLAY: '' }, 'linux')).toBe(false);
    expect(hasDisplay({ DISPLAY: ':0' }, 'linux')).toBe(true);
    expect(hasDisplay({ WAYLAND_DISPLAY: 'wayland-0' }, 'linux')).toBe(true);
  });

  test('macOS and Windows always have one', () => {
    expect(hasDisplay({}, 'darwin')).toBe(true);
    expect(hasDisplay({}, 'win32')).toBe(true);
  });
});

describe('what npm start prints', () => {
  const urls = {
    appUrl: 'http://127.0.0.1:5173',
    serverUrl: 'http://127.0.0.1:8787',
    mode: 'legacy' as const,
    dist: '/repo/dist',
  };

  test('names both modes of the app and the server', () => {
    const text = describeRunning(urls);
    expect(text).toContain('http://127.0.0.1:5173/dashboard?mode=legacy');
    expect(text).toContain('http://127.0.0.1:5173/dashboard?mode=fixed');
    expect(text).toContain('http://127.0.0.1:8787/v1/debug/streams');
  });

  test('without a display, says so and tells how to load the extension by hand', () => {
    const text = noDisplayMessage(urls);
    expect(text).toMatch(/No display found/);
    expect(text).toContain('chrome://extensions → Developer mode → Load unpacked → /repo/dist');
    expect(text).toContain('"SSE" panel');
    expect(manualSteps(urls)).toContain('http://127.0.0.1:5173/dashboard?mode=legacy');
  });
});

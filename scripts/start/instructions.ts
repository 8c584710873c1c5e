/** What `npm start` prints (pure, so the wording is tested and stays in one place). */
import type { StartMode } from './args';

export interface DemoUrls {
  readonly appUrl: string;
  readonly serverUrl: string;
  readonly mode: StartMode;
  /** Absolute path of the built extension. */
  readonly dist: string;
}

export function dashboardUrl(appUrl: string, mode: StartMode): string {
  return `${appUrl}/dashboard?mode=${mode}`;
}

const line = (label: string, value: string): string => `  ${label.padEnd(20)}${value}`;

export function describeRunning({ appUrl, serverUrl, mode }: DemoUrls): string {
  const other: StartMode = mode === 'legacy' ? 'fixed' : 'legacy';
  return [
    '',
    `SSE DevTools demo is running (mode: ${mode.toUpperCase()})`,
    '',
    line('Admin app:', dashboardUrl(appUrl, mode)),
    line(`Same, ${other} mode:`, dashboardUrl(appUrl, other)),
    line('SSE server:', serverUrl),
    line('Live streams:', `${serverUrl}/v1/debug/streams   (the ticket's "exactly 1" criterion)`),
    '',
    '  Ctrl+C stops everything.',
    '',
  ].join('\n');
}

export function manualSteps({ appUrl, mode, dist }: DemoUrls): string {
  return [
    'Open it by hand in Chrome or Chromium:',
    `  1. chrome://extensions → Developer mode → Load unpacked → ${dist}`,
    `  2. open ${dashboardUrl(appUrl, mode)}`,
    '  3. open DevTools (F12) → the "SSE" panel (it may sit under the » overflow)',
    '',
  ].join('\n');
}

export function noDisplayMessage(urls: DemoUrls): string {
  return [
    'No display found (neither DISPLAY nor WAYLAND_DISPLAY is set), so Chromium is not launched.',
    'The server and the app keep running until Ctrl+C. (`npm start -- --headless` checks the browser path.)',
    manualSteps(urls),
  ].join('\n');
}

/** Command line of `npm start` (pure: parsed and validated here, used by main.ts). */
export type StartMode = 'legacy' | 'fixed';

export interface StartOptions {
  /** Which client the admin app uses. Default legacy, so the incident shows at once. */
  readonly mode: StartMode;
  /** Launch Chromium with the extension (default true). */
  readonly browser: boolean;
  /** Launch it headless (for checking `npm start` on a machine without a display). */
  readonly headless: boolean;
  /** Skip `vite build` of the extension (handled by start.mjs; accepted here too). */
  readonly build: boolean;
  readonly serverPort: number;
  readonly appPort: number;
  /** Print every server and Vite log line. */
  readonly verbose: boolean;
  readonly help: boolean;
}

export const DEFAULT_SERVER_PORT = 8787;
export const DEFAULT_APP_PORT = 5173;

export const USAGE = `Usage: npm start -- [options]

Builds the extension (dist/), starts the demo SSE server and the admin app (Vite dev server,
real HMR), and opens Chromium with the extension loaded and DevTools on the SSE panel.

Options:
  --mode legacy|fixed   which client the admin app uses (default: legacy, the ticket's bugs)
  --no-browser          do not launch Chromium; print what to open instead
  --headless            launch Chromium headless (checks the browser path without a display)
  --no-build            reuse the existing dist/ instead of running \`vite build\`
  --server-port N       SSE server port (default ${DEFAULT_SERVER_PORT}; 0 = any free port)
  --app-port N          admin app port (default ${DEFAULT_APP_PORT}; 0 = any free port)
  --verbose             print every server and Vite log line
  --help                this text

Ctrl+C stops everything it started.`;

export type ParseResult = { ok: true; options: StartOptions } | { ok: false; error: string };

function parsePort(flag: string, value: string | undefined): number | string {
  if (value === undefined || !/^\d{1,5}$/.test(value) || Number(value) > 65535) {
    return `${flag} needs a port number from 0 to 65535`;
  }
  return Number(value);
}

export function parseStartArgs(argv: readonly string[]): ParseResult {
  let mode: StartMode = 'legacy';
  let browser = true;
  let headless = false;
  let build = true;
  let verbose = false;
  let help = false;
  let serverPort = DEFAULT_SERVER_PORT;
  let appPort = DEFAULT_APP_PORT;
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i] ?? '';
    const eq = raw.indexOf('=');
    const flag = raw.startsWith('--') && eq !== -1 ? raw.slice(0, eq) : raw;
    const inline = raw.startsWith('--') && eq !== -1 ? raw.slice(eq + 1) : undefined;
    const value = (): string | undefined => inline ?? argv[++i];
    switch (flag) {
      case '--mode': {
        const m = value();
        if (m !== 'legacy' && m !== 'fixed')
          return { ok: false, error: '--mode must be "legacy" or "fixed"' };
        mode = m;
        break;
      }
      case '--no-browser':
        browser = false;
        break;
      case '--headless':
        headless = true;
        break;
      case '--no-build':
        build = false;
        break;
      case '--verbose':
        verbose = true;
        break;
      case '--help':
      case '-h':
        help = true;
        break;
      case '--server-port':
      case '--app-port': {
        const port = parsePort(flag, value());
        if (typeof port === 'string') return { ok: false, error: port };
        if (flag === '--server-port') serverPort = port;
        else appPort = port;
        break;
      }
      default:
        return { ok: false, error: `unknown option "${raw}"` };
    }
  }
  return {
    ok: true,
    options: { mode, browser, headless, build, serverPort, appPort, verbose, help },
  };
}

/** Whether a browser window can be shown (Linux needs X11 or Wayland; macOS and Windows always can). */
export function hasDisplay(
  env: Readonly<Record<string, string | undefined>>,
  platform: string,
): boolean {
  if (platform !== 'linux' && platform !== 'freebsd' && platform !== 'openbsd') return true;
  return Boolean(env.DISPLAY) || Boolean(env.WAYLAND_DISPLAY);
}

/** Command-line flags of `tsx demo/server/main.ts`, parsed without dependencies. */
import type { DemoServerOptions } from './demo-server';

export const CLI_USAGE = `Usage: tsx demo/server/main.ts [options]
  --port <n>           port to listen on (default 8787; 0 = ephemeral)
  --host <addr>        interface (default 127.0.0.1)
  --static <dir>       serve this directory (e.g. the built admin app)
  --cors               allow cross-origin requests (the Vite dev server)
  --heartbeat-ms <n>   heartbeat interval (default 15000; 0 = off)
  --retry-ms <n>       retry: sent to clients (default 3000)
  --replay-limit <n>   events kept for Last-Event-ID replay (default 1000)
  --quiet              no request/stream logs
  --help               this text`;

export type CliParseResult =
  | { readonly kind: 'run'; readonly options: DemoServerOptions; readonly quiet: boolean }
  | { readonly kind: 'help' }
  | { readonly kind: 'error'; readonly message: string };

export const DEFAULT_CLI_PORT = 8787;

const NUMERIC_FLAGS = {
  '--port': 'port',
  '--heartbeat-ms': 'heartbeatMs',
  '--retry-ms': 'retryMs',
  '--replay-limit': 'replayLimit',
} as const;

export function parseCliArgs(argv: readonly string[]): CliParseResult {
  const options: { -readonly [K in keyof DemoServerOptions]: DemoServerOptions[K] } = {
    port: DEFAULT_CLI_PORT,
  };
  let quiet = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const [flag, inlineValue] = arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg, undefined];
    const takeValue = (): string | undefined => inlineValue ?? argv[++i];
    if (flag === '--help' || flag === '-h') return { kind: 'help' };
    if (flag === '--cors') options.cors = true;
    else if (flag === '--quiet') quiet = true;
    else if (flag === '--host' || flag === '--static') {
      const value = takeValue();
      if (value === undefined || value === '')
        return { kind: 'error', message: `${flag} needs a value` };
      if (flag === '--host') options.host = value;
      else options.staticDir = value;
    } else if (flag in NUMERIC_FLAGS) {
      const value = takeValue();
      const n = Number(value);
      if (
        value === undefined ||
        !Number.isInteger(n) ||
        n < 0 ||
        (flag === '--port' && n > 65535)
      ) {
        return {
          kind: 'error',
          message: `${flag} needs a non-negative integer, got ${String(value)}`,
        };
      }
      options[NUMERIC_FLAGS[flag as keyof typeof NUMERIC_FLAGS]] = n;
    } else {
      return { kind: 'error', message: `unknown option ${arg}` };
    }
  }
  return { kind: 'run', options, quiet };
}

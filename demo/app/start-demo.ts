/**
 * Starts the whole demo in-process: the SSE server (ephemeral port unless given) and the admin
 * app on Vite's dev server (real HMR), whose `/v1` proxy points at that server.
 *
 *   const demo = await startDemo();
 *   // demo.appUrl → 'http://127.0.0.1:5xxxx', open `${demo.appUrl}/dashboard?mode=legacy`
 *   await demo.close();
 */
import { createServer, type Logger, type ViteDevServer } from 'vite';
import { createDemoServer, type DemoServer } from '../server/index';
import { createAppViteConfig } from './vite.config';

export interface StartDemoOptions {
  /** SSE server port; default 0 (ephemeral). */
  readonly serverPort?: number;
  /** App (Vite) port; default 0 (ephemeral). */
  readonly appPort?: number;
  /** Log sink for both servers; default silent. */
  readonly log?: (line: string) => void;
}

export interface RunningDemo {
  /** e.g. 'http://127.0.0.1:51234' (no trailing slash). */
  readonly appUrl: string;
  /** e.g. 'http://127.0.0.1:51235'. The app reaches it through its own `/v1` proxy. */
  readonly serverUrl: string;
  readonly server: DemoServer;
  readonly vite: ViteDevServer;
  /** Stops Vite, then the SSE server. Idempotent. */
  close(): Promise<void>;
}

function createViteLogger(log: ((line: string) => void) | undefined): Logger {
  const warned = new Set<string>();
  const emit = (level: string, msg: string): void => log?.(`[app] ${level === 'info' ? '' : `${level}: `}${msg}`);
  return {
    info: (msg) => emit('info', msg),
    warn: (msg) => emit('warn', msg),
    warnOnce: (msg) => {
      if (warned.has(msg)) return;
      warned.add(msg);
      emit('warn', msg);
    },
    error: (msg) => emit('error', msg),
    clearScreen: () => undefined,
    hasErrorLogged: () => false,
    hasWarned: false,
  };
}

export async function startDemo(options: StartDemoOptions = {}): Promise<RunningDemo> {
  const { log } = options;
  const server = await createDemoServer({
    port: options.serverPort ?? 0,
    ...(log === undefined ? {} : { log: (line: string) => log(`[server] ${line}`) }),
  });
  let vite: ViteDevServer;
  try {
    vite = await createServer({
      ...createAppViteConfig({ serverUrl: server.url, port: options.appPort ?? 0 }),
      configFile: false,
      customLogger: createViteLogger(log),
    });
    await vite.listen();
  } catch (error) {
    await server.close();
    throw error;
  }
  const local = vite.resolvedUrls?.local[0];
  if (local === undefined) {
    await vite.close();
    await server.close();
    throw new Error('Vite did not report the URL it listens on');
  }
  let closing: Promise<void> | undefined;
  return {
    appUrl: local.replace(/\/$/, ''),
    serverUrl: server.url,
    server,
    vite,
    close() {
      closing ??= (async () => {
        await vite.close();
        await server.close();
      })();
      return closing;
    },
  };
}

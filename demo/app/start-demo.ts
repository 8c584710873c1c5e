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
  /**
   * The `retry:` the SSE server sends (how soon a browser retries an errored EventSource by
   * itself). Default: the server's 3000 ms. Acceptance runs use less, so a legacy client's
   * errors come faster than its timers fire, as with a flapping dev proxy.
   */
  readonly retryMs?: number;
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
  const emit = (level: string, msg: string): void =>
    log?.(`[app] ${level === 'info' ? '' : `${level}: `}${msg}`);
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

/**
 * Vite's dev server assumes it is the CLI: it calls `process.exit()` on SIGTERM and when stdin
 * ends. startDemo runs inside processes that own their shutdown (npm start closes the browser,
 * Vite and the SSE server in order, then exits 0; test runners), so take those handlers back out.
 */
async function withoutProcessExitHandlers<T>(create: () => Promise<T>): Promise<T> {
  const watchStdin = process.env.CI !== 'true'; // Vite only touches stdin outside CI
  const sigterm = new Set(process.listeners('SIGTERM'));
  const stdinEnd = new Set(watchStdin ? process.stdin.listeners('end') : []);
  const created = await create();
  for (const listener of process.listeners('SIGTERM')) {
    if (!sigterm.has(listener)) process.off('SIGTERM', listener as NodeJS.SignalsListener);
  }
  if (watchStdin) {
    for (const listener of process.stdin.listeners('end')) {
      if (!stdinEnd.has(listener)) process.stdin.off('end', listener as () => void);
    }
  }
  return created;
}

export async function startDemo(options: StartDemoOptions = {}): Promise<RunningDemo> {
  const { log } = options;
  const server = await createDemoServer({
    port: options.serverPort ?? 0,
    ...(options.retryMs === undefined ? {} : { retryMs: options.retryMs }),
    ...(log === undefined ? {} : { log: (line: string) => log(`[server] ${line}`) }),
  });
  let vite: ViteDevServer;
  try {
    vite = await withoutProcessExitHandlers(() =>
      createServer({
        ...createAppViteConfig({ serverUrl: server.url, port: options.appPort ?? 0 }),
        configFile: false,
        customLogger: createViteLogger(log),
      }),
    );
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

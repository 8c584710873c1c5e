/**
 * Vite config of the admin demo app (dev server only: HMR must be real, see ticket 29 stage 4).
 * `/v1` is proxied to the SSE server, so the app and the stream share an origin, as in production
 * behind a reverse proxy. Used two ways:
 *   - `npx vite --config demo/app/vite.config.ts` (server from SSE_SERVER_URL, default :8787);
 *   - `createAppViteConfig()` from start-demo.ts, with an in-process server on an ephemeral port.
 */
import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';
import { defineConfig, type ProxyOptions, type UserConfig } from 'vite';

export const APP_ROOT = import.meta.dirname;
const REPO_ROOT = resolve(APP_ROOT, '../..');

type ProxyServer = Parameters<NonNullable<ProxyOptions['configure']>>[0];

/**
 * Makes the proxy transparent to connection ends, in both directions.
 * When the SSE server drops a stream (a crash, `POST /v1/faults/drop-all`), http-proxy stops
 * piping but leaves the browser's side open: the EventSource stays OPEN on a dead stream, never
 * errors and never reconnects, which would hide the very drops the ticket is about. Cut the
 * browser's connection too whenever the upstream response ends before it was complete.
 */
function passUpstreamDrops(proxy: ProxyServer): void {
  proxy.on('proxyRes', (proxyRes, _req, res) => {
    proxyRes.on('close', () => {
      if (!proxyRes.complete && !res.writableEnded) res.destroy();
    });
  });
  // And the other way: when the browser closes a stream (`es.close()`, navigation, reload),
  // http-proxy keeps the upstream request open, so the SSE server would count a connection the
  // browser no longer has. Abort the upstream request as soon as the browser's side is gone.
  proxy.on('proxyReq', (proxyReq, _req, res) => {
    res.on('close', () => {
      if (!res.writableFinished) proxyReq.destroy();
    });
  });
}

export interface AppViteConfigOptions {
  /** Where `/v1` goes, e.g. 'http://127.0.0.1:8787'. */
  readonly serverUrl: string;
  /** Dev server port; 0 = ephemeral. Default 5173. */
  readonly port?: number;
  readonly host?: string;
}

export function createAppViteConfig({
  serverUrl,
  port = 5173,
  host = '127.0.0.1',
}: AppViteConfigOptions): UserConfig {
  return {
    root: APP_ROOT,
    // Out of demo/app, so running the demo never writes into the source tree.
    cacheDir: resolve(REPO_ROOT, 'node_modules/.vite-demo-app'),
    plugins: [react()],
    clearScreen: false,
    server: {
      host,
      port,
      strictPort: port !== 0,
      // The app imports the client library from src/client.
      fs: { allow: [REPO_ROOT] },
      proxy: {
        // http-proxy pipes the response as it arrives (no buffering, no compression in dev), so
        // SSE frames reach the browser at once (tests/e2e/demo-app.e2e.test.ts sees them live).
        '/v1': { target: serverUrl, changeOrigin: false, ws: false, configure: passUpstreamDrops },
      },
    },
    // Listed up front: discovering a dependency on first load makes Vite reload the page,
    // which would close (and hide) the very connections this demo is about.
    optimizeDeps: {
      entries: ['index.html'],
      include: [
        'react',
        'react/jsx-dev-runtime',
        'react-dom',
        'react-dom/client',
        'react-router-dom',
      ],
    },
  };
}

export default defineConfig(
  createAppViteConfig({ serverUrl: process.env.SSE_SERVER_URL ?? 'http://127.0.0.1:8787' }),
);

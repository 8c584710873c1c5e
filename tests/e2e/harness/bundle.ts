/**
 * Bundles a fixture app (a directory with `index.html` + entry) with Vite's `build()` JS API into
 * a temporary directory, to be served by the demo server (`server: { staticDir }`) so the page is
 * same-origin with the SSE endpoint. No config file: the repo's `vite.config.ts` builds the
 * extension, not fixtures. React resolves from the repo's node_modules (the fixture lives inside
 * the repo) and is deduplicated so hooks and the renderer share one copy.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import react from '@vitejs/plugin-react';
import { build } from 'vite';

export interface BundledFixture {
  /** Directory holding the built `index.html` and assets. */
  readonly dir: string;
  remove(): void;
}

export interface BundleOptions {
  /**
   * `development` (default) bundles React's dev build: StrictMode double-invokes effects only
   * there, which is the behaviour fixtures usually want to exercise.
   */
  readonly mode?: 'development' | 'production';
}

export async function bundleFixture(
  root: string,
  options: BundleOptions = {},
): Promise<BundledFixture> {
  const mode = options.mode ?? 'development';
  const dir = mkdtempSync(join(tmpdir(), 'sse-fixture-'));
  const remove = (): void => rmSync(dir, { recursive: true, force: true });
  try {
    await build({
      configFile: false,
      envDir: false,
      root,
      mode,
      logLevel: 'warn',
      publicDir: false,
      // Keep Vite's cache out of the repo's fixture directory.
      cacheDir: join(dir, '.vite-cache'),
      plugins: [react()],
      resolve: { dedupe: ['react', 'react-dom'] },
      define: { 'process.env.NODE_ENV': JSON.stringify(mode) },
      build: {
        outDir: join(dir, 'app'),
        emptyOutDir: true,
        minify: false,
        sourcemap: false,
        reportCompressedSize: false,
      },
    });
  } catch (error) {
    remove();
    throw error;
  }
  return { dir: join(dir, 'app'), remove };
}

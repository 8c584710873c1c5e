import { crx } from '@crxjs/vite-plugin';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import manifest from './manifest.json' with { type: 'json' };

// Both content scripts must be self-contained classic scripts: crxjs's default async loader
// (`await import(...)`) runs after the page's own scripts, so a document_start hook would miss
// every EventSource opened during load (tests/build/build-guard.test.ts checks the output).
export const STANDALONE_CONTENT_SCRIPTS = ['content/hook.ts', 'content/relay.ts'];

export default defineConfig({
  plugins: [
    react(),
    crx({ manifest, contentScripts: { standaloneFiles: STANDALONE_CONTENT_SCRIPTS } }),
  ],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    target: 'chrome111',
    rollupOptions: {
      // The panel page is named only at run time by devtools.panels.create, so crxjs cannot
      // discover it from the manifest: list it here; devtools.ts must use the same path.
      input: { panel: 'panel/index.html' },
    },
  },
  server: { strictPort: true, port: 5199, hmr: { port: 5199 } },
});

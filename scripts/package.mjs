// `npm run package`: builds the extension and zips it as release/sse-devtools-<version>.zip, the
// file the Chrome Web Store (or a teammate) takes, with the development-only manifest `key`
// removed (scripts/package/release.ts). Pure JS zip, so no system `zip` is needed.
// SSE_DEVTOOLS_DIST=<dir> builds into that directory instead of dist/ (several people sharing one
// working tree each keep their own build).
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const outDir = process.env.SSE_DEVTOOLS_DIST;
const build = spawnSync(
  'npx',
  ['vite', 'build', ...(outDir ? ['--outDir', outDir, '--emptyOutDir'] : [])],
  { cwd: root, stdio: 'inherit' },
);
if (build.status !== 0) process.exit(build.status ?? 1);
const { status } = spawnSync('npx', ['tsx', 'scripts/package/main.ts'], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(status ?? 1);

// `npm run evidence`: builds the extension, then runs the stage-4 acceptance scenario in legacy and
// fixed mode headless, writing evidence/ (screenshots, exported reports, summary, index.html).
// `-- --docs` also copies the result to docs/evidence/ (what the README shows).
// SSE_DEVTOOLS_DIST=<dir> builds into and loads that directory instead of dist/ (several people
// sharing one working tree each keep their own build).
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const outDir = process.env.SSE_DEVTOOLS_DIST;
const build = spawnSync(
  'npx',
  ['vite', 'build', '--logLevel', 'warn', ...(outDir ? ['--outDir', outDir, '--emptyOutDir'] : [])],
  { cwd: root, stdio: 'inherit' },
);
if (build.status !== 0) process.exit(build.status ?? 1);
const { status } = spawnSync('npx', ['tsx', 'scripts/evidence/main.ts', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(status ?? 1);

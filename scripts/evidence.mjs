// `npm run evidence`: builds the extension, then runs the ticket's stage-4 scenario in legacy and
// fixed mode headless, writing evidence/ (screenshots, exported reports, summary).
// `-- --docs` also copies the result to docs/evidence/ (what the README shows).
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const build = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], {
  cwd: root,
  stdio: 'inherit',
});
if (build.status !== 0) process.exit(build.status ?? 1);
const { status } = spawnSync('npx', ['tsx', 'scripts/evidence/main.ts', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(status ?? 1);

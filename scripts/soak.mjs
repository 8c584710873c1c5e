// `npm run soak`: builds the extension, then runs scripts/soak/main.ts (TypeScript through tsx).
// A long demo session (legacy mode) with periodic faults, sampling heaps; NOT part of `npm test`.
//   npm run soak                                   # 60 minutes, a fault every 30 s
//   npm run soak -- --minutes 2 --fault-every 20s  # a quick run
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const build = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], {
  cwd: root,
  stdio: 'inherit',
});
if (build.status !== 0) process.exit(build.status ?? 1);
const { status } = spawnSync('npx', ['tsx', 'scripts/soak/main.ts', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(status ?? 1);

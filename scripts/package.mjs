// `npm run package`: builds the extension and zips dist/ as release/sse-devtools-<version>.zip,
// the file the Chrome Web Store (or a teammate) takes. Pure JS zip so no system `zip` is needed.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { zipSync } from 'fflate';

const root = resolve(import.meta.dirname, '..');
const dist = join(root, 'dist');
execFileSync('npx', ['vite', 'build'], { cwd: root, stdio: 'inherit' });

const { version } = JSON.parse(readFileSync(join(dist, 'manifest.json'), 'utf8'));
const files = {};
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else files[relative(dist, path).split('\\').join('/')] = readFileSync(path);
  }
};
walk(dist);
mkdirSync(join(root, 'release'), { recursive: true });
const out = join(root, 'release', `sse-devtools-${version}.zip`);
writeFileSync(out, zipSync(files, { level: 9 }));
console.log(
  `${relative(root, out)}: ${Object.keys(files).length} files, ${statSync(out).size} bytes`,
);

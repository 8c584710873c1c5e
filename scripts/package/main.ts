// Zips a built extension (dist/, or SSE_DEVTOOLS_DIST) as release/sse-devtools-<version>.zip.
// Run through `npm run package`, which builds first.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { zipRelease } from './release';

const root = resolve(import.meta.dirname, '../..');
const dist = process.env.SSE_DEVTOOLS_DIST
  ? resolve(process.env.SSE_DEVTOOLS_DIST)
  : join(root, 'dist');
const release = zipRelease(dist);
mkdirSync(join(root, 'release'), { recursive: true });
const out = join(root, 'release', `sse-devtools-${release.version}.zip`);
writeFileSync(out, release.bytes);
console.log(
  `${relative(root, out)}: ${release.fileCount} files, ${release.bytes.length} bytes (manifest without "key")`,
);

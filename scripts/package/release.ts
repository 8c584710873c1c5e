/**
 * What `npm run package` puts in the zip: every file of the build, with a release manifest.
 *
 * The repository's manifest.json carries a `key` so that an unpacked build has a fixed extension
 * id in development and in the e2e tests. A published extension gets its id from the Chrome Web
 * Store, which keeps the key itself (https://developer.chrome.com/docs/extensions/reference/manifest/key),
 * so the development key has no business in the package, nor in a zip handed to a teammate.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { strToU8, zipSync } from 'fflate';

type Manifest = Record<string, unknown>;

/** The manifest as shipped: the development-only `key` removed, everything else untouched. */
export function releaseManifest(manifest: Manifest): Manifest {
  const { key: _developmentKey, ...shipped } = manifest;
  return shipped;
}

/** Every file under `dir`, keyed by its '/'-separated path relative to `dir`. */
function readTree(dir: string): Record<string, Uint8Array> {
  const files: Record<string, Uint8Array> = {};
  const walk = (current: string): void => {
    for (const name of readdirSync(current)) {
      const path = join(current, name);
      if (statSync(path).isDirectory()) walk(path);
      else files[relative(dir, path).split('\\').join('/')] = readFileSync(path);
    }
  };
  walk(dir);
  return files;
}

export interface ReleaseZip {
  readonly version: string;
  readonly fileCount: number;
  readonly bytes: Uint8Array;
}

/** Zips a built extension directory (dist/) with its release manifest. */
export function zipRelease(dist: string): ReleaseZip {
  const files = readTree(dist);
  const manifest = JSON.parse(readFileSync(join(dist, 'manifest.json'), 'utf8')) as Manifest;
  files['manifest.json'] = strToU8(`${JSON.stringify(releaseManifest(manifest), null, 2)}\n`);
  return {
    version: String(manifest.version),
    fileCount: Object.keys(files).length,
    bytes: zipSync(files, { level: 9 }),
  };
}

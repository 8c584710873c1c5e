/**
 * A copy of the build whose manifest lists `debugger` under `permissions`: the extension as a user
 * has it after accepting network capture's permission prompt (headless Chromium cannot click the
 * prompt). The shipped manifest keeps `debugger` optional (tests/build/build-guard.test.ts).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DIST } from './launch';

export interface GrantedCopy {
  readonly dir: string;
  remove(): void;
}

export function copyDistWithDebuggerGranted(dist: string = DIST): GrantedCopy {
  const dir = mkdtempSync(join(tmpdir(), 'sse-devtools-debugger-'));
  cpSync(dist, dir, { recursive: true });
  const file = join(dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as {
    permissions?: string[];
    optional_permissions?: string[];
  };
  manifest.permissions = [...new Set([...(manifest.permissions ?? []), 'debugger'])];
  manifest.optional_permissions = (manifest.optional_permissions ?? []).filter(
    (p) => p !== 'debugger',
  );
  writeFileSync(file, JSON.stringify(manifest, null, 2));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

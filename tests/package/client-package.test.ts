/**
 * The fixed client as an app installs it: `npm run build:client`, `npm pack`, then the tarball
 * installed into a scratch app in a temp dir (offline; react and its types linked from this repo's
 * node_modules with `file:` specs), a usage type-checked with tsc under Node's own resolution
 * (`nodenext`, the strictest about `exports` and file extensions) and run with node.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const root = resolve(import.meta.dirname, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'sse-client-package-'));
const app = join(work, 'app');

function run(cmd: string, args: string[], cwd: string): string {
  const result = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 120_000 });
  if (result.status !== 0) {
    throw new Error(
      `${cmd} ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`,
    );
  }
  return result.stdout;
}

let tarball = '';
let packedFiles: string[] = [];

beforeAll(() => {
  const built = run('node', ['scripts/build-client.mjs', `--pack-destination=${work}`], root);
  tarball = built.trim().split('\n').at(-1) ?? '';
  const listed = JSON.parse(
    run('npm', ['pack', '--dry-run', '--json'], join(root, 'release/client')),
  );
  packedFiles = (listed[0].files as { path: string }[]).map((f) => f.path);

  run('mkdir', ['-p', app], work);
  const modules = join(root, 'node_modules');
  writeFileSync(
    join(app, 'package.json'),
    JSON.stringify({
      name: 'scratch-app',
      private: true,
      type: 'module',
      dependencies: {
        '@sse-devtools/client': `file:${tarball}`,
        react: `file:${join(modules, 'react')}`,
        '@types/react': `file:${join(modules, '@types/react')}`,
      },
    }),
  );
  run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts'], app);
}, 180_000);

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('the client package', () => {
  test('npm pack ships the built entries and their types, no tests or sources', () => {
    expect(tarball).toMatch(/sse-devtools-client-.*\.tgz$/);
    expect(packedFiles).toEqual(
      expect.arrayContaining([
        'package.json',
        'README.md',
        'dist/client/index.js',
        'dist/client/index.d.ts',
        'dist/client/react.js',
        'dist/client/react.d.ts',
      ]),
    );
    expect(packedFiles.filter((f) => /\.test\.|\.ts$(?<!\.d\.ts)|testing\//.test(f))).toEqual([]);
  });

  test('the root entry reaches no package (React stays behind ./react)', () => {
    const dist = join(app, 'node_modules/@sse-devtools/client/dist');
    const seen = new Set<string>();
    const bare = new Set<string>();
    const pending = [join(dist, 'client/index.js')];
    while (pending.length > 0) {
      const file = pending.pop() as string;
      if (seen.has(file)) continue;
      seen.add(file);
      for (const m of readFileSync(file, 'utf8').matchAll(/\bfrom\s*['"]([^'"]+)['"]/g)) {
        const spec = m[1] as string;
        if (spec.startsWith('.')) pending.push(resolve(dirname(file), spec));
        else bare.add(spec);
      }
    }
    expect(seen.size).toBeGreaterThan(5);
    expect([...bare]).toEqual([]);
  });

  test('a usage type-checks against the installed .d.ts (nodenext resolution)', () => {
    writeFileSync(
      join(app, 'usage.ts'),
      `import { createSSEClient, type EventSourceLike, type SSEDebugSnapshot } from '@sse-devtools/client';
import { useSSEEvents, type UseSSEOptions } from '@sse-devtools/client/react';

class FakeEventSource implements EventSourceLike {
  readyState = 0;
  constructor(readonly url: string) {}
  close(): void {
    this.readyState = 2;
  }
  addEventListener(): void {}
}

const client = createSSEClient({ url: '/v1/events/sse', EventSource: FakeEventSource, debug: false });
client.subscribe((event) => void event.type, { name: 'table', types: ['order.updated'] });
const snapshot: SSEDebugSnapshot = client.debug();
const missed: number = snapshot.deliveries.missed;
const options: UseSSEOptions = { client, name: 'badge' };
// Real types, not \`any\`: a wrong option must be an error.
// @ts-expect-error url must be a string or a function
createSSEClient({ url: 42 });
export const used = [missed, options, useSSEEvents];
`,
    );
    writeFileSync(
      join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          lib: ['ES2023', 'DOM'],
          module: 'nodenext',
          moduleResolution: 'nodenext',
          strict: true,
          noEmit: true,
          types: [],
        },
        files: ['usage.ts'],
      }),
    );
    const tsc = join(root, 'node_modules/typescript/bin/tsc');
    const result = spawnSync('node', [tsc, '-p', 'tsconfig.json'], { cwd: app, encoding: 'utf8' });
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  test('a usage runs under node: connect twice opens one connection; ./react resolves', () => {
    writeFileSync(
      join(app, 'run.mjs'),
      `import { createSSEClient } from '@sse-devtools/client';
const instances = [];
class FakeEventSource {
  readyState = 0;
  constructor(url) { this.url = url; instances.push(this); }
  close() { this.readyState = 2; }
  addEventListener() {}
}
const client = createSSEClient({ url: '/v1/events/sse', EventSource: FakeEventSource, debug: false });
client.connect();
client.connect();
const react = await import('@sse-devtools/client/react');
console.log(JSON.stringify({
  constructed: instances.length,
  connects: client.debug().connects,
  hooks: [typeof react.useSSEEvents, typeof react.useSSEStatus],
}));
client.dispose();
`,
    );
    const output = JSON.parse(run('node', ['run.mjs'], app));
    expect(output).toEqual({ constructed: 1, connects: 1, hooks: ['function', 'function'] });
  });
});

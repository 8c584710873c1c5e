import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, test } from 'vitest';

// The root entry must not pull in React: an app without React (or a worker) installs the package
// and imports '.', and only the './react' subpath may need the peer dependency. Read statically
// (every import and re-export, type-only ones included) so a lazy `import('react')` counts too.

const here = dirname(fileURLToPath(import.meta.url));

/** Every module reachable from `entry`, and every bare (package) specifier they import. */
function moduleGraph(entry: string): { files: string[]; packages: Set<string> } {
  const files: string[] = [];
  const packages = new Set<string>();
  const pending = [resolve(here, entry)];
  while (pending.length > 0) {
    const file = pending.pop() as string;
    if (files.includes(file)) continue;
    files.push(file);
    const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    for (const { fileName } of info.importedFiles) {
      if (!fileName.startsWith('.')) {
        packages.add(fileName);
        continue;
      }
      const base = resolve(dirname(file), fileName);
      const candidates = [`${base}.ts`, `${base}.tsx`, resolve(base, 'index.ts')];
      const found = candidates.find((c) => {
        try {
          readFileSync(c);
          return true;
        } catch {
          // Not this candidate extension: try the next one.
          return false;
        }
      });
      if (found === undefined) throw new Error(`unresolved import ${fileName} in ${file}`);
      pending.push(found);
    }
  }
  return { files, packages };
}

describe('entry points of the client', () => {
  test('index.ts reaches no React (nor any other package)', () => {
    const graph = moduleGraph('index.ts');
    expect(graph.files.length).toBeGreaterThan(5);
    expect([...graph.packages]).toEqual([]);
  });

  test('react.ts is where React comes in', () => {
    expect([...moduleGraph('react.ts').packages]).toEqual(['react']);
  });
});

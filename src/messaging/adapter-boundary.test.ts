/**
 * Extension APIs are reached through the adapters only: the worker, the DevTools page and the
 * relay (entry files and logic alike) never name the `chrome` global, and only the extension
 * pages' entry files import webextension-polyfill (the relay must not: see chrome-apis.ts).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, test } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const SCOPE = [
  'src/background',
  'src/devtools',
  'src/messaging',
  'content/relay',
  'content/relay.ts',
];
/** The one module that may read `chrome.*`: the relay's adapter. */
const CHROME_ADAPTER = 'src/messaging/chrome-apis.ts';
const POLYFILL_IMPORTERS = ['src/background/index.ts', 'src/devtools/devtools.ts'];

function sources(path: string): string[] {
  const full = join(root, path);
  if (!statSync(full).isDirectory()) return [path];
  return readdirSync(full).flatMap((name) => sources(join(path, name)));
}
const files = SCOPE.flatMap(sources).filter(
  (file) => /\.tsx?$/.test(file) && !/\.test\.tsx?$/.test(file) && !file.includes('/testing/'),
);

/** Identifiers `chrome` used as a value, and the modules imported at run time. */
function scan(file: string): { chromeUses: number; imports: string[] } {
  const text = readFileSync(join(root, file), 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  let chromeUses = 0;
  const imports: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && node.text === 'chrome' && !ts.isTypeReferenceNode(node.parent)) {
      const inType = ts.isQualifiedName(node.parent) || ts.isTypeQueryNode(node.parent);
      if (!inType) chromeUses++;
    }
    if (ts.isImportDeclaration(node) && !node.importClause?.isTypeOnly) {
      imports.push((node.moduleSpecifier as ts.StringLiteral).text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { chromeUses, imports };
}

describe('extension API boundary', () => {
  test('scans the files it is meant to', () => {
    expect(files).toContain('src/background/index.ts');
    expect(files).toContain('content/relay.ts');
    expect(files).toContain(CHROME_ADAPTER);
  });

  test.each(files.filter((file) => file !== CHROME_ADAPTER))('%s never names `chrome`', (file) => {
    expect(scan(file).chromeUses).toBe(0);
  });

  test('only the extension pages’ entry files import webextension-polyfill', () => {
    const importers = files.filter((file) => scan(file).imports.includes('webextension-polyfill'));
    expect(importers.map((file) => relative(root, join(root, file))).sort()).toEqual(
      [...POLYFILL_IMPORTERS].sort(),
    );
  });

  test('the relay never reaches the polyfill-backed adapters', () => {
    for (const file of files.filter((f) => f.startsWith('content/relay'))) {
      expect(scan(file).imports.some((spec) => spec.endsWith('/browser-apis'))).toBe(false);
    }
  });
});

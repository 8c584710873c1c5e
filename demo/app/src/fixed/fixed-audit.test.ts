/**
 * Ticket 29, "Risks: forgotten `new EventSource` calls (a global search audit is mandatory)" and
 * stage 1 step 1 (`rg -n "new\s+EventSource|EventSource\(|useAdminEvents\("`), as a test: the
 * fixed mode must not create an EventSource anywhere, and must not reach the legacy code.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, test } from 'vitest';

const SRC = join(import.meta.dirname, '..');
const CREATORS = /new\s+EventSource\b|\bEventSource\s*\(|useAdminEvents\s*\(/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** "file:line: text" for every line matching `pattern`. */
function grep(files: readonly string[], pattern: RegExp): string[] {
  return files.flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .flatMap((line, i) =>
        pattern.test(line) ? [`${relative(SRC, file)}:${i + 1}: ${line.trim()}`] : [],
      ),
  );
}

const fixedFiles = sourceFiles(join(SRC, 'fixed'));
const legacyFiles = sourceFiles(join(SRC, 'legacy'));

describe('the stray-creator audit', () => {
  test('finds the creators the legacy code is known to have (the pattern can match)', () => {
    const hits = grep(legacyFiles, CREATORS);
    expect(hits.some((hit) => hit.includes('new EventSource'))).toBe(true);
    expect(hits.some((hit) => hit.includes('useAdminEvents('))).toBe(true);
  });

  test('finds no EventSource creation and no useAdminEvents call in the fixed mode', () => {
    expect(fixedFiles.length).toBeGreaterThan(0);
    expect(grep(fixedFiles, CREATORS)).toEqual([]);
  });

  test('the fixed mode connects only through the client library', () => {
    expect(grep(fixedFiles, /from '.*src\/client'/).length).toBeGreaterThan(0);
  });
});

describe('the separation of the two modes', () => {
  test('fixed code never imports legacy code', () => {
    expect(grep(fixedFiles, /from '\.\.\/legacy/)).toEqual([]);
  });

  test('legacy code never imports fixed code or the fixed client', () => {
    expect(grep(legacyFiles, /from '(\.\.\/fixed|.*src\/client)/)).toEqual([]);
  });

  test('shared code creates no EventSource of its own', () => {
    const shared = sourceFiles(SRC).filter(
      (file) => !file.includes('/legacy/') && !file.includes('/fixed/'),
    );
    expect(shared.length).toBeGreaterThan(0);
    expect(grep(shared, CREATORS)).toEqual([]);
  });

  test('every legacy file names the ticket hypothesis it reproduces', () => {
    for (const file of legacyFiles) {
      const head = readFileSync(file, 'utf8').slice(0, 300);
      expect(head, relative(SRC, file)).toMatch(/LEGACY \(ticket 29\b[^)]*hypothes/);
    }
  });
});

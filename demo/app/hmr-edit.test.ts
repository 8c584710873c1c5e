import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { DEFAULT_HMR_BANNER, HMR_TARGET_PATH, withBanner } from './hmr-edit';
import { HMR_BANNER } from './src/hmr-target';

test('replaces only the banner line, with a valid string literal', () => {
  const source = "/** doc */\nexport const HMR_BANNER = 'old';\nexport const OTHER = 1;\n";
  expect(withBanner(source, `it's "new"`)).toBe(
    '/** doc */\nexport const HMR_BANNER = "it\'s \\"new\\"";\nexport const OTHER = 1;\n',
  );
});

test('the real target file has the banner line the helper rewrites', () => {
  expect(() => withBanner(readFileSync(HMR_TARGET_PATH, 'utf8'), 'x')).not.toThrow();
});

test('a file without the banner line is a clear error', () => {
  expect(() => withBanner('export const X = 1;\n', 'x')).toThrow(/HMR_BANNER/);
});

test('the target holds the default banner (an edit left by an interrupted e2e run fails here)', () => {
  expect(HMR_BANNER).toBe(DEFAULT_HMR_BANNER);
});

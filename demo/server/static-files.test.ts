import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { resolveStaticPath } from './static-files';

const root = path.resolve('/srv/app');

describe('resolveStaticPath', () => {
  test('maps a URL path to a file inside the root', () => {
    expect(resolveStaticPath(root, '/assets/app.js')).toBe(path.join(root, 'assets', 'app.js'));
  });

  test.each([
    '/../etc/passwd',
    '/assets/%2e%2e/%2e%2e/etc/passwd',
    '/..%5c..%5cwindows',
    '/.env',
    '/a/.git/config',
    '/x%00.html',
  ])('refuses %s', (pathname) => {
    expect(resolveStaticPath(root, pathname)).toBeNull();
  });

  test('reports a malformed escape as a 400', () => {
    expect(() => resolveStaticPath(root, '/%E0%A4%A')).toThrow(
      expect.objectContaining({ status: 400 }),
    );
  });
});

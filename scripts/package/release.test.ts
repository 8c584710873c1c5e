import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import manifest from '../../manifest.json' with { type: 'json' };
import { releaseManifest, zipRelease } from './release';

describe('releaseManifest', () => {
  test('drops the development key and keeps every other field of the real manifest', () => {
    expect(manifest.key).toMatch(/^MII/);
    const shipped = releaseManifest(manifest);
    expect(shipped).not.toHaveProperty('key');
    const { key: _key, ...rest } = manifest;
    expect(shipped).toEqual(rest);
  });

  test('leaves its input alone (the build’s manifest stays as it is)', () => {
    const input = { manifest_version: 3, key: 'MIIdev' };
    releaseManifest(input);
    expect(input).toEqual({ manifest_version: 3, key: 'MIIdev' });
  });
});

describe('zipRelease', () => {
  let dist: string;
  beforeEach(() => {
    dist = mkdtempSync(join(tmpdir(), 'sse-package-'));
    mkdirSync(join(dist, 'content'));
    writeFileSync(
      join(dist, 'manifest.json'),
      JSON.stringify({ manifest_version: 3, version: '1.2.3', key: 'MIIdev', name: 'SSE' }),
    );
    writeFileSync(join(dist, 'content', 'relay.js'), '(function(){})();');
  });
  afterEach(() => rmSync(dist, { recursive: true, force: true }));

  test('zips every file, with a manifest that has no key', () => {
    const release = zipRelease(dist);
    const files = unzipSync(release.bytes);
    expect(Object.keys(files).sort()).toEqual(['content/relay.js', 'manifest.json']);
    expect(JSON.parse(strFromU8(files['manifest.json']!))).toEqual({
      manifest_version: 3,
      version: '1.2.3',
      name: 'SSE',
    });
    expect(strFromU8(files['content/relay.js']!)).toBe('(function(){})();');
    expect(release.version).toBe('1.2.3');
    expect(release.fileCount).toBe(2);
  });
});

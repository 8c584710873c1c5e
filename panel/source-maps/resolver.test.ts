import { transformSync } from 'esbuild';
import { describe, expect, test } from 'vitest';
import {
  createSourceMapResolver,
  decodeDataUrl,
  sourceMappingUrlOf,
  type SourceMapIo,
} from './resolver';

/** The original: the EventSource is constructed on line 4, column 14 (1-based). */
const ORIGINAL = [
  'type Options = { url: string };',
  '',
  'export function connect(options: Options): EventSource {',
  '  const es = new EventSource(options.url);',
  '  return es;',
  '}',
  '',
].join('\n');

/** A real bundle of it: minified to one line, with its map inline or beside it. */
function bundle(sourcemap: 'inline' | 'external') {
  const out = transformSync(ORIGINAL, {
    loader: 'ts',
    minify: true,
    sourcemap: sourcemap === 'inline' ? 'inline' : 'external',
    sourcefile: 'src/live/connect.ts',
  });
  return { code: out.code, map: out.map };
}

/** Where `new EventSource` sits in the generated code, 1-based like V8. */
function generatedNew(code: string) {
  const lines = code.split('\n');
  const line = lines.findIndex((l) => l.includes('new EventSource'));
  return { line: line + 1, column: (lines[line] ?? '').indexOf('new EventSource') + 1 };
}

function io(files: Record<string, string>) {
  const reads: string[] = [];
  const api: SourceMapIo = {
    readScript: (url) => {
      reads.push(`script ${url}`);
      return Promise.resolve(files[url] ?? null);
    },
    readMap: (url) => {
      reads.push(`map ${url}`);
      return Promise.resolve(files[url] ?? null);
    },
  };
  return { api, reads };
}

const SCRIPT = 'http://127.0.0.1:8080/assets/bundle.js';

describe('the source-map resolver', () => {
  test('maps a minified frame to the original file:line through an inline data: map', async () => {
    const { code } = bundle('inline');
    const { api } = io({ [SCRIPT]: code });
    const at = generatedNew(code);
    expect(at.line).toBe(1); // minified: everything on one line
    const found = await createSourceMapResolver(api).resolve({ url: SCRIPT, ...at });
    expect(found).toEqual({
      url: 'http://127.0.0.1:8080/assets/src/live/connect.ts',
      line: 4,
      column: 14,
      name: null,
    });
  });

  test('reads a same-origin map named by the script, resolving sources against the map URL', async () => {
    const { code, map } = bundle('external');
    const script = `${code}//# sourceMappingURL=maps/bundle.js.map\n`;
    const { api, reads } = io({
      [SCRIPT]: script,
      'http://127.0.0.1:8080/assets/maps/bundle.js.map': map,
    });
    const found = await createSourceMapResolver(api).resolve({
      url: SCRIPT,
      ...generatedNew(script),
    });
    expect(found?.url).toBe('http://127.0.0.1:8080/assets/maps/src/live/connect.ts');
    expect(found?.line).toBe(4);
    expect(reads).toEqual([
      `script ${SCRIPT}`,
      'map http://127.0.0.1:8080/assets/maps/bundle.js.map',
    ]);
  });

  test('never reads a cross-origin map', async () => {
    const { code, map } = bundle('external');
    const script = `${code}//# sourceMappingURL=https://cdn.example/bundle.js.map\n`;
    const { api, reads } = io({ [SCRIPT]: script, 'https://cdn.example/bundle.js.map': map });
    expect(await createSourceMapResolver(api).resolve({ url: SCRIPT, line: 1, column: 1 })).toBe(
      null,
    );
    expect(reads).toEqual([`script ${SCRIPT}`]);
  });

  test('looks each script up once, failures included', async () => {
    const { code } = bundle('inline');
    const { api, reads } = io({ [SCRIPT]: code });
    const resolver = createSourceMapResolver(api);
    const at = generatedNew(code);
    await resolver.resolve({ url: SCRIPT, ...at });
    await resolver.resolve({ url: SCRIPT, ...at });
    await resolver.resolve({ url: 'http://127.0.0.1:8080/missing.js', line: 1, column: 1 });
    await resolver.resolve({ url: 'http://127.0.0.1:8080/missing.js', line: 1, column: 1 });
    expect(reads).toEqual([`script ${SCRIPT}`, 'script http://127.0.0.1:8080/missing.js']);
  });

  test('a script without a map, a broken map, and a non-web URL give null', async () => {
    const { api } = io({
      [SCRIPT]: 'new EventSource("/x");',
      'http://127.0.0.1:8080/broken.js':
        'x()\n//# sourceMappingURL=data:application/json;base64,e30K!!',
    });
    const resolver = createSourceMapResolver(api);
    expect(await resolver.resolve({ url: SCRIPT, line: 1, column: 1 })).toBeNull();
    expect(
      await resolver.resolve({ url: 'http://127.0.0.1:8080/broken.js', line: 1, column: 1 }),
    ).toBeNull();
    expect(
      await resolver.resolve({ url: 'chrome-extension://x/hook.js', line: 1, column: 1 }),
    ).toBe(null);
  });
});

describe('map comments and data URLs', () => {
  test('the last sourceMappingURL comment wins; a string in code is not a comment', () => {
    expect(
      sourceMappingUrlOf('a()\n//# sourceMappingURL=old.map\nb()\n//# sourceMappingURL=new.map\n'),
    ).toBe('new.map');
    expect(sourceMappingUrlOf('x = "//# sourceMappingURL=no.map"')).toBeNull();
    expect(sourceMappingUrlOf('a()\n/*# sourceMappingURL=css-style.map */')).toBe('css-style.map');
  });

  test('data URLs decode from base64 (UTF-8) and percent-encoding', () => {
    const json = '{"names":["ё"]}';
    const b64 = Buffer.from(json, 'utf8').toString('base64');
    expect(decodeDataUrl(`data:application/json;charset=utf-8;base64,${b64}`)).toBe(json);
    expect(decodeDataUrl(`data:application/json,${encodeURIComponent(json)}`)).toBe(json);
    expect(decodeDataUrl('http://x/y.map')).toBeNull();
  });
});

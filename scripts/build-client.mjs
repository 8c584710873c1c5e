// `npm run build:client`: the fixed SSE client (src/client) as an installable ESM package in
// release/client/ (gitignored): JS and .d.ts emitted by tsc, a package.json whose `exports` map
// has the React-free root entry and the `./react` hooks (react as an optional peer dependency).
// `--pack` also runs `npm pack` into release/ (or `--pack-destination=DIR`) and prints the
// tarball path as the last line.
//
// tsc emits the repo's extensionless relative imports as they are; Node's ESM loader and
// TypeScript's node16/nodenext resolution need full paths, so every relative specifier in the
// output is rewritten to the file it resolves to (and the build fails if one resolves to none).
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const out = join(root, 'release', 'client');
const dist = join(out, 'dist');
const entries = ['src/client/index.ts', 'src/client/react.ts'];

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

// 1. Emit. Only what the two entries reach is compiled (tests and test fakes are not).
const tsconfig = join(out, 'tsconfig.build.json');
writeFileSync(
  tsconfig,
  JSON.stringify(
    {
      compilerOptions: {
        target: 'ES2022',
        lib: ['ES2023', 'DOM'],
        module: 'ESNext',
        moduleResolution: 'Bundler',
        jsx: 'react-jsx',
        strict: true,
        noUncheckedIndexedAccess: true,
        isolatedModules: true,
        skipLibCheck: true,
        declaration: true,
        sourceMap: false,
        noEmitOnError: true,
        // `process.env.NODE_ENV` in environment.ts is typed by @types/node; it is replaced by
        // bundlers and guarded at run time, and no emitted declaration mentions it.
        types: ['node'],
        rootDir: join(root, 'src'),
        outDir: dist,
      },
      files: entries.map((e) => join(root, e)),
    },
    null,
    2,
  ),
);
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const emitted = spawnSync(process.execPath, [tsc, '-p', tsconfig], { stdio: 'inherit' });
if (emitted.status !== 0) fail('tsc failed');
rmSync(tsconfig);

// 2. Full relative specifiers ('./x' -> './x.js' or './x/index.js').
const SPECIFIER = /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])(\.{1,2}\/[^'"]*)\2/g;
for (const file of walk(dist)) {
  if (!file.endsWith('.js') && !file.endsWith('.d.ts')) continue;
  const text = readFileSync(file, 'utf8');
  const rewritten = text.replace(SPECIFIER, (_m, head, quote, spec) => {
    return `${head}${quote}${resolveSpecifier(file, spec)}${quote}`;
  });
  if (rewritten !== text) writeFileSync(file, rewritten);
}

// 3. The package manifest.
const version = /SSE_CLIENT_VERSION = '([^']+)'/.exec(
  readFileSync(join(root, 'src/client/singleton.ts'), 'utf8'),
)?.[1];
if (version === undefined) fail('SSE_CLIENT_VERSION not found in src/client/singleton.ts');
const rootPkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const reactRange = `>=18`;
const entry = (name) => ({
  types: `./dist/client/${name}.d.ts`,
  import: `./dist/client/${name}.js`,
  default: `./dist/client/${name}.js`,
});
const manifest = {
  name: '@sse-devtools/client',
  version,
  description:
    'An SSE client that keeps at most one EventSource and one pending reconnect per tab, with diagnostics the SSE devtools panel reads.',
  type: 'module',
  sideEffects: false,
  engines: rootPkg.engines,
  exports: {
    '.': entry('index'),
    './react': entry('react'),
    './package.json': './package.json',
  },
  types: './dist/client/index.d.ts',
  files: ['dist', 'README.md'],
  peerDependencies: { react: reactRange },
  // Only the './react' entry imports React; an app that uses the root entry alone needs none.
  peerDependenciesMeta: { react: { optional: true } },
  license: rootPkg.license ?? 'UNLICENSED',
};
writeFileSync(join(out, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
copyFileSync(join(root, 'src/client/README.md'), join(out, 'README.md'));

for (const [name, spec] of Object.entries(manifest.exports)) {
  const target = typeof spec === 'string' ? spec : spec.import;
  if (!existsSync(join(out, target))) fail(`export ${name} points at missing ${target}`);
}
console.log(`built ${manifest.name}@${version} in ${relative(root, out)}`);

// 4. Optionally the tarball an app installs.
const destinationArg = process.argv.find((a) => a.startsWith('--pack-destination='));
if (process.argv.includes('--pack') || destinationArg !== undefined) {
  const destination = destinationArg
    ? resolve(destinationArg.slice('--pack-destination='.length))
    : join(root, 'release');
  const packed = spawnSync('npm', ['pack', '--json', '--pack-destination', destination], {
    cwd: out,
    encoding: 'utf8',
  });
  if (packed.status !== 0) fail(`npm pack failed:\n${packed.stderr}`);
  const [info] = JSON.parse(packed.stdout);
  console.log(join(destination, info.filename));
}

function resolveSpecifier(fromFile, spec) {
  const base = resolve(dirname(fromFile), spec);
  const dts = fromFile.endsWith('.d.ts');
  const ext = dts ? '.d.ts' : '.js';
  if (existsSync(`${base}${ext}`)) return `${spec}.js`;
  if (existsSync(join(base, `index${ext}`))) return `${spec}/index.js`;
  if (existsSync(base) && statSync(base).isFile()) return spec;
  fail(`${relative(root, fromFile)}: cannot resolve ${spec}`);
}

function* walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* walk(path);
    else yield path;
  }
}

function fail(message) {
  console.error(`build:client: ${message}`);
  process.exit(1);
}

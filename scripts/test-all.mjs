// `npm test`: typecheck, lint, unit tests, build, build-guard + e2e tests in real Chromium.
// Every step runs even if an earlier one failed, so one run shows every problem; the exit code
// is non-zero if any step failed. The last line counts the tests that ran.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const reports = mkdtempSync(join(tmpdir(), 'sse-devtools-test-'));
const vitest = (project) => [
  'npx',
  'vitest',
  'run',
  '--project',
  project,
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${join(reports, `${project}.json`)}`,
];
const steps = [
  ['typecheck', ['npx', 'tsc', '--noEmit', '-p', '.']],
  ['lint', ['npm', 'run', '--silent', 'lint']],
  ['unit', vitest('unit')],
  ['build', ['npx', 'vite', 'build']],
  ['e2e', vitest('e2e')],
];

const results = [];
for (const [name, [cmd, ...args]] of steps) {
  const started = Date.now();
  console.log(`\n▶ ${name}: ${[cmd, ...args].join(' ')}`);
  const { status } = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  results.push({ name, ok: status === 0, seconds: (Date.now() - started) / 1000 });
}

// Count tests from Vitest's JSON reports; a failed step without its own tests (typecheck, lint,
// build, or a test step that crashed before reporting) counts as one failure.
let passed = 0;
let failed = 0;
for (const r of results) {
  const file = join(reports, `${r.name}.json`);
  const report = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null;
  if (report) {
    passed += report.numPassedTests ?? 0;
    failed += report.numFailedTests ?? 0;
  }
  if (!r.ok && !(report?.numFailedTests > 0)) failed += 1;
}
console.log('\nSummary');
for (const r of results)
  console.log(`  ${r.ok ? '✓' : '✗'} ${r.name.padEnd(10)} ${r.seconds.toFixed(1)} s`);
console.log(`\ntests: ${passed} passed, ${failed} failed`);
process.exit(results.every((r) => r.ok) ? 0 : 1);

#!/usr/bin/env node
/**
 * `npm start` — builds the extension (`vite build` → dist/), then runs scripts/start/main.ts
 * (TypeScript, through tsx's Node loader) which starts the SSE server, the admin app and
 * Chromium. Plain ESM so it runs before anything is compiled. Signals are forwarded to the child,
 * which stops everything it started; this process exits with the child's code.
 *
 *   npm start                       legacy mode, browser with DevTools on the SSE panel
 *   npm start -- --mode fixed       the fixed client
 *   npm start -- --no-browser       only the server and the app
 *   npm start -- --help             every option
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const wantsHelp = args.includes('--help') || args.includes('-h');

/** Runs a command to completion with inherited stdio; resolves with its exit code. */
function run(command, commandArgs) {
  return new Promise((resolvePromise) => {
    const child = spawn(command, commandArgs, { cwd: ROOT, stdio: 'inherit' });
    child.on('error', (error) => {
      console.error(`npm start: could not run ${command}: ${error.message}`);
      resolvePromise(1);
    });
    child.on('exit', (code, signal) => resolvePromise(code ?? (signal ? 1 : 0)));
  });
}

if (!wantsHelp && !args.includes('--no-build')) {
  console.log('Building the extension (vite build → dist/) …');
  // Vite's own bin through this Node: no npx/shell layer between us and the build.
  const code = await run(process.execPath, [
    resolve(ROOT, 'node_modules/vite/bin/vite.js'),
    'build',
    '--logLevel',
    'warn',
  ]);
  if (code !== 0) {
    console.error(`npm start: the extension build failed (exit ${code}).`);
    process.exit(code);
  }
}

const child = spawn(
  process.execPath,
  ['--import', 'tsx', resolve(ROOT, 'scripts/start/main.ts'), ...args],
  {
    cwd: ROOT,
    stdio: 'inherit',
  },
);
for (const signal of ['SIGINT', 'SIGTERM']) {
  // On Ctrl+C the terminal signals the child too; main.ts treats a repeat as a no-op.
  process.on(signal, () => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  });
}
child.on('exit', (code, signal) =>
  process.exit(code ?? (signal === 'SIGINT' || signal === 'SIGTERM' ? 0 : 1)),
);

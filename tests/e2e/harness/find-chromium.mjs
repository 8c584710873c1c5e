// Finds a Chromium-family browser for the e2e tests, benchmarks and `npm start`.
// Plain .mjs so node scripts and Vitest tests can both import it.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CANDIDATES = [
  '/usr/bin/chromium',
  'chromium-browser',
  'google-chrome',
  'google-chrome-stable',
];

function which(name) {
  if (name.startsWith('/')) return existsSync(name) ? name : null;
  try {
    return (
      execFileSync('which', [name], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim() || null
    );
  } catch {
    // `which` exits non-zero when the name is not on PATH: that is the "not found" answer.
    return null;
  }
}

/** CHROME_PATH first, then the usual names; throws a message that says how to install one. */
export function findChromium() {
  const fromEnv = process.env.CHROME_PATH;
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    throw new Error(`CHROME_PATH=${fromEnv} does not exist.`);
  }
  for (const candidate of CANDIDATES) {
    const found = which(candidate);
    if (found) return found;
  }
  throw new Error(
    'No Chromium found. Install one (Debian/Ubuntu: `sudo apt-get update && sudo apt-get install -y chromium`) ' +
      'or point CHROME_PATH at a Chrome/Chromium binary.',
  );
}

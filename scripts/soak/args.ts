/** Command line of `npm run soak` (pure: parsed from argv, no defaults read from the environment). */

export interface SoakOptions {
  /** Session length. */
  readonly minutes: number;
  /** Time between two faults, ms. */
  readonly faultEveryMs: number;
  /** Time between two samples, ms (default: about 60 samples per run, at least every 5 s). */
  readonly sampleEveryMs: number;
  /** Show the browser window (needs a display). */
  readonly headed: boolean;
}

export const USAGE = `usage: npm run soak -- [--minutes 60] [--fault-every 30s] [--sample-every 60s] [--headed]
  durations: 500ms, 20s, 2m or a number of seconds`;

/** "500ms" | "20s" | "2m" | "20" (seconds) → ms; null when malformed. */
export function parseDuration(text: string): number | null {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim());
  if (!match) return null;
  const value = Number(match[1]);
  const unit = match[2] ?? 's';
  const ms = unit === 'ms' ? value : unit === 's' ? value * 1000 : value * 60_000;
  return ms > 0 ? Math.round(ms) : null;
}

export function parseSoakArgs(argv: readonly string[]): SoakOptions | { error: string } {
  let minutes = 60;
  let faultEveryMs = 30_000;
  let sampleEveryMs: number | null = null;
  let headed = false;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    switch (flag) {
      case '--minutes': {
        const n = Number(value);
        if (!(n > 0)) return { error: `--minutes needs a positive number, got ${value}` };
        minutes = n;
        i++;
        break;
      }
      case '--fault-every':
      case '--sample-every': {
        const ms = value === undefined ? null : parseDuration(value);
        if (ms === null)
          return { error: `${flag} needs a duration (500ms, 20s, 2m), got ${value}` };
        if (flag === '--fault-every') faultEveryMs = ms;
        else sampleEveryMs = ms;
        i++;
        break;
      }
      case '--headed':
        headed = true;
        break;
      default:
        return { error: `unknown argument ${flag}` };
    }
  }
  const totalMs = minutes * 60_000;
  return {
    minutes,
    faultEveryMs,
    sampleEveryMs: sampleEveryMs ?? Math.max(5000, Math.round(totalMs / 60)),
    headed,
  };
}

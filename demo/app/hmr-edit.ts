/**
 * Makes a real HMR edit of the demo app, for the evidence run and e2e tests (ticket 29 stage 4:
 * "make a small edit (HMR) — no extra connection"). Rewrites the banner of src/hmr-target.ts;
 * Vite's watcher picks the change up and pushes an update to every open page.
 *
 *   const edit = await touchHmrTarget('edited at 12:00');
 *   // … wait for the page to show it, count connections …
 *   await edit.restore();
 */
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';

export const HMR_TARGET_PATH = resolve(import.meta.dirname, 'src/hmr-target.ts');

/** The banner the file holds at rest; an edit left behind by an interrupted run fails a unit test. */
export const DEFAULT_HMR_BANNER = 'Welcome to the admin demo';

const BANNER_LINE = /^export const HMR_BANNER = .*;$/m;

/** The file's text with the banner replaced (pure; throws if the banner line is missing). */
export function withBanner(source: string, text: string): string {
  if (!BANNER_LINE.test(source))
    throw new Error(`${HMR_TARGET_PATH} has no "export const HMR_BANNER = …;" line`);
  // JSON.stringify gives a valid single-line TS string literal for any text.
  return source.replace(BANNER_LINE, () => `export const HMR_BANNER = ${JSON.stringify(text)};`);
}

export interface HmrEdit {
  /** Writes the original text back (another HMR update). Idempotent. */
  restore(): Promise<void>;
}

export async function touchHmrTarget(text: string): Promise<HmrEdit> {
  const original = await readFile(HMR_TARGET_PATH, 'utf8');
  await writeFile(HMR_TARGET_PATH, withBanner(original, text));
  let restored = false;
  return {
    async restore() {
      if (restored) return;
      restored = true;
      await writeFile(HMR_TARGET_PATH, original);
    },
  };
}

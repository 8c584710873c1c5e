/**
 * Unit tests: show the panel in a shipped locale by answering chrome.i18n from
 * public/_locales/<lang>/messages.json, as Chrome does for a browser in that language.
 * Undo with `vi.unstubAllGlobals()` and `resetMessageSource()` (the unit project unstubs globals).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { vi } from 'vitest';
import { resetMessageSource } from './chrome-messages';

export function readMessages(lang: string): Record<string, { message: string }> {
  const file = resolve(import.meta.dirname, '../../public/_locales', lang, 'messages.json');
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, { message: string }>;
}

export function stubLocale(lang: string): void {
  const messages = readMessages(lang);
  vi.stubGlobal('chrome', {
    i18n: {
      getMessage: (name: string) => messages[name]?.message ?? '',
      getUILanguage: () => lang,
    },
  });
  resetMessageSource();
}

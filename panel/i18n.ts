/**
 * `t()`: the one way the panel turns a key into text. chrome.i18n first (the browser's UI
 * language, public/_locales/<lang>/messages.json), then the English table in locale/en.ts, so a
 * missing translation shows English, never an empty label. Keys are typed: a key the table does
 * not have is a compile error.
 */
import { fill, lookupMessage } from './locale/chrome-messages';
import { en, type StringKey } from './locale/en';

export type { StringKey } from './locale/en';
export type TextParams = Readonly<Record<string, string | number>>;

export function t(key: StringKey, params?: TextParams): string {
  return fill(lookupMessage(key) || en[key], params);
}

export function isStringKey(key: string): key is StringKey {
  return Object.prototype.hasOwnProperty.call(en, key);
}

/**
 * Text for a key that arrives as data rather than from code: evidence codes, which an imported
 * report may carry from another version of the panel. An unknown code is shown as itself.
 */
export function textOf(code: string, params?: TextParams): string {
  return isStringKey(code) ? t(code, params) : fill(code, params);
}

/**
 * UI strings come from `chrome.i18n.getMessage` (public/_locales/<lang>/messages.json, the
 * browser's UI language: `--lang=ru` gives Russian). Where chrome.i18n is absent (unit tests, the
 * panel page opened outside the extension) or has no such message, `t()` falls back to the English
 * table (en.ts), so a missing translation shows English, never an empty label.
 *
 * Message names may only hold [A-Za-z0-9_]: the panel's dotted keys map `.` → `_`.
 */
interface I18nLike {
  getMessage(name: string): string;
  getUILanguage?(): string;
}

export function messageName(key: string): string {
  return key.replace(/[^A-Za-z0-9_]/g, '_');
}

function chromeI18n(): I18nLike | null {
  const api = (globalThis as { chrome?: { i18n?: Partial<I18nLike> } }).chrome?.i18n;
  return api && typeof api.getMessage === 'function' ? (api as I18nLike) : null;
}

const cache = new Map<string, string>();
let source: I18nLike | null | undefined;

/** The localised template for `key`, or '' when there is none (the caller falls back). */
export function lookupMessage(key: string): string {
  if (source === undefined) source = chromeI18n();
  if (!source) return '';
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  let text = '';
  try {
    text = source.getMessage(messageName(key)) ?? '';
  } catch (error) {
    // getMessage throws for names it considers invalid: show the English text instead.
    console.debug('[SSE panel] i18n lookup failed for', key, error);
  }
  cache.set(key, text);
  return text;
}

/** The browser UI language ('en' without chrome.i18n), for `<html lang>` and number formats. */
export function uiLanguage(): string {
  if (source === undefined) source = chromeI18n();
  try {
    return source?.getUILanguage?.() || 'en';
  } catch (error) {
    console.debug('[SSE panel] getUILanguage failed', error);
    return 'en';
  }
}

/** Tests: forget the detected source (e.g. after stubbing or unstubbing `chrome`). */
export function resetMessageSource(): void {
  source = undefined;
  cache.clear();
}

/** Replaces `{name}` placeholders with text (never markup). */
export function fill(template: string, params?: Readonly<Record<string, string | number>>): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}

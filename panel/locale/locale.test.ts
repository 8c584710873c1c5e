import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { t, textOf } from '../i18n';
import { messageName, resetMessageSource } from './chrome-messages';
import { en } from './en';

const locales = resolve(import.meta.dirname, '../../public/_locales');
const read = (lang: string) =>
  JSON.parse(readFileSync(resolve(locales, lang, 'messages.json'), 'utf8')) as Record<
    string,
    { message: string }
  >;

beforeEach(() => resetMessageSource());
afterEach(() => {
  vi.unstubAllGlobals();
  resetMessageSource();
});

describe('i18n', () => {
  test('without chrome.i18n every string falls back to English', () => {
    expect(t('tab.acceptance')).toBe('Acceptance');
    expect(t('window.last', { n: '5 min' })).toBe('Last 5 min');
    expect(t('toolbar.liveOnly')).toBe('Live only');
  });

  test('with chrome.i18n the localised message wins', () => {
    const ru = read('ru');
    vi.stubGlobal('chrome', { i18n: { getMessage: (name: string) => ru[name]?.message ?? '' } });
    resetMessageSource();
    expect(t('tab.acceptance')).toBe(ru[messageName('tab.acceptance')]?.message);
    expect(t('tab.acceptance')).not.toBe('Acceptance');
    expect(t('toolbar.liveOnly')).toBe(ru.toolbar_liveOnly?.message);
  });

  test('a message chrome.i18n does not have falls back to English, not to an empty label', () => {
    vi.stubGlobal('chrome', { i18n: { getMessage: () => '' } });
    resetMessageSource();
    expect(t('status.pass')).toBe('passed');
  });

  test('placeholders are filled as text', () => {
    expect(t('counter.lost', { n: '<b>3</b>' })).toBe('<b>3</b> lost');
  });

  test('a code that arrives as data is translated when known and shown as itself when not', () => {
    expect(textOf('evidence.changes', { n: 2 })).toBe('2 changes judged.');
    expect(textOf('evidence.fromANewerPanel')).toBe('evidence.fromANewerPanel');
  });

  test('every key has a message in the English and the Russian locale', () => {
    for (const lang of ['en', 'ru']) {
      const messages = read(lang);
      for (const key of Object.keys(en))
        expect(messages[messageName(key)]?.message, `${lang}: ${key}`).toBeTruthy();
    }
  });

  test('English and Russian locales have the same messages, and keep the extension description', () => {
    const enFile = read('en');
    const ru = read('ru');
    expect(Object.keys(ru).sort()).toEqual(Object.keys(enFile).sort());
    expect(enFile.extensionDescription).toBeDefined();
    for (const [name, m] of Object.entries(ru)) expect(m.message, name).not.toBe('');
  });

  test('the English locale file says what the English table says, and nothing else', () => {
    const enFile = read('en');
    for (const [key, text] of Object.entries(en))
      expect(enFile[messageName(key)]?.message, key).toBe(text);
    const names = new Set(Object.keys(en).map(messageName));
    const extra = Object.keys(enFile).filter((n) => !names.has(n) && n !== 'extensionDescription');
    expect(extra).toEqual([]);
  });

  test('message names stay distinct after mapping keys to chrome.i18n names', () => {
    const names = Object.keys(en).map((k) => messageName(k).toLowerCase());
    expect(new Set(names).size).toBe(names.length);
  });

  test('Russian placeholders match the English ones', () => {
    const ru = read('ru');
    const holes = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [key, text] of Object.entries(en))
      expect(holes(ru[messageName(key)]?.message ?? ''), key).toEqual(holes(text));
  });
});

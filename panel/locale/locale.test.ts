import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { t } from '../i18n';
import { messageName, resetMessageSource } from './chrome-messages';
import { en2, tr } from './strings';

const locales = resolve(import.meta.dirname, '../../public/_locales');
const read = (lang: string) =>
  JSON.parse(readFileSync(resolve(locales, lang, 'messages.json'), 'utf8')) as Record<
    string,
    { message: string }
  >;

beforeEach(() => resetMessageSource());
afterEach(() => resetMessageSource());

describe('i18n', () => {
  test('without chrome.i18n every string falls back to English', () => {
    expect(tr('tab.acceptance')).toBe('Acceptance');
    expect(tr('window.last', { n: '5 min' })).toBe('Last 5 min');
  });

  test('with chrome.i18n the localised message wins', () => {
    const ru = read('ru');
    vi.stubGlobal('chrome', { i18n: { getMessage: (name: string) => ru[name]?.message ?? '' } });
    resetMessageSource();
    expect(tr('tab.acceptance')).toBe(ru[messageName('tab.acceptance')]?.message);
    expect(tr('tab.acceptance')).not.toBe('Acceptance');
  });

  test('a message chrome.i18n does not have falls back to English, not to an empty label', () => {
    vi.stubGlobal('chrome', { i18n: { getMessage: () => '' } });
    resetMessageSource();
    expect(tr('status.pass')).toBe('passed');
  });

  test('English and Russian locales have the same messages, and keep the extension description', () => {
    const en = read('en');
    const ru = read('ru');
    expect(Object.keys(ru).sort()).toEqual(Object.keys(en).sort());
    expect(en.extensionDescription).toBeDefined();
    for (const [name, m] of Object.entries(ru)) expect(m.message, name).not.toBe('');
  });

  test('the English locale file says what the English tables say', () => {
    const en = read('en');
    for (const [key, text] of Object.entries(en2))
      expect(en[messageName(key)]?.message, key).toBe(text);
  });

  test('message names stay distinct after mapping keys to chrome.i18n names', () => {
    const names = Object.keys(en2).map((k) => messageName(k).toLowerCase());
    expect(new Set(names).size).toBe(names.length);
  });

  test('part-1 strings go through chrome.i18n too', () => {
    vi.stubGlobal('chrome', {
      i18n: { getMessage: (name: string) => (name === 'toolbar_liveOnly' ? 'Только живые' : '') },
    });
    resetMessageSource();
    expect(t('toolbar.liveOnly')).toBe('Только живые');
    expect(t('toolbar.paused')).toBe('Paused');
  });
});

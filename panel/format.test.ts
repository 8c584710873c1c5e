import { afterEach, describe, expect, test, vi } from 'vitest';
import { formatBytes, formatDuration } from './format';
import { resetMessageSource } from './locale/chrome-messages';
import { stubLocale } from './locale/test-locale';

afterEach(() => {
  vi.unstubAllGlobals();
  resetMessageSource();
});

describe('durations and sizes', () => {
  test('read in English without chrome.i18n', () => {
    expect(formatDuration(250)).toBe('250 ms');
    expect(formatDuration(2_500)).toBe('2.5 s');
    expect(formatDuration(90_000)).toBe('1 min 30 s');
    expect(formatDuration(2 * 3_600_000 + 5 * 60_000)).toBe('2 h 5 min');
    expect(formatDuration(-1)).toBe('—');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(2048)).toBe('2.0 kB');
  });

  test('use Russian units in a Russian browser', () => {
    stubLocale('ru');
    expect(formatDuration(250)).toBe('250 мс');
    expect(formatDuration(2_500)).toBe('2.5 с');
    expect(formatDuration(90_000)).toBe('1 мин 30 с');
    expect(formatDuration(2 * 3_600_000 + 5 * 60_000)).toBe('2 ч 5 мин');
    expect(formatBytes(3 * 1024 * 1024)).toBe('3.0 МБ');
  });
});

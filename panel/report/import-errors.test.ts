import { afterEach, describe, expect, test, vi } from 'vitest';
import { resetMessageSource } from '../locale/chrome-messages';
import { stubLocale } from '../locale/test-locale';
import { REPORT_SCHEMA, REPORT_VERSION } from './report';
import { parseReport } from './validate-report';

afterEach(() => {
  vi.unstubAllGlobals();
  resetMessageSource();
});

const errorOf = (text: string): string => {
  const parsed = parseReport(text);
  if (parsed.ok) throw new Error('expected the import to fail');
  return parsed.error;
};

describe('import errors', () => {
  test('name the JSON path and the problem in English by default', () => {
    expect(errorOf('{"schema":"x"}')).toBe(
      `$.schema: not an SSE DevTools evidence report (expected "${REPORT_SCHEMA}")`,
    );
    expect(errorOf('[1')).toMatch(/^not JSON: /);
    const missing = JSON.stringify({ schema: REPORT_SCHEMA, version: REPORT_VERSION });
    expect(errorOf(missing)).toBe('$.createdAt: missing');
  });

  test('are Russian in a Russian browser, paths and values unchanged', () => {
    stubLocale('ru');
    expect(errorOf('{"schema":"x"}')).toBe(
      `$.schema: это не отчёт SSE DevTools (ожидалась схема "${REPORT_SCHEMA}")`,
    );
    expect(errorOf('[1')).toMatch(/^не JSON: /);
    const wrongVersion = JSON.stringify({ schema: REPORT_SCHEMA, version: 999 });
    expect(errorOf(wrongVersion)).toBe(
      `$.version: неподдерживаемая версия 999 (эта панель читает ${REPORT_VERSION})`,
    );
    const missing = JSON.stringify({ schema: REPORT_SCHEMA, version: REPORT_VERSION });
    expect(errorOf(missing)).toBe('$.createdAt: отсутствует');
  });
});

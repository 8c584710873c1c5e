import { describe, expect, test } from 'vitest';
import { LIMITS } from '../../src/protocol/limits';
import { DEFAULT_HOOK_SETTINGS } from '../../src/protocol/records';
import { captureNatives } from './natives';
import { createUrlRedactor } from './url-redaction';

const redactor = () =>
  createUrlRedactor(captureNatives(globalThis), DEFAULT_HOOK_SETTINGS.redactParams);

describe('URL redaction', () => {
  test.each([
    ['https://a.test/v1/events/sse?token=tok-x', 'https://a.test/v1/events/sse?token=[redacted]'],
    [
      'https://a.test/s?TOKEN=1&Access_Token=2&auth=3&other=4',
      'https://a.test/s?TOKEN=[redacted]&Access_Token=[redacted]&auth=[redacted]&other=4',
    ],
    ['https://a.test/s?to%6Ben=1', 'https://a.test/s?to%6Ben=[redacted]'],
    ['https://a.test/s?token', 'https://a.test/s?token=[redacted]'],
    ['https://a.test/s?tokens=1&x=%zz', 'https://a.test/s?tokens=1&x=%zz'],
    ['https://a.test/s?token=1#token=2', 'https://a.test/s?token=[redacted]#token=2'],
    ['https://user:secret@a.test/s', 'https://user:[redacted]@a.test/s'],
    ['https://user@a.test/s?q=a+b%20c', 'https://user@a.test/s?q=a+b%20c'],
    ['https://a.test/path@x?token=1', 'https://a.test/path@x?token=[redacted]'],
  ])('%s → %s', (input, expected) => {
    expect(redactor().redact(input)).toBe(expected);
  });

  test('the rule is configurable and case-insensitive', () => {
    const r = redactor();
    r.setParams(['Session']);
    expect(r.redact('https://a.test/s?SESSION=1&token=2')).toBe(
      'https://a.test/s?SESSION=[redacted]&token=2',
    );
  });

  test('caps the URL length', () => {
    const out = redactor().redact(`https://a.test/${'p'.repeat(10_000)}`);
    expect(out.length).toBe(LIMITS.maxUrl);
  });
});

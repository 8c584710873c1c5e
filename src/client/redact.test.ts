import { describe, expect, test } from 'vitest';
import { redactDeep, redactText } from './redact';

describe('redactText', () => {
  test.each([
    ['/v1/events/sse?token=abc.def', '/v1/events/sse?token=[redacted]'],
    ['/sse?a=1&access_token=xyz&b=2', '/sse?a=1&access_token=[redacted]&b=2'],
    ['/sse?AUTH=xyz#frag', '/sse?AUTH=[redacted]#frag'],
    ['/sse?lastEventId=42', '/sse?lastEventId=42'],
  ])('hides secret query values in %s', (input, expected) => {
    expect(redactText(input, [])).toBe(expected);
  });

  test('hides the current token wherever it appears, raw or URL-encoded', () => {
    const token = 'se/cret+tok';
    expect(redactText(`/sse?t=${encodeURIComponent(token)} and ${token}`, [token])).toBe(
      '/sse?t=[redacted] and [redacted]',
    );
  });

  test('leaves text alone when there is no token', () => {
    expect(redactText('[SSE] open marker=abc', [null])).toBe('[SSE] open marker=abc');
  });
});

describe('redactDeep', () => {
  test('redacts nested strings and keeps other values', () => {
    const out = redactDeep({ url: '/s?x=secret-1', list: ['secret-1', 3], n: null, ok: true }, [
      'secret-1',
    ]);
    expect(out).toEqual({ url: '/s?x=[redacted]', list: ['[redacted]', 3], n: null, ok: true });
  });

  test('redacts error messages and stacks', () => {
    const error = new Error('failed for secret-1');
    const out = redactDeep(error, ['secret-1']);
    expect(out.message).toBe('failed for [redacted]');
    expect(out.stack).not.toContain('secret-1');
  });
});

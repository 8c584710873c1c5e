import { describe, expect, test } from 'vitest';
import { withQueryParam } from './build-url';

describe('withQueryParam', () => {
  test.each([
    ['/v1/events/sse', '/v1/events/sse?lastEventId=42'],
    ['/v1/events/sse?token=t', '/v1/events/sse?token=t&lastEventId=42'],
    ['/sse?lastEventId=1&x=2', '/sse?lastEventId=42&x=2'],
    ['http://127.0.0.1:8080/sse?x=1#top', 'http://127.0.0.1:8080/sse?x=1&lastEventId=42#top'],
  ])('adds the parameter to %s', (url, expected) => {
    expect(withQueryParam(url, 'lastEventId', '42')).toBe(expected);
  });

  test('encodes the value', () => {
    expect(withQueryParam('/sse', 'lastEventId', 'a b&c')).toBe('/sse?lastEventId=a+b%26c');
  });
});

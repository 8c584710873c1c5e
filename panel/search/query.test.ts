import { describe, expect, test } from 'vitest';
import { highlight, hitRanges, MAX_HITS_PER_TEXT, parseQuery, queryMatches } from './query';

describe('parseQuery', () => {
  test('plain text is a case-insensitive substring; blank is empty', () => {
    expect(parseQuery('  ')).toEqual({ kind: 'empty' });
    const q = parseQuery(' Events/SSE ');
    expect(q).toEqual({ kind: 'text', needle: 'events/sse' });
    expect(queryMatches(q, 'http://x/v1/EVENTS/sse')).toBe(true);
  });

  test('/…/ is a regular expression, case-insensitive unless flags are given', () => {
    const q = parseQuery('/order-\\d+/');
    expect(q.kind).toBe('regex');
    expect(queryMatches(q, 'ORDER-42')).toBe(true);
    expect(queryMatches(q, 'order-x')).toBe(false);
    const strict = parseQuery('/Order/s');
    expect(queryMatches(strict, 'order')).toBe(false);
    expect(queryMatches(strict, 'Order')).toBe(true);
  });

  test('an invalid expression is a value with the reason, and matches nothing', () => {
    const q = parseQuery('/(unclosed/');
    expect(q.kind).toBe('invalid');
    expect(q.kind === 'invalid' && q.error).toMatch(/unterminated|group/i);
    expect(queryMatches(q, '(unclosed')).toBe(false);
  });

  test('a lone slash or "//" is text, not an empty pattern', () => {
    expect(parseQuery('/').kind).toBe('text');
    expect(parseQuery('//').kind).toBe('text');
  });

  test('matching twice with the same regex gives the same answer (lastIndex is reset)', () => {
    const q = parseQuery('/a/');
    expect(queryMatches(q, 'a')).toBe(true);
    expect(queryMatches(q, 'a')).toBe(true);
  });
});

describe('hits and highlighting', () => {
  test('every text hit, left to right, in the original case', () => {
    const text = 'Price: 10, price: 20';
    const ranges = hitRanges(parseQuery('price'), text);
    expect(ranges).toEqual([
      [0, 5],
      [11, 16],
    ]);
    expect(highlight(text, ranges)).toEqual([
      { text: 'Price', hit: true },
      { text: ': 10, ', hit: false },
      { text: 'price', hit: true },
      { text: ': 20', hit: false },
    ]);
  });

  test('regex hits; empty matches are stepped over instead of looping', () => {
    expect(hitRanges(parseQuery('/\\d+/'), 'a1b22c')).toEqual([
      [1, 2],
      [3, 5],
    ]);
    expect(hitRanges(parseQuery('/x*/'), 'abc')).toEqual([]);
  });

  test('hits per text are bounded', () => {
    expect(hitRanges(parseQuery('a'), 'a'.repeat(10_000))).toHaveLength(MAX_HITS_PER_TEXT);
  });

  test('markup in page data stays text', () => {
    const text = '<img src=x onerror=alert(1)>';
    const segments = highlight(text, hitRanges(parseQuery('img'), text));
    expect(segments.map((s) => s.text).join('')).toBe(text);
  });
});

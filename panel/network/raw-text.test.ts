import { describe, expect, test } from 'vitest';
import { bytesNotShown, visibleControls } from './raw-text';

describe('raw bytes as text', () => {
  test('shows line ends and control characters as escapes, breaking the line after \\n', () => {
    expect(visibleControls('data: a\r\n\tb\u0000\n')).toBe('data: a\\r\\n\n\\tb\\x00\\n\n');
  });

  test('keeps ordinary text, markup included, as it is', () => {
    expect(visibleControls('<b>é</b> 😀')).toBe('<b>é</b> 😀');
  });

  test('counts the bytes no kept chunk shows, never below zero', () => {
    expect(bytesNotShown(100, [{ size: 30 }, { size: 20 }])).toBe(50);
    expect(bytesNotShown(10, [{ size: 30 }])).toBe(0);
  });
});

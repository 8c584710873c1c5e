import { describe, expect, test } from 'vitest';
import { activityPatch, bytesAfterLastBlankLine } from './activity';

const start = { lastDataAt: null, lastEventAt: null, bytesSinceEvent: 0 };

describe('stream activity', () => {
  test('bytes with no visible content add up until an event completes', () => {
    const a = activityPatch(start, { kind: 'data', t: 10, size: 7, raw: null });
    const b = activityPatch(a, { kind: 'data', t: 20, size: 5, raw: null });
    expect(b).toEqual({ lastDataAt: 20, lastEventAt: null, bytesSinceEvent: 12 });
    expect(activityPatch(b, { kind: 'event', t: 25 })).toEqual({
      lastDataAt: 20,
      lastEventAt: 25,
      bytesSinceEvent: 0,
    });
  });

  test('visible bytes: a blank line completes a block, what follows it is pending', () => {
    const raw = btoa('data: a\n\ndata: b');
    expect(activityPatch(start, { kind: 'data', t: 5, size: 16, raw })).toEqual({
      lastDataAt: 5,
      lastEventAt: 5,
      bytesSinceEvent: 7,
    });
    const noBlank = activityPatch(start, { kind: 'data', t: 5, size: 8, raw: btoa('data: a\n') });
    expect(noBlank.bytesSinceEvent).toBe(8);
  });

  test('every line ending the spec allows ends a block', () => {
    expect(bytesAfterLastBlankLine(btoa(':hb\r\n\r\n'))).toBe(0);
    expect(bytesAfterLastBlankLine(btoa(':hb\r\rdata'))).toBe(4);
    expect(bytesAfterLastBlankLine(btoa('\n\nx'))).toBe(1);
    expect(bytesAfterLastBlankLine(btoa('data: x\n'))).toBeNull();
    expect(bytesAfterLastBlankLine('%%%')).toBeNull();
  });
});

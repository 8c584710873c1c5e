import { describe, expect, test } from 'vitest';
import { envelope } from './envelope';
import {
  isBackgroundToPanel,
  isBackgroundToRelay,
  isPageProbeResult,
  isPanelToBackground,
  isRelayToBackground,
  isRelayToPage,
} from './guards';
import { LIMITS } from './limits';

const request = { probeId: 'p1', url: 'http://h/sse?token=[redacted]', withCredentials: false };
const response = {
  kind: 'response',
  status: 401,
  statusText: 'Unauthorized',
  contentType: 'application/json',
  redirected: false,
  body: '{"token":"[redacted]"}',
  bodyCut: false,
};

describe('the probe messages, at every hop', () => {
  test('accept a well-formed request and answer on their own hop only', () => {
    expect(isPanelToBackground(envelope('panel:probe', { ...request, documentId: 'D' }))).toBe(
      true,
    );
    expect(isBackgroundToRelay(envelope('bg:probe', request))).toBe(true);
    expect(isRelayToPage(envelope('relay:probe', request))).toBe(true);
    const answer = { probeId: 'p1', answer: response };
    expect(isPageProbeResult(envelope('page:probe-result', answer))).toBe(true);
    expect(isRelayToBackground(envelope('relay:probe-result', answer))).toBe(true);
    expect(isBackgroundToPanel(envelope('bg:probe-result', answer))).toBe(true);
    // A page can post anything: a probe result is never accepted as another hop's message.
    expect(isRelayToBackground(envelope('page:probe-result', answer))).toBe(false);
    expect(isBackgroundToPanel(envelope('relay:probe-result', answer))).toBe(false);
    expect(isBackgroundToRelay(envelope('panel:probe', { ...request, documentId: 'D' }))).toBe(
      false,
    );
  });

  test('accept the other answers: a network error and an unknown URL', () => {
    for (const answer of [
      { kind: 'network-error', message: 'Failed to fetch' },
      { kind: 'unknown-url' },
    ])
      expect(isPageProbeResult(envelope('page:probe-result', { probeId: 'p', answer }))).toBe(true);
  });

  test.each([
    ['a body over the cap', { ...response, body: 'x'.repeat(LIMITS.maxProbeBody + 1) }],
    ['a status that is not an HTTP status', { ...response, status: 1e6 }],
    ['a fractional status', { ...response, status: 200.5 }],
    ['a long status text', { ...response, statusText: 'x'.repeat(LIMITS.maxLabel + 1) }],
    ['a body that is not text', { ...response, body: { secret: 1 } }],
    ['a missing flag', { ...response, bodyCut: undefined }],
    ['an unknown kind', { kind: 'eval', code: 'alert(1)' }],
    ['no answer', null],
  ])('refuse %s', (_name, answer) => {
    expect(isPageProbeResult(envelope('page:probe-result', { probeId: 'p', answer }))).toBe(false);
    expect(isBackgroundToPanel(envelope('bg:probe-result', { probeId: 'p', answer }))).toBe(false);
  });

  test('refuse requests without an id, with a long id, or with a non-boolean credentials mode', () => {
    expect(isRelayToPage(envelope('relay:probe', { ...request, probeId: '' }))).toBe(false);
    expect(isRelayToPage(envelope('relay:probe', { ...request, probeId: 'x'.repeat(65) }))).toBe(
      false,
    );
    expect(isRelayToPage(envelope('relay:probe', { ...request, withCredentials: 'yes' }))).toBe(
      false,
    );
    expect(isPanelToBackground(envelope('panel:probe', request))).toBe(false);
  });
});

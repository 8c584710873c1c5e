import { describe, expect, test } from 'vitest';
import { envelope } from './envelope';
import {
  isBackgroundCensusRequest,
  isBackgroundToPanel,
  isPageCensus,
  isPanelToBackground,
  isRelayCensus,
  isRelayToBackground,
} from './guards';
import { LIMITS } from './limits';

const host = (origin: string, live = 1) => ({ origin, live });

describe('census guards (page data: every hop checks shape and caps)', () => {
  test('page:census takes origins only, each once, within the caps', () => {
    expect(
      isPageCensus(envelope('page:census', { round: 1, hosts: [host('http://a.test:80')] })),
    ).toBe(true);
    for (const origin of [
      'a.test',
      'http://a.test/path',
      'http://a.test?x',
      'http://',
      '',
      'http://a b',
    ]) {
      expect(
        isPageCensus(envelope('page:census', { round: 1, hosts: [host(origin)] })),
        origin,
      ).toBe(false);
    }
    const twice = [host('http://a.test'), host('http://a.test')];
    expect(isPageCensus(envelope('page:census', { round: 1, hosts: twice }))).toBe(false);
    const many = Array.from({ length: LIMITS.maxCensusHosts + 1 }, (_, i) =>
      host(`http://h${i}.test`),
    );
    expect(isPageCensus(envelope('page:census', { round: 1, hosts: many }))).toBe(false);
    expect(
      isPageCensus(
        envelope('page:census', {
          round: 1,
          hosts: [host('http://a.test', LIMITS.maxCensusLive + 1)],
        }),
      ),
    ).toBe(false);
    expect(
      isPageCensus(envelope('page:census', { round: 1, hosts: [host('http://a.test', 1.5)] })),
    ).toBe(false);
  });

  test('relay:census needs a protocol per host, capped', () => {
    const ok = envelope('relay:census', {
      round: 2,
      hosts: [{ ...host('https://a.test'), protocol: 'h2' }],
    });
    expect(isRelayCensus(ok)).toBe(true);
    expect(
      isRelayCensus(envelope('relay:census', { round: 2, hosts: [host('https://a.test')] })),
    ).toBe(false);
    expect(
      isRelayCensus(
        envelope('relay:census', {
          round: 2,
          hosts: [{ ...host('https://a.test'), protocol: 'x'.repeat(17) }],
        }),
      ),
    ).toBe(false);
    // One-shot only: never accepted on the relay's port.
    expect(isRelayToBackground(ok)).toBe(false);
  });

  test('each census kind travels its own hop only', () => {
    expect(isBackgroundCensusRequest(envelope('bg:census-request', { round: 1 }))).toBe(true);
    expect(isBackgroundCensusRequest(envelope('bg:census-request', { round: -1 }))).toBe(false);
    expect(isPanelToBackground(envelope('panel:census-request', {}))).toBe(true);
    const toPanel = envelope('bg:census', {
      pageOrigin: 'http://a.test',
      hosts: [{ origin: 'http://a.test', host: 'a.test', live: 5, tabs: 3, protocol: 'http/1.1' }],
      invalid: 0,
    });
    expect(isBackgroundToPanel(toPanel)).toBe(true);
    expect(isBackgroundToPanel({ ...toPanel, pageOrigin: 'a.test' })).toBe(false);
    expect(isBackgroundToPanel({ ...toPanel, invalid: -1 })).toBe(false);
  });
});

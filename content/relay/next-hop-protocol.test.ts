import { describe, expect, test } from 'vitest';
import { createProtocolLookup, type PerformanceLike } from './next-hop-protocol';

type Entry = { name: string; nextHopProtocol?: unknown };
const timeline = (navigation: Entry[], resources: Entry[]): PerformanceLike => ({
  getEntriesByType: (type) =>
    type === 'navigation' ? navigation : type === 'resource' ? resources : [],
});

describe('the protocol of an origin from resource timing', () => {
  test('the document’s own origin: its navigation entry', () => {
    const protocolOf = createProtocolLookup(
      timeline([{ name: 'http://127.0.0.1:8080/page', nextHopProtocol: 'http/1.1' }], []),
    );
    expect(protocolOf('http://127.0.0.1:8080')).toBe('http/1.1');
  });

  test('another origin: the newest finished request to it that names a protocol', () => {
    const protocolOf = createProtocolLookup(
      timeline(
        [{ name: 'https://app.test/', nextHopProtocol: 'h2' }],
        [
          { name: 'https://api.test/old', nextHopProtocol: 'http/1.1' },
          { name: 'https://api.test/v1/x', nextHopProtocol: 'h3' },
          // Cross-origin without Timing-Allow-Origin: Chrome leaves it empty.
          { name: 'https://api.test/v1/y', nextHopProtocol: '' },
        ],
      ),
    );
    expect(protocolOf('https://api.test')).toBe('h3');
  });

  test('a prefix of another host is not the same origin', () => {
    const protocolOf = createProtocolLookup(
      timeline([], [{ name: 'https://api.test.evil/x', nextHopProtocol: 'h2' }]),
    );
    expect(protocolOf('https://api.test')).toBe('');
  });

  test('unknown when nothing tells, or the timeline throws', () => {
    expect(createProtocolLookup(timeline([], []))('https://a.test')).toBe('');
    const broken: PerformanceLike = {
      getEntriesByType: () => {
        throw new Error('detached');
      },
    };
    expect(createProtocolLookup(broken)('https://a.test')).toBe('');
  });

  test('a protocol string over the cap is not trusted', () => {
    const protocolOf = createProtocolLookup(
      timeline([{ name: 'https://a.test/', nextHopProtocol: 'x'.repeat(100) }], []),
    );
    expect(protocolOf('https://a.test')).toBe('');
  });
});

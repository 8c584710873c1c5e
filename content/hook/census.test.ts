import { describe, expect, test } from 'vitest';
import { LIMITS } from '../../src/protocol/limits';
import { CENSUS_MIN_GAP_MS, countLive, createCensusResponder, originOf } from './census';

describe('hook census', () => {
  test.each([
    ['http://127.0.0.1:8080/sse?token=[redacted]', 'http://127.0.0.1:8080'],
    ['https://api.example.com/v1/events', 'https://api.example.com'],
    ['https://api.example.com?x=1', 'https://api.example.com'],
    ['https://api.example.com#top', 'https://api.example.com'],
    ['https://api.example.com', 'https://api.example.com'],
    ['/relative/path', ''],
    ['', ''],
    ['data:text/event-stream,x', ''],
    ['http:///nohost', ''],
  ])('the origin of %s is %j', (url, origin) => {
    expect(originOf(url)).toBe(origin);
  });

  test('counts connections that are not CLOSED, per origin, in order of first appearance', () => {
    expect(
      countLive([
        { url: 'http://b.test/1', readyState: 1 },
        { url: 'http://a.test/1', readyState: 0 },
        { url: 'http://b.test/2', readyState: 2 },
        { url: 'http://b.test/3', readyState: 1 },
        { url: '', readyState: 1 },
      ]),
    ).toEqual([
      { origin: 'http://b.test', live: 2 },
      { origin: 'http://a.test', live: 1 },
    ]);
  });

  test('reports at most LIMITS.maxCensusHosts origins', () => {
    const many = Array.from({ length: LIMITS.maxCensusHosts + 10 }, (_, i) => ({
      url: `http://h${i}.test/s`,
      readyState: 1,
    }));
    expect(countLive(many)).toHaveLength(LIMITS.maxCensusHosts);
  });

  test('an origin named __proto__-like still counts (a prototype-less index)', () => {
    expect(countLive([{ url: 'http://__proto__/s', readyState: 1 }])).toEqual([
      { origin: 'http://__proto__', live: 1 },
    ]);
  });

  test('answers a round with its count, then stays quiet for the minimum gap', () => {
    let t = 0;
    const posted: unknown[] = [];
    const answer = createCensusResponder({
      connections: () => [{ url: 'http://a.test/s', readyState: 1 }],
      post: (m) => posted.push(m),
      now: () => t,
    });
    answer(1);
    answer(2);
    t += CENSUS_MIN_GAP_MS;
    answer(3);
    expect(posted).toMatchObject([
      { kind: 'page:census', round: 1, hosts: [{ origin: 'http://a.test', live: 1 }] },
      { kind: 'page:census', round: 3 },
    ]);
  });
});

import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { createFakeTabMessenger } from '../messaging/testing/fake-one-shot';
import { createFakePort } from '../messaging/testing/fake-port';
import { defaultTimers } from '../shared/timers';
import {
  envelope,
  isBackgroundToPanel,
  LIMITS,
  panelPortName,
  type BackgroundCensusMessage,
  type CensusHostReport,
} from '../protocol';
import { aggregateCensus, createHostCensus, originOfUrl, type FrameReport } from './census';
import { createTabRouter } from './tab-router';

beforeEach(() => {
  vi.useFakeTimers({ now: 5_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

const report = (tabId: number, hosts: CensusHostReport[], frameId = 0, round = 1): FrameReport => ({
  tabId,
  frameId,
  url: 'http://127.0.0.1:8080/',
  round,
  hosts,
});
const h = (origin: string, live: number, protocol = 'http/1.1'): CensusHostReport => ({
  origin,
  live,
  protocol,
});

describe('aggregateCensus', () => {
  test('sums live streams per origin over tabs and frames, and counts the tabs holding any', () => {
    const totals = aggregateCensus([
      report(1, [h('http://127.0.0.1:8080', 2)]),
      report(2, [h('http://127.0.0.1:8080', 2)]),
      report(3, [h('http://127.0.0.1:8080', 1), h('https://other.test', 1, 'h2')]),
      // A second frame of tab 3: one more stream, not one more tab.
      report(3, [h('http://127.0.0.1:8080', 1)], 5),
      // A tab whose streams are all closed holds none.
      report(4, [h('http://127.0.0.1:8080', 0)]),
    ]);
    expect(totals).toEqual([
      {
        origin: 'http://127.0.0.1:8080',
        host: '127.0.0.1:8080',
        live: 6,
        tabs: 3,
        protocol: 'http/1.1',
      },
      { origin: 'https://other.test', host: 'other.test', live: 1, tabs: 1, protocol: 'h2' },
    ]);
  });

  test('the protocol is the one most reports named; unknown reports do not vote', () => {
    const [total] = aggregateCensus([
      report(1, [h('https://a.test', 1, '')]),
      report(2, [h('https://a.test', 1, 'h2')]),
      report(3, [h('https://a.test', 1, '')]),
    ]);
    expect(total?.protocol).toBe('h2');
  });

  test('busiest first, at most LIMITS.maxCensusHosts', () => {
    const reports = Array.from({ length: LIMITS.maxCensusHosts + 5 }, (_, i) =>
      report(i, [h(`http://h${i}.test`, i + 1)]),
    );
    const totals = aggregateCensus(reports);
    expect(totals).toHaveLength(LIMITS.maxCensusHosts);
    expect(totals[0]?.origin).toBe(`http://h${LIMITS.maxCensusHosts + 4}.test`);
  });

  test('origins of page URLs', () => {
    expect(originOfUrl('http://127.0.0.1:8080/page?n=1')).toBe('http://127.0.0.1:8080');
    expect(originOfUrl('about:blank')).toBe('');
    expect(originOfUrl('')).toBe('');
  });
});

/** A census with fake edges: tabs 1–3 exist, `watched` decides which have panels. */
function setup(watched: number[] = [3]) {
  const tabs = createFakeTabMessenger();
  const published: Array<{ tabId: number; message: BackgroundCensusMessage }> = [];
  const census = createHostCensus({
    tabs,
    tabList: { listTabIds: () => Promise.resolve([1, 2, 3]) },
    watchedTabs: () => watched,
    publish: (tabId, message) => published.push({ tabId, message }),
    intervalMs: 2000,
    collectMs: 400,
    timers: defaultTimers,
  });
  const sender = (tabId: number, frameId = 0, url = `http://127.0.0.1:8080/page?tab=${tabId}`) => ({
    tab: { id: tabId },
    frameId,
    documentId: `doc-${tabId}-${frameId}`,
    url,
  });
  const requests = () =>
    tabs.sent.filter((s) => (s.message as { kind: string }).kind === 'bg:census-request');
  const latestRound = () => (requests().at(-1)?.message as { round: number }).round;
  const answer = (tabId: number, live: number, round = latestRound(), frameId = 0) =>
    census.handleReport(
      envelope('relay:census', { round, hosts: [h('http://127.0.0.1:8080', live)] }),
      sender(tabId, frameId),
    );
  return { census, tabs, published, requests, latestRound, answer, watched };
}

describe('createHostCensus', () => {
  test('a round asks every tab, waits for the reports, and publishes the sum to the watched tabs', async () => {
    const { census, requests, answer, published } = setup([3]);
    census.panelsChanged();
    await vi.advanceTimersByTimeAsync(0);
    expect(requests().map((r) => r.tabId)).toEqual([1, 2, 3]);
    answer(1, 2);
    answer(2, 2);
    answer(3, 1);
    await vi.advanceTimersByTimeAsync(400);
    expect(published).toHaveLength(1);
    expect(published[0]?.tabId).toBe(3);
    expect(published[0]?.message).toMatchObject({
      kind: 'bg:census',
      pageOrigin: 'http://127.0.0.1:8080',
      hosts: [{ host: '127.0.0.1:8080', live: 5, tabs: 3, protocol: 'http/1.1' }],
      invalid: 0,
    });
    expect(isBackgroundToPanel(published[0]?.message)).toBe(true);
  });

  test('rounds repeat every interval; a frame that misses two rounds drops out', async () => {
    const { census, answer, published, requests } = setup([3]);
    census.panelsChanged();
    await vi.advanceTimersByTimeAsync(0);
    answer(1, 2);
    answer(3, 1);
    await vi.advanceTimersByTimeAsync(2000);
    expect(requests()).toHaveLength(6); // round 2 asked all three tabs
    answer(3, 1); // tab 1 is silent in round 2: its round-1 report still counts
    await vi.advanceTimersByTimeAsync(400);
    expect(published.at(-1)?.message.hosts[0]?.live).toBe(3);
    await vi.advanceTimersByTimeAsync(1600);
    answer(3, 1); // round 3: tab 1 silent twice
    await vi.advanceTimersByTimeAsync(400);
    expect(published.at(-1)?.message.hosts[0]).toMatchObject({ live: 1, tabs: 1 });
  });

  test('malformed reports and reports from outside a tab are counted as invalid, never summed', async () => {
    const { census, published, latestRound } = setup([3]);
    census.panelsChanged();
    await vi.advanceTimersByTimeAsync(0);
    const round = latestRound();
    const senderOf = { tab: { id: 1 }, frameId: 0, documentId: 'd', url: 'http://a.test/' };
    census.handleReport(
      envelope('relay:census', { round, hosts: [h('http://a.test', -3)] }),
      senderOf,
    );
    census.handleReport(
      envelope('relay:census', { round, hosts: [h('http://a.test', LIMITS.maxCensusLive + 1)] }),
      senderOf,
    );
    census.handleReport(
      envelope('relay:census', {
        round,
        hosts: Array.from({ length: LIMITS.maxCensusHosts + 1 }, (_, i) =>
          h(`http://h${i}.test`, 1),
        ),
      }),
      senderOf,
    );
    census.handleReport(envelope('relay:census', { round, hosts: [h('http://a.test', 1)] }), {});
    await vi.advanceTimersByTimeAsync(400);
    expect(census.invalid).toBe(4);
    expect(published.at(-1)?.message).toMatchObject({ hosts: [], invalid: 4 });
  });

  test('a report of an older round is ignored (it describes the past)', async () => {
    const { census, answer, published, latestRound } = setup([3]);
    census.panelsChanged();
    await vi.advanceTimersByTimeAsync(0);
    answer(1, 4, latestRound() - 1);
    await vi.advanceTimersByTimeAsync(400);
    expect(published.at(-1)?.message.hosts).toEqual([]);
    expect(census.invalid).toBe(0);
  });

  test('stops when the last panel leaves: no more rounds, no more requests', async () => {
    const { census, requests, watched } = setup([3]);
    census.panelsChanged();
    await vi.advanceTimersByTimeAsync(0);
    watched.length = 0;
    census.panelsChanged();
    const asked = requests().length;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(requests()).toHaveLength(asked);
  });

  test('a panel asking now starts a round at once, but not twice inside one collect window', async () => {
    const { census, requests } = setup([3]);
    census.panelsChanged();
    await vi.advanceTimersByTimeAsync(400);
    census.requestNow();
    census.requestNow();
    await vi.advanceTimersByTimeAsync(0);
    expect(requests()).toHaveLength(6);
  });
});

describe('the router runs the census while a panel is open', () => {
  test('relay:census reports from other tabs reach the watched tab’s panel as bg:census', async () => {
    const tabs = createFakeTabMessenger();
    const router = createTabRouter({
      tabs,
      tabList: { listTabIds: () => Promise.resolve([1, 2]) },
      census: { intervalMs: 2000, collectMs: 400 },
      timers: defaultTimers,
      now: () => Date.now(),
    });
    const { client: panel, server } = createFakePort(panelPortName(2), {
      url: 'chrome-extension://id/panel/index.html',
    });
    const received: unknown[] = [];
    panel.onMessage((m) => received.push(m));
    router.handleConnect(server);
    await vi.advanceTimersByTimeAsync(0);
    const request = tabs.sent.find(
      (s) => (s.message as { kind: string }).kind === 'bg:census-request',
    );
    const round = (request?.message as { round: number }).round;
    for (const tabId of [1, 2]) {
      const answer = router.handleMessage(
        envelope('relay:census', { round, hosts: [h('http://127.0.0.1:9', tabId)] }),
        { tab: { id: tabId }, frameId: 0, documentId: `d${tabId}`, url: 'http://127.0.0.1:9/' },
      );
      expect(answer).toBeUndefined();
    }
    await vi.advanceTimersByTimeAsync(400);
    const census = received.filter((m) => (m as { kind: string }).kind === 'bg:census');
    expect(census.at(-1)).toMatchObject({
      pageOrigin: 'http://127.0.0.1:9',
      hosts: [{ host: '127.0.0.1:9', live: 3, tabs: 2 }],
    });
    // Census reports are not counted as the tab's refused relay messages.
    expect(router.snapshot().tabs.find((t) => t.tabId === 2)?.rejected).toEqual({});
  });
});

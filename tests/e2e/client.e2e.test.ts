/**
 * Acceptance test of the fixed SSE client (ticket 29) in real Chromium against the real SSE
 * server: a React 19 `<StrictMode>` app (`fixtures/client-app`, bundled with Vite) with three
 * `useSSEEvents` consumers of one `getSSEClient`, driven through 50 rapid `connect()` calls, a
 * server-side drop, a 500, an outage with events published meanwhile, and a token change.
 *
 * One connection at a time is checked from three independent places, sampled every ~25 ms for
 * the whole scenario: the page (an init script subclasses `EventSource` and counts instances whose
 * readyState is not CLOSED; it also checks at every construction), the server
 * (`GET /v1/debug/streams`, polled from Node) and the client's own `__zarizSSEDebug()`. Reconnect
 * timers are counted both by the client (`timers`) and at the timer edge the fixture hands it.
 *
 * Runs twice: without the extension, and with it loaded and its SSE panel open (the page hook
 * must not change what the client does).
 */
import { resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { SSEDebugSnapshot } from '../../src/client/types';
import { launchHarness, waitFor, type Harness } from './harness';
import { bundleFixture, type BundledFixture } from './harness/bundle';

const FIXTURE = resolve(import.meta.dirname, 'fixtures/client-app');
const COMPONENTS = ['Header', 'NotificationList', 'OrdersTable'] as const;
const FIRST_TOKEN = 'tok-e2e-1';
const SAMPLE_MS = 25;

// ---- what the page exposes ----------------------------------------------------------------------

interface PageProbe {
  constructed: number;
  /** Non-closed instances right after each construction (the new one included). */
  maxLiveAtConstruction: number;
  samples: number;
  maxLive: number;
  maxDebugTimers: number;
  maxCountedTimers: number;
  violations: unknown[];
}

interface ProbeWindow {
  __liveES(): number;
  __esProbe: PageProbe;
  __zarizSSEDebug(): SSEDebugSnapshot;
  __zarizSSE: unknown;
  __sseClient: { connect(force?: boolean): void };
  __received: Record<string, { type: string; id: string | null }[]>;
  __effects: Record<string, number>;
  __reconnectTimers: { pending: number; max: number; created: number };
  rotateToken(): string;
  __SSE_DEVTOOLS_HOOK__?: {
    connections(): { state: string; annotation: { client: string } | null }[];
  };
}

/**
 * Installed before any page script. A string: Vitest rewrites functions it transforms, and this
 * must run verbatim. The Proxy keeps `instanceof`, the statics, the prototype and every behaviour;
 * it only remembers instances (strongly: a test page lives for seconds).
 */
const PROBE_SCRIPT = `(() => {
  const NativeEventSource = window.EventSource;
  const made = [];
  const probe = {
    constructed: 0, maxLiveAtConstruction: 0, samples: 0, maxLive: 0,
    maxDebugTimers: 0, maxCountedTimers: 0, violations: [],
  };
  const live = () => {
    let n = 0;
    for (const es of made) if (es.readyState !== 2) n++;
    return n;
  };
  // A Proxy, not a subclass: \`prototype\` stays the native one, so the extension's page hook (which
  // patches \`EventSource.prototype\` of whatever it finds at install) patches the real methods.
  const CountedEventSource = new Proxy(NativeEventSource, {
    construct(target, args, newTarget) {
      const es = Reflect.construct(target, args, newTarget === CountedEventSource ? target : newTarget);
      made.push(es);
      probe.constructed++;
      probe.maxLiveAtConstruction = Math.max(probe.maxLiveAtConstruction, live());
      return es;
    },
  });
  window.EventSource = CountedEventSource;
  window.__liveES = live;
  window.__esProbe = probe;
  setInterval(() => {
    const liveNow = live();
    let debugTimers = 0;
    try {
      const snapshot = typeof window.__zarizSSEDebug === 'function' ? window.__zarizSSEDebug() : null;
      debugTimers = snapshot ? snapshot.timers : 0;
    } catch (error) {
      probe.violations.push({ at: Date.now(), debugThrew: String(error) });
    }
    const countedTimers = window.__reconnectTimers ? window.__reconnectTimers.pending : 0;
    probe.samples++;
    probe.maxLive = Math.max(probe.maxLive, liveNow);
    probe.maxDebugTimers = Math.max(probe.maxDebugTimers, debugTimers);
    probe.maxCountedTimers = Math.max(probe.maxCountedTimers, countedTimers);
    if ((liveNow > 1 || debugTimers > 1 || countedTimers > 1) && probe.violations.length < 20) {
      probe.violations.push({ at: Date.now(), live: liveNow, debugTimers, countedTimers });
    }
  }, ${SAMPLE_MS});
})();`;

// ---- what the server exposes --------------------------------------------------------------------

interface StreamRow {
  readonly id: number;
  readonly token: string;
  readonly openedAt: number;
  readonly closedAt: number | null;
  readonly closeReason: string | null;
  readonly resumedFrom: number | null;
}

interface StreamsView {
  readonly live: number;
  readonly totalStreams: number;
  readonly totalRequests: number;
  readonly rejectedRequests: number;
  readonly liveByToken: Record<string, number>;
  readonly lastEventId: number;
  /** Live streams. */
  readonly streams: StreamRow[];
  /** Recently closed streams, newest first. */
  readonly history: StreamRow[];
}

interface ServerSampler {
  readonly samples: number;
  readonly maxLive: number;
  readonly maxPerToken: number;
  readonly violations: unknown[];
  stop(): Promise<void>;
}

/** Polls `GET /v1/debug/streams` back to back (one request in flight, ~25 ms apart). */
function startServerSampler(baseUrl: string): ServerSampler {
  const state = { samples: 0, maxLive: 0, maxPerToken: 0, violations: [] as unknown[] };
  let running = true;
  const loop = (async () => {
    while (running) {
      const view = (await (await fetch(`${baseUrl}/v1/debug/streams`)).json()) as StreamsView;
      const perToken = Math.max(0, ...Object.values(view.liveByToken));
      state.samples++;
      state.maxLive = Math.max(state.maxLive, view.live);
      state.maxPerToken = Math.max(state.maxPerToken, perToken);
      if (view.live > 1 && state.violations.length < 20) {
        state.violations.push({ at: Date.now(), live: view.live, liveByToken: view.liveByToken });
      }
      await delay(SAMPLE_MS); // the sampling period, not a wait for a condition
    }
  })();
  return {
    get samples() {
      return state.samples;
    },
    get maxLive() {
      return state.maxLive;
    },
    get maxPerToken() {
      return state.maxPerToken;
    },
    get violations() {
      return state.violations;
    },
    async stop() {
      running = false;
      await loop;
    },
  };
}

// ---- the scenario ---------------------------------------------------------------------------------

let app: BundledFixture | undefined;

beforeAll(async () => {
  app = await bundleFixture(FIXTURE);
});

afterAll(() => {
  app?.remove();
});

describe.each([
  { label: 'without the extension', extension: false },
  { label: 'with the extension and its SSE panel open', extension: true },
])('the SSE client in real Chromium, $label', ({ extension }) => {
  let h: Harness | undefined;
  let page: Page;
  let sampler: ServerSampler | undefined;
  const pageErrors: string[] = [];
  /** Every event broadcast so far as `type#id`, in order: what each consumer must have, once. */
  const expected: string[] = [];

  async function streams(): Promise<StreamsView> {
    const res = await fetch(`${h!.server.url}/v1/debug/streams`);
    return (await res.json()) as StreamsView;
  }

  async function post<T>(path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${h!.server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body ?? {}),
    });
    expect(res.status, `POST ${path}`).toBe(200);
    return (await res.json()) as T;
  }

  /** Broadcasts one event; `event` set → a named SSE event, else a typed `message`. */
  async function broadcast(type: string, event?: string): Promise<{ id: number; streams: number }> {
    const result = await post<{ id: number; streams: number }>('/v1/broadcast', {
      type,
      data: { at: expected.length },
      ...(event === undefined ? {} : { event }),
    });
    expected.push(`${event ?? type}#${result.id}`);
    return result;
  }

  const debug = (): Promise<SSEDebugSnapshot> =>
    page.evaluate(() => (window as unknown as ProbeWindow).__zarizSSEDebug());

  const liveInPage = (): Promise<number> =>
    page.evaluate(() => (window as unknown as ProbeWindow).__liveES());

  /** Waits for every consumer to hold as many events as were broadcast, then compares exactly. */
  async function expectEveryEventOnce(): Promise<void> {
    const received = await waitFor(
      async () => {
        const byComponent = await page.evaluate(
          () => (window as unknown as ProbeWindow).__received,
        );
        const lists = COMPONENTS.map((name) =>
          (byComponent[name] ?? []).map((e) => `${e.type}#${e.id}`),
        );
        return lists.every((list) => list.length >= expected.length) ? lists : null;
      },
      { message: `every consumer received ${expected.length} events` },
    );
    for (const [i, name] of COMPONENTS.entries()) {
      expect(received[i], `events received by ${name}`).toEqual(expected);
    }
  }

  /** Waits until the client reports an open stream, then requires exactly one everywhere. */
  async function expectOneOpenConnection(token: string): Promise<SSEDebugSnapshot> {
    await waitFor(
      async () => (await debug()).status === 'open' && (await streams()).liveByToken[token] === 1,
      { message: `the client open on a stream with ${token}` },
    );
    const [snapshot, live, server] = await Promise.all([debug(), liveInPage(), streams()]);
    expect(snapshot.hasES).toBe(true);
    expect(snapshot.readyState).toBe(1);
    expect(snapshot.timers).toBe(0);
    expect(live, 'non-closed EventSources in the page').toBe(1);
    expect(server.live, 'live streams on the server').toBe(1);
    expect(server.liveByToken).toEqual({ [token]: 1 });
    return snapshot;
  }

  beforeAll(async () => {
    h = await launchHarness({
      extension,
      server: { staticDir: app!.dir, retryMs: 200, heartbeatMs: 0 },
    });
    sampler = startServerSampler(h.server.url);
    page = await h.browser.newPage();
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    await page.evaluateOnNewDocument(PROBE_SCRIPT);
    await page.goto(`${h.server.url}/`, { waitUntil: 'domcontentloaded' });
  });

  afterAll(async () => {
    await sampler?.stop();
    await h?.close();
  });

  test('under StrictMode, three consumers share exactly one connection', async () => {
    const snapshot = await waitFor(
      async () => {
        const s = await debug();
        return s.status === 'open' && s.subscribers === COMPONENTS.length ? s : null;
      },
      { message: 'the client open with three subscribers' },
    );
    const effects = await page.evaluate(() => (window as unknown as ProbeWindow).__effects);
    // StrictMode's dev double mount really happened (mount, unmount, mount) for every consumer.
    expect(effects).toEqual({ Header: 2, NotificationList: 2, OrdersTable: 2 });
    expect(snapshot.connects).toBe(1);
    await expectOneOpenConnection(FIRST_TOKEN);
    expect((await streams()).totalRequests).toBe(1);
    if (extension) {
      await h!.openPanel(page);
      await expectOneOpenConnection(FIRST_TOKEN);
    }
  });

  test('50 rapid connect() calls open no connection', async () => {
    const burst = await page.evaluate(() => {
      const w = window as unknown as ProbeWindow;
      const before = w.__zarizSSEDebug().connects;
      for (let i = 0; i < 50; i++) w.__sseClient.connect();
      return { before, after: w.__zarizSSEDebug().connects, live: w.__liveES() };
    });
    expect(burst.after).toBe(burst.before);
    expect(burst.live).toBe(1);
    // A broadcast round trip later, the server still saw one stream request in total.
    await broadcast('notification', 'notification');
    await expectEveryEventOnce();
    expect((await streams()).totalRequests).toBe(1);
    expect((await debug()).connects).toBe(1);
  });

  test('every consumer gets every event exactly once', async () => {
    await broadcast('notification', 'notification');
    await broadcast('order.updated');
    await broadcast('notification', 'notification');
    await expectEveryEventOnce();
  });

  test('a server-side drop reconnects to one new stream, and later events arrive once', async () => {
    const before = await streams();
    const { dropped } = await post<{ dropped: number }>('/v1/faults/drop-all');
    expect(dropped).toBe(1);
    await waitFor(async () => (await streams()).totalStreams === before.totalStreams + 1, {
      message: 'one new stream after the drop',
    });
    const snapshot = await expectOneOpenConnection(FIRST_TOKEN);
    expect(snapshot.transientErrors).toBeGreaterThanOrEqual(1);
    const after = await streams();
    expect(after.history[0]).toMatchObject({ closeReason: 'drop-all' });
    await broadcast('notification', 'notification');
    await broadcast('order.created');
    await expectEveryEventOnce();
  });

  test('a 500 is a terminal error the client recovers from by itself', async () => {
    const before = await streams();
    await post('/v1/faults', { mode: 'status500', count: 1 });
    await post('/v1/faults/drop-all');
    const snapshot = await waitFor(
      async () => {
        const s = await debug();
        return s.terminalErrors >= 1 && s.status === 'open' ? s : null;
      },
      { message: 'a terminal error, then open again' },
    );
    expect(snapshot.lastError?.kind).toBe('terminal');
    await expectOneOpenConnection(FIRST_TOKEN);
    const after = await streams();
    expect(after.rejectedRequests).toBe(before.rejectedRequests + 1);
    expect(after.totalStreams).toBe(before.totalStreams + 1);
    await broadcast('notification', 'notification');
    await expectEveryEventOnce();
  });

  test('events published during an outage are replayed exactly once, and connect() while waiting does nothing', async () => {
    const before = await streams();
    await post('/v1/faults', { mode: 'status500' }); // until reset: every reconnect gets a 500
    try {
      await post('/v1/faults/drop-all');
      await waitFor(
        async () => {
          const s = await streams();
          return s.live === 0 && s.rejectedRequests > before.rejectedRequests;
        },
        { message: 'the client refused with a 500 at least once' },
      );

      // Synchronously in the page, so the pending timer cannot fire in between.
      const burst = await waitFor(
        () =>
          page.evaluate(() => {
            const w = window as unknown as ProbeWindow;
            const first = w.__zarizSSEDebug();
            if (first.timers !== 1) return null;
            for (let i = 0; i < 50; i++) w.__sseClient.connect();
            const last = w.__zarizSSEDebug();
            return { first, last, live: w.__liveES() };
          }),
        { message: 'a pending reconnect timer' },
      );
      expect(burst.last.connects).toBe(burst.first.connects);
      expect(burst.last.timers).toBe(1);
      expect(burst.last.hasES).toBe(false);
      expect(burst.live).toBe(0);

      const missedA = await broadcast('notification', 'notification');
      const missedB = await broadcast('order.deleted');
      expect([missedA.streams, missedB.streams], 'nobody connected while published').toEqual([
        0, 0,
      ]);
    } finally {
      // Recover even when an assertion above failed, so later tests are not stuck behind the fault.
      await post('/v1/faults', { mode: 'none' });
    }
    await expectOneOpenConnection(FIRST_TOKEN);
    const resumed = (await streams()).streams[0];
    expect(resumed?.resumedFrom, 'the reconnect carried the last event id').toBe(
      before.lastEventId,
    );
    await expectEveryEventOnce();
  });

  test('a token change closes the old stream before the new one opens, and no token is shown', async () => {
    const before = await streams();
    const oldStream = before.streams[0];
    const connectsBefore = (await debug()).connects;
    // Three changes in one tick: one coalesced reconnect with the newest token.
    const newToken = await page.evaluate(() => {
      const w = window as unknown as ProbeWindow;
      w.rotateToken();
      w.rotateToken();
      return w.rotateToken();
    });
    expect(newToken).toBe('tok-e2e-4');
    const snapshot = await expectOneOpenConnection(newToken);
    expect(snapshot.connects).toBe(connectsBefore + 1);

    const after = await streams();
    const newStream = after.streams[0];
    const closed = after.history.find((row) => row.id === oldStream?.id);
    expect(closed).toMatchObject({ token: FIRST_TOKEN, closeReason: 'client-closed' });
    expect(newStream?.token).toBe(newToken);
    expect(closed!.closedAt!).toBeLessThanOrEqual(newStream!.openedAt);

    const diagnostics = JSON.stringify(
      await page.evaluate(() => {
        const w = window as unknown as ProbeWindow;
        return { debug: w.__zarizSSEDebug(), lock: w.__zarizSSE };
      }),
    );
    for (let n = 1; n <= 4; n++) expect(diagnostics).not.toContain(`tok-e2e-${n}`);
    expect(snapshot.url).toContain('[redacted]');

    await broadcast('notification', 'notification');
    await expectEveryEventOnce();
  });

  test('at every sample: at most one live EventSource, server stream and reconnect timer', async () => {
    // A last round trip so that a late duplicate of anything earlier would have shown up.
    await broadcast('order.created');
    await expectEveryEventOnce();
    await sampler!.stop();

    const probe = await page.evaluate(() => (window as unknown as ProbeWindow).__esProbe);
    const counted = await page.evaluate(() => (window as unknown as ProbeWindow).__reconnectTimers);
    const snapshot = await debug();
    const server = await streams();

    expect(probe.violations).toEqual([]);
    expect(probe.samples, 'page samples taken').toBeGreaterThan(20);
    expect(probe.maxLive).toBe(1);
    expect(probe.maxLiveAtConstruction).toBe(1);
    expect(probe.maxDebugTimers).toBeLessThanOrEqual(1);
    expect(probe.maxCountedTimers).toBeLessThanOrEqual(1);
    expect(counted.max).toBe(1);
    expect(counted.created, 'reconnect timers seen at the timer edge').toBeGreaterThan(3);
    // Every EventSource in the page was the client's, and each made exactly one request: the
    // browser's own retry never ran alongside the client's.
    expect(probe.constructed).toBe(snapshot.connects);
    expect(server.totalRequests).toBe(snapshot.connects);

    expect(sampler!.violations).toEqual([]);
    expect(sampler!.samples, 'server samples taken').toBeGreaterThan(20);
    expect(sampler!.maxLive).toBe(1);
    expect(sampler!.maxPerToken).toBe(1);
    // Server stream history: each stream closed before the next one opened.
    const all = [...server.history, ...server.streams].sort(
      (a, b) => a.openedAt - b.openedAt || a.id - b.id,
    );
    expect(all).toHaveLength(server.totalStreams);
    for (let i = 1; i < all.length; i++) {
      expect(
        all[i - 1]!.closedAt,
        `stream ${all[i - 1]!.id} closed before ${all[i]!.id} opened`,
      ).not.toBeNull();
      expect(all[i - 1]!.closedAt!).toBeLessThanOrEqual(all[i]!.openedAt);
    }

    if (extension) {
      // The page hook was in the chain for every connection (so the run above really had it).
      const hooked = await page.evaluate(() =>
        (window as unknown as ProbeWindow).__SSE_DEVTOOLS_HOOK__?.connections().map((c) => ({
          state: c.state,
          client: c.annotation?.client ?? null,
        })),
      );
      expect(hooked).toHaveLength(snapshot.connects);
      expect(hooked!.every((c) => c.client === 'client-e2e')).toBe(true);
      expect(hooked!.filter((c) => c.state !== 'closed')).toHaveLength(1);
    }

    expect(pageErrors).toEqual([]);
  });
});

/**
 * HARDENING, hostile page: a page whose own scripts (so: after our document_start hook) replace
 * `window.postMessage`, `JSON.stringify/parse`, `Array.prototype.push`, `Function.prototype.toString`,
 * `setTimeout`, `Object.keys`, `Map.prototype.set` and `EventSource` itself, flood forged envelopes
 * (wrong and right `source`, wrong version, 8 MB strings, 1 000-deep nesting, `__proto__` keys,
 * 10 000 messages at 10 000/s), make `__zarizSSEDebug()` throw, spin for 200 ms, return huge or cyclic values or
 * throwing getters, and put HTML and `javascript:` URLs in URLs, event names and data
 * (fixtures/hardening/hostile.html).
 *
 * Expected: the page's own behaviour is unchanged (its EventSources deliver, its replaced natives
 * are never called by us), the panel renders page data as text only (no element, no script),
 * memory stays within the caps, and every refusal is counted and visible in the panel.
 *
 * No fixed waits: the flood is a count sent at a rate (paced by the page's own timers), and every
 * check waits on a condition.
 */
import type { Frame, Page } from 'puppeteer-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { DEFAULT_HOOK_SETTINGS } from '../../src/protocol';
import { RECENT_MESSAGES_PER_CONNECTION } from '../../panel/store';
import {
  collectErrors,
  HARDENING_DIR,
  hookStats,
  readStore,
  rowCount,
  type StoreView,
} from './fixtures/hardening/support';
import { launchHarness, waitFor, type Harness } from './harness';

const XSS = '<img src=x onerror="window.__pwned=(window.__pwned||0)+1">';

let h: Harness;
let page: Page;
let frame: Frame;
let errors: { readonly list: string[] };

beforeAll(async () => {
  h = await launchHarness({ server: { staticDir: HARDENING_DIR, heartbeatMs: 0 } });
  page = await h.newPage('/hostile.html');
  errors = collectErrors(page);
  ({ frame } = await h.openPanel(page));
  // Poll the debug global every 100 ms (the minimum) so every misbehaviour comes round quickly.
  await frame.evaluate(`window.__SSE_PANEL_STORE__.getState().updateSettings({ pollMs: 100 })`);
  // Collect every debug snapshot the panel shows (the store keeps only the latest per name).
  await frame.evaluate(`(() => {
    const store = window.__SSE_PANEL_STORE__;
    window.__debugSeen = [];
    store.subscribe((s) => {
      const d = s.getLiveView().data.debug.get('__zarizSSEDebug');
      const last = window.__debugSeen[window.__debugSeen.length - 1];
      if (d && d !== last) window.__debugSeen.push(d);
    });
  })()`);
});
afterAll(async () => {
  await h?.close();
});

/** Reads page state with plain property reads only (the page broke push, keys, JSON...). */
const pageValue = <T>(expression: string): Promise<T> => page.evaluate(expression) as Promise<T>;

const store = (): Promise<StoreView> => readStore(frame).then((v) => v!);

test('the page’s own EventSources (the native one and its subclass) still deliver', async () => {
  await waitFor(
    () => pageValue<boolean>('window.own.readyState === 1 && window.logged.readyState === 1'),
    {
      message: 'both page streams open',
    },
  );
  h.server.broadcast('plain', { html: XSS });
  await h.server.burst({ count: 50, size: 65_536 });
  await fetch(`${h.server.url}/v1/broadcast`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ raw: XSS }),
  });
  await fetch(`${h.server.url}/v1/broadcast`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ raw: 'javascript:window.__pwned=7' }),
  });
  // Event types named like Object.prototype members are counted like any other.
  h.server.broadcast('typed', { n: 1 }, { event: 'constructor' });
  h.server.broadcast('typed', { n: 2 }, { event: 'constructor' });
  await waitFor(
    () =>
      pageValue<boolean>(
        'window.received.plain === 53 && window.received.logged === 53 && window.received.ctor === 2',
      ),
    { message: 'every message at both page listeners' },
  );
  // The page's subclass is still a real EventSource, made through its own constructor.
  expect(await pageValue('window.logged instanceof window.O.EventSource')).toBe(true);
  expect(await pageValue('window.hostile.loggedCreated')).toBe(1);
  // And the panel counted the same messages (53 each) for the two connections.
  await waitFor(
    async () => {
      const v = await store();
      const counts = v.connections.filter((c) => c.url.includes('token=')).map((c) => c.messages);
      // 53 each, plus the two `constructor` events heard by the first.
      return counts.length === 2 && counts.sort().join() === '53,55';
    },
    { message: 'the panel counted every message on each page connection' },
  );
  const byType = (await frame.evaluate(`(() => {
    const c = [...window.__SSE_PANEL_STORE__.getState().connections.values()]
      .find((c) => c.url.includes('token=') && !c.url.includes('via=logged'));
    return { constructor: c.byType.constructor, own: Object.prototype.hasOwnProperty.call(c.byType, 'constructor') };
  })()`)) as { constructor: unknown; own: boolean };
  expect(byType).toEqual({ constructor: 2, own: true });
});

test('a misbehaving debug global (throws, spins 200 ms, huge, cyclic, throwing getters) is survived and capped', async () => {
  await waitFor(
    () =>
      pageValue<boolean>(
        `['throw', 'huge', 'cyclic', 'getters', 'html', 'hang'].every((m) => window.hostile.debugCalls[m] >= 1)`,
      ),
    { timeout: 20_000, message: 'every debug misbehaviour called at least once' },
  );
  const seen = await waitFor(
    async () => {
      const list = (await frame.evaluate('window.__debugSeen')) as Array<{
        ok: boolean;
        error: string | null;
        value: unknown;
      }>;
      const errorsSeen = new Set(list.map((d) => (d.error ?? '').split(':')[0]));
      return errorsSeen.has('threw') && errorsSeen.has('slow') && list.some((d) => d.ok)
        ? list
        : null;
    },
    { timeout: 20_000, message: 'the panel saw a thrown, a slow and a good debug snapshot' },
  );
  // Everything that arrived is JSON within the cap (the huge value was cut or refused).
  for (const d of seen)
    expect(JSON.stringify(d.value ?? null).length).toBeLessThanOrEqual(64 * 1024);
  const cyclic = seen.find((d) => JSON.stringify(d.value ?? null).includes('[cycle]'));
  expect(cyclic, 'the cyclic value, cut at the cycle').toBeDefined();
  const getters = seen.find((d) => JSON.stringify(d.value ?? null).includes('[throws]'));
  expect(getters, 'the throwing getter, shown as [throws]').toBeDefined();
});

test('a flood of 10 000 forged envelopes at 10 000/s is refused, rate-limited and counted in the panel', async () => {
  const before = (await store()).counters;
  const sent = await pageValue<number>('window.flood(10000)');
  expect(sent).toBe(10_003);
  const after = await waitFor(
    async () => {
      const v = await store();
      return v.counters.relayRejected >= sent / 2 ? v : null;
    },
    { timeout: 20_000, message: 'the relay’s refusals in the panel' },
  );
  // Shown, not only counted: the counter badge is in the DOM with the number.
  const badge = await frame.$eval('[data-testid="counter-rejected"]', (el) => el.textContent ?? '');
  expect(Number(badge.replace(/\D/g, ''))).toBeGreaterThanOrEqual(after.counters.relayRejected);
  // Refused at the first hop: nothing invalid got as far as the service worker's own checks.
  const workerRefusals = (await frame.evaluate(
    'Object.keys(window.__SSE_PANEL_STORE__.getState().rejectedByReason)',
  )) as string[];
  expect(workerRefusals.filter((reason) => reason.startsWith('relay:'))).toEqual([]);
  // Forged relay → hook messages were refused by the hook itself.
  const stats = (await hookStats(page))!;
  expect(stats.rejectedMessages).toBeGreaterThan(0);
  // Valid-looking forged batches got through only at the relay's rate: a bounded number.
  const forged = after.connections.filter((c) => c.session === 'forged-flood').length;
  expect(forged).toBeLessThanOrEqual(600);
  // Nothing from the invalid kinds became a connection, and nothing polluted a prototype (the
  // well-formed `__proto__`-keyed batch may land: it is a valid forged record about the page).
  expect(after.connections.some((c) => c.session === 'huge' || c.session === 'deep')).toBe(false);
  expect(await frame.evaluate('({}).polluted')).toBeUndefined();
  // If the flood crowded out some of the hook's own batches, that loss is counted and shown too.
  if (after.counters.lost > before.lost) {
    expect(await frame.$('[data-testid="counter-lost"]')).not.toBeNull();
  }
});

test('markup and javascript: URLs in URLs, event names, data, stacks and labels render as text only', async () => {
  // Well-formed forged records (a page can forge records about itself). Sent until the relay's
  // rate budget, spent by the flood, lets one through; the panel ignores repeats (same seq).
  await waitFor(
    async () => {
      await pageValue('window.forgeHtml()');
      return (await store()).connections.some((c) => c.session === 'forged-html');
    },
    { interval: 250, message: 'the forged markup records in the panel' },
  );
  const view = await store();
  const targets = view.connections.filter(
    (c) => c.session === 'forged-html' || c.url.includes('tok'),
  );
  expect(targets.length).toBeGreaterThanOrEqual(2);
  for (const c of targets) {
    await frame.evaluate(
      `window.__SSE_PANEL_STORE__.getState().selectConnection(${JSON.stringify(c.key)})`,
    );
    await frame.waitForSelector('[data-testid="detail-pane"]');
  }
  // The forged connection's detail: its sample data is shown, verbatim, as text.
  await frame.evaluate(
    `window.__SSE_PANEL_STORE__.getState().selectConnection(${JSON.stringify(targets.find((c) => c.session === 'forged-html')!.key)})`,
  );
  const shown = await waitFor(
    async () => {
      const texts = await frame.$$eval('[data-testid="message-data"]', (els) =>
        els.map((el) => el.textContent ?? ''),
      );
      return texts.includes(XSS) ? texts : null;
    },
    { message: 'the markup sample shown as text' },
  );
  expect(shown).toContain(XSS);
  expect(await frame.$eval('[data-testid="detail-pane"]', (el) => el.textContent ?? '')).toContain(
    'javascript:window.__pwned=4',
  );
  // The page's own connection, whose real messages carried markup.
  const own = targets.find((c) => c.url.includes('tok') && !c.url.includes('via=logged'))!;
  await frame.evaluate(
    `window.__SSE_PANEL_STORE__.getState().selectConnection(${JSON.stringify(own.key)})`,
  );
  await waitFor(
    async () =>
      (
        await frame.$$eval('[data-testid="message-data"]', (els) =>
          els.map((el) => el.textContent ?? ''),
        )
      ).includes(XSS),
    { message: 'the real markup message shown as text' },
  );
  // Every tab of the panel renders the same data: none of it may turn into markup.
  for (const tab of ['callSites', 'timeline', 'acceptance', 'connections']) {
    const button = await frame.$(`[data-testid="tab-${tab}"]`);
    if (button) await button.click();
    await frame.waitForSelector('#root > *');
  }
  expect(await frame.$$eval('img, svg image, iframe, object, embed', (els) => els.length)).toBe(0);
  expect(
    await frame.$$eval('a[href^="javascript:"], [href^="javascript:"]', (els) => els.length),
  ).toBe(0);
  expect(await frame.evaluate('window.__pwned')).toBeUndefined();
  expect(await rowCount(frame)).toBeGreaterThan(0);
});

test('memory stays within the caps: the hook’s buffer budget and the panel store’s bounds', async () => {
  expect((await hookStats(page))!.bufferedBytes).toBeLessThanOrEqual(
    DEFAULT_HOOK_SETTINGS.bufferBytes,
  );
  // Shrink the hook's budget to the smallest allowed and overfill it: it must evict, not grow.
  const budget = 64 * 1024;
  await frame.evaluate(
    `window.__SSE_PANEL_STORE__.getState().updateSettings({ bufferBytes: ${budget} })`,
  );
  await waitFor(
    async () => {
      await h.server.burst({ count: 50, size: 2048 });
      return ((await hookStats(page))?.dropped ?? 0) > 0;
    },
    { interval: 200, message: 'the hook evicting at its budget' },
  );
  const stats = (await hookStats(page))!;
  expect(stats.bufferedBytes).toBeLessThanOrEqual(budget);
  const sizes = (await frame.evaluate(`(() => {
    const s = window.__SSE_PANEL_STORE__.getState();
    const data = s.getLiveView().data;
    let maxRecent = 0;
    for (const c of s.connections.values()) maxRecent = Math.max(maxRecent, c.recent.length);
    return { connections: s.connections.size, maxRecent, debug: data.debug.size, connectTimes: data.connectTimes.length };
  })()`)) as { connections: number; maxRecent: number; debug: number; connectTimes: number };
  expect(sizes.maxRecent).toBeLessThanOrEqual(RECENT_MESSAGES_PER_CONNECTION);
  // Two page connections, the rate-limited forged ones, one forged markup connection.
  expect(sizes.connections).toBeLessThanOrEqual(2 + 600 + 1);
  expect(sizes.debug).toBeLessThanOrEqual(2 + 1);
});

test('the page’s replaced natives were never called by us, and nothing was raised in the page', async () => {
  expect(await pageValue('window.hostile.calls')).toEqual({});
  // The page's replacements are still in place: we restore nothing behind its back.
  expect(
    await pageValue(
      `JSON.stringify.toString === Function.prototype.toString && window.EventSource.name`,
    ),
  ).toBe('LoggedEventSource');
  const stats = (await hookStats(page))!;
  expect(stats.internalErrors).toBe(0);
  expect(errors.list).toEqual([]);
});

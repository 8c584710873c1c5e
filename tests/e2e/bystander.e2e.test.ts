/**
 * Pages that never use SSE pay nothing (issue 17): with the built extension loaded, a page without
 * an EventSource keeps the native `EventTarget.prototype` methods and timers — checked through the
 * DevTools protocol, which sees a Proxy for what it is — until its first EventSource; from then
 * on the hook's patches are in place, and a reconnect timer set in that first source's `onerror`
 * is counted with its child's lineage. A listener added through an `addEventListener` saved at
 * load, before any source, still gets its reconnect timer counted.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchHarness, waitFor, type Harness } from './harness/index';

const FIXTURE = '/bystander.html';
/** No EventSource at load: ordinary listeners, dispatches and timers, and references saved. */
const FIXTURE_HTML = `<!doctype html><meta charset="utf-8"><title>bystander</title>
<body><button id="b">b</button>
<script>
  window.saved = {
    add: EventTarget.prototype.addEventListener,
    remove: EventTarget.prototype.removeEventListener,
    dispatch: EventTarget.prototype.dispatchEvent,
    setTimeout: window.setTimeout,
    clearTimeout: window.clearTimeout,
  };
  const button = document.getElementById('b');
  const onClick = () => { window.clicks = (window.clicks || 0) + 1; };
  button.addEventListener('click', onClick);
  button.dispatchEvent(new Event('click'));
  button.removeEventListener('click', onClick);
  clearTimeout(setTimeout(() => {}, 10));
</script></body>`;

const PATCHED = [
  'EventTarget.prototype.addEventListener',
  'EventTarget.prototype.removeEventListener',
  'EventTarget.prototype.dispatchEvent',
  'window.setTimeout',
  'window.clearTimeout',
] as const;

/** What the protocol sees of each: a Proxy (the hook's wrapper) or a plain function. */
async function kinds(page: Page): Promise<string[]> {
  const cdp = await page.createCDPSession();
  try {
    const out: string[] = [];
    for (const expression of PATCHED) {
      const { result } = (await cdp.send('Runtime.evaluate', { expression })) as {
        result: { type: string; subtype?: string };
      };
      out.push(`${expression}: ${result.subtype ?? result.type}`);
    }
    return out;
  } finally {
    await cdp.detach();
  }
}

const all = (kind: string) => PATCHED.map((expression) => `${expression}: ${kind}`);

interface Snapshot {
  id: number;
  url: string;
  parent: number | null;
  timer: number | null;
  timers: { created: number; fired: number; cleared: number; pending: number };
}
const connections = (page: Page): Promise<Snapshot[]> =>
  page.evaluate('window.__SSE_DEVTOOLS_HOOK__.connections()') as Promise<Snapshot[]>;

describe('a page without SSE keeps the natives until its first EventSource', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await launchHarness({
      pages: { [FIXTURE]: FIXTURE_HTML },
      server: { heartbeatMs: 0 },
    });
  });
  afterAll(async () => {
    await harness?.close();
  });

  test('natives until the first EventSource, then the patches, and its onerror timer is counted', async () => {
    const page = await harness.newPage(FIXTURE);
    try {
      // The hook is there (the constructor is wrapped and toString masked from document_start)...
      expect(
        await page.evaluate(`[typeof window.__SSE_DEVTOOLS_HOOK__,
          Function.prototype.toString.call(EventSource).includes('[native code]'),
          Function.prototype.toString.call(EventSource).includes('EventSource'), window.clicks]`),
      ).toEqual(['object', true, true, 1]);
      // ...but what every page calls is the native function itself, the same one saved at load.
      expect(await kinds(page)).toEqual(all('function'));
      expect(
        await page.evaluate(`[saved.add === EventTarget.prototype.addEventListener,
          saved.remove === EventTarget.prototype.removeEventListener,
          saved.dispatch === EventTarget.prototype.dispatchEvent,
          saved.setTimeout === window.setTimeout, saved.clearTimeout === window.clearTimeout]`),
      ).toEqual([true, true, true, true, true]);

      await page.evaluate(`(() => {
        const first = new EventSource('/v1/events/sse?token=refused&case=first');
        window.patchedAtConstruction = EventTarget.prototype.addEventListener !== saved.add;
        first.onerror = () => {
          if (first.readyState !== EventSource.CLOSED) return;
          setTimeout(() => { new EventSource('/v1/events/sse?token=tok-child&case=child'); }, 100);
        };
      })()`);
      expect(await page.evaluate('window.patchedAtConstruction')).toBe(true);
      expect(await kinds(page)).toEqual(all('proxy'));

      const list = await waitFor(
        async () => {
          const conns = await connections(page);
          return conns.length === 2 ? conns : null;
        },
        { timeout: 10_000, message: 'the child connection of the reconnect timer' },
      );
      expect(list[0]).toMatchObject({
        id: 1,
        parent: null,
        timers: { created: 1, fired: 1, cleared: 0, pending: 0 },
      });
      expect(list[0]?.url).toContain('case=first');
      expect(list[1]).toMatchObject({ parent: 1, timer: 1 });
      expect(list[1]?.url).toContain('case=child');
    } finally {
      await page.close();
    }
  });

  test('an error listener added through the addEventListener saved at load still has its reconnect timer counted', async () => {
    const page = await harness.newPage(FIXTURE);
    try {
      await page.evaluate(`(() => {
        const es = new EventSource('/v1/events/sse?token=refused&case=saved');
        // Added in the construction task, so it runs before the hook's own error listener.
        saved.add.call(es, 'error', () => {
          if (es.readyState === EventSource.CLOSED) setTimeout(() => {}, 60_000);
        });
      })()`);
      const [conn] = await waitFor(
        async () => {
          const conns = await connections(page);
          return conns[0]?.timers.created === 1 ? conns : null;
        },
        { timeout: 10_000, message: 'the timer set by the saved-reference listener' },
      );
      expect(conn?.timers).toEqual({ created: 1, fired: 0, cleared: 0, pending: 1 });
    } finally {
      await page.close();
    }
  });
});

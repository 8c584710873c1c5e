/**
 * Smoke: the whole chain works in real Chromium. A page opens an EventSource during load (before
 * any content script could have run late), DevTools opens on the real SSE panel, and the panel's
 * DOM lists the connection.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchHarness, waitFor, type Harness } from './harness';

const PAGE = `<!doctype html><html><head><script>
  window.es = new EventSource('/v1/events/sse?token=tok-smoke');
  window.es.onmessage = () => {};
</script></head><body>smoke</body></html>`;

let h: Harness;
beforeAll(async () => {
  h = await launchHarness({ pages: { '/smoke.html': PAGE } });
});
afterAll(async () => {
  await h?.close();
});

test('a connection opened during page load is listed in the real SSE panel', async () => {
  const page = await h.newPage('/smoke.html');
  await page.waitForFunction(() => (window as unknown as { es: EventSource }).es.readyState === 1);
  const { frame } = await h.openPanel(page);
  const rows = await waitFor(
    async () => {
      const texts = await frame.$$eval('[data-testid="connection-row"]', (els) =>
        els.map((el) => el.textContent ?? ''),
      );
      return texts.length > 0 ? texts : null;
    },
    { message: 'a connection row in the panel' },
  );
  expect(rows).toHaveLength(1);
  expect(rows[0]).toContain('/v1/events/sse');
  expect(rows[0]).not.toContain('tok-smoke');
  expect(await frame.$eval('[data-testid="live-count"]', (el) => el.textContent)).toContain('1');
});

/**
 * The panel's test global exists only behind the opt-in flag: a user's panel (no flag) has no
 * `window.__SSE_PANEL_STORE__`, and the same build exposes it once the harness set the flag.
 * Both run the one build under test; only chrome.storage.local differs.
 */
import { afterEach, expect, test } from 'vitest';
import { EXPOSE_TEST_GLOBAL_KEY } from '../../panel/test-global-flag';
import { launchHarness, waitFor, type Harness } from './harness';

const PAGE = `<!doctype html><html><head><script>
  window.es = new EventSource('/v1/events/sse?token=tok-flag');
</script></head><body>flag</body></html>`;

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function panelWithOneRow(testGlobal: boolean) {
  h = await launchHarness({ pages: { '/flag.html': PAGE }, testGlobal });
  const page = await h.newPage('/flag.html');
  const { frame } = await h.openPanel(page);
  await waitFor(async () => ((await frame.$('[data-testid="connection-row"]')) ? true : null), {
    message: 'a connection row in the panel',
  });
  // The panel read the flag as it started; a read issued now is answered after that one.
  const flag = await frame.evaluate(
    `chrome.storage.local.get(${JSON.stringify(EXPOSE_TEST_GLOBAL_KEY)})`,
  );
  const exposed = await frame.evaluate('typeof window.__SSE_PANEL_STORE__');
  return { flag, exposed };
}

test('without the flag the real panel works and has no test global', async () => {
  const { flag, exposed } = await panelWithOneRow(false);
  expect(flag).toEqual({});
  expect(exposed).toBe('undefined');
});

test('with the flag the same build exposes the store', async () => {
  const { exposed } = await panelWithOneRow(true);
  expect(exposed).toBe('object');
});

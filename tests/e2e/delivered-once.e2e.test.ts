/**
 * "Events reach every subscriber, once" judged by the real panel from the real client: the fixed
 * client (the client-app fixture: three `useSSEEvents` consumers under StrictMode) counts its
 * deliveries per subscriber in `__zarizSSEDebug().deliveries`, the page hook polls that value, and
 * the panel's acceptance view turns it into the sixth verdict. A duplicate delivered to every
 * subscriber (the same event id handed over twice) turns the verdict red.
 */
import { resolve } from 'node:path';
import type { Frame, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { SSEClient, SSEDebugSnapshot } from '../../src/client';
import { launchHarness, waitFor, type Harness } from './harness';
import { bundleFixture, type BundledFixture } from './harness/bundle';

const FIXTURE = resolve(import.meta.dirname, 'fixtures/client-app');

interface FixtureWindow {
  __zarizSSEDebug(): SSEDebugSnapshot;
  __sseClient: SSEClient;
}

const statusOf = (frame: Frame): Promise<string | null> =>
  frame
    .$eval('[data-testid="verdict-deliveredOnce"]', (el) => el.getAttribute('data-status'))
    .catch(() => null);

const verdictText = (frame: Frame): Promise<string> =>
  frame.$eval('[data-testid="verdict-deliveredOnce"]', (el) => el.textContent ?? '');

describe('the panel judges deliveries per subscriber from the client', () => {
  let app: BundledFixture;
  let h: Harness;
  let page: Page;
  let frame: Frame;

  async function broadcast(type: string): Promise<void> {
    const res = await fetch(`${h.server.url}/v1/broadcast`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type, data: {} }),
    });
    expect(res.ok).toBe(true);
  }

  const debug = (): Promise<SSEDebugSnapshot> =>
    page.evaluate(() => (window as unknown as FixtureWindow).__zarizSSEDebug());

  beforeAll(async () => {
    app = await bundleFixture(FIXTURE);
    h = await launchHarness({ server: { staticDir: app.dir, retryMs: 200, heartbeatMs: 0 } });
    page = await h.browser.newPage();
    await page.goto(`${h.server.url}/`, { waitUntil: 'domcontentloaded' });
    await waitFor(
      async () => {
        const s = await debug().catch(() => null);
        return s?.status === 'open' && s.subscribers === 3;
      },
      { message: 'the client open with its three subscribers' },
    );
    ({ frame } = await h.openPanel(page));
    await frame.$eval('[data-testid="tab-acceptance"]', (el) => (el as HTMLElement).click());
  });

  afterAll(async () => {
    await h?.close();
    app?.remove();
  });

  test('every subscriber got every event once: the verdict passes on the client’s numbers', async () => {
    for (let i = 0; i < 5; i++) await broadcast('order.updated');
    await waitFor(async () => (await debug()).deliveries.received >= 5, {
      message: 'five events received by the client',
    });
    const deliveries = (await debug()).deliveries;
    // StrictMode mounted each consumer twice: three live subscribers plus the unmounted ones.
    expect(deliveries.subscribers.filter((s) => s.active)).toHaveLength(3);
    expect(deliveries).toMatchObject({ duplicates: 0, missed: 0 });

    await waitFor(async () => (await statusOf(frame)) === 'pass', {
      timeout: 20_000,
      message: 'deliveredOnce = pass',
    });
    expect(await verdictText(frame)).toMatch(/received/);
  });

  test('the same event id delivered twice fails the verdict', async () => {
    await page.evaluate(() => {
      const client = (window as unknown as FixtureWindow).__sseClient;
      const event = {
        type: 'order.updated',
        data: {},
        id: 'replayed-1',
        event: 'message',
        receivedAt: Date.now(),
      };
      client.publish(event);
      client.publish(event);
    });
    expect((await debug()).deliveries.duplicates).toBe(3);
    await waitFor(async () => (await statusOf(frame)) === 'fail', {
      timeout: 20_000,
      message: 'deliveredOnce = fail',
    });
    expect(await verdictText(frame)).toMatch(/duplicate/);
    const offenders = await frame.$$eval(
      '[data-testid="verdict-deliveredOnce"] [data-testid="offender"]',
      (els) => els.length,
    );
    expect(offenders).toBe(1);
  });
});

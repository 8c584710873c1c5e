/**
 * Displayed ids name one connection, in the real panel of real Chromium: the page hook numbers
 * connections per document from 1, so a page with two iframes has three `#1`s, and a reload with
 * Preserve log on adds three more. The table must still show distinct ids, and an acceptance
 * offender button must lead to its own row (fixtures/ids: a top page and two frames, each with
 * one EventSource to the demo server).
 */
import { resolve } from 'node:path';
import type { Frame, Page } from 'puppeteer-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchHarness, waitFor, type Harness } from './harness';

const FIXTURES = resolve(import.meta.dirname, 'fixtures/ids');

interface Row {
  readonly key: string;
  /** The hook's own number (per document). */
  readonly id: number;
  /** What the ID cell shows. */
  readonly shown: string;
  readonly frameId: number;
  readonly documentId: string;
  readonly closedBy: string | null;
}

let h: Harness;
let page: Page;
let frame: Frame;

/** Rows as the table renders them, joined with what the store knows about each key. */
const rows = (): Promise<Row[]> =>
  frame.evaluate(`(() => {
    const conns = window.__SSE_PANEL_STORE__.getState().connections;
    return [...document.querySelectorAll('[data-testid="connection-row"]')].map((el) => {
      const c = conns.get(el.getAttribute('data-key'));
      return {
        key: el.getAttribute('data-key'),
        id: c ? c.id : -1,
        shown: el.querySelector('[data-testid="row-id"]').textContent,
        frameId: c ? c.frameId : -1,
        documentId: c ? c.documentId : '',
        closedBy: c ? c.closedBy : null,
      };
    });
  })()`) as Promise<Row[]>;

async function waitRows(n: number, what: string): Promise<Row[]> {
  return waitFor(
    async () => {
      const list = await rows();
      return list.length === n && list.every((r) => r.id > 0) ? list : null;
    },
    { timeout: 30_000, message: what },
  );
}

async function click(testId: string): Promise<void> {
  await frame.$eval(`[data-testid="${testId}"]`, (el) => (el as HTMLElement).click());
}

beforeAll(async () => {
  h = await launchHarness({ server: { staticDir: FIXTURES, heartbeatMs: 0 } });
  page = await h.newPage('/page.html');
  ({ frame } = await h.openPanel(page));
});

afterAll(async () => {
  await h?.close();
});

test('a page with two iframes, each opening an EventSource, shows three distinct ids', async () => {
  const list = await waitRows(3, 'three rows: the top page and two frames');
  // The hook numbered each one #1 in its own document, in three frames...
  expect(list.map((r) => r.id)).toEqual([1, 1, 1]);
  expect(new Set(list.map((r) => r.frameId)).size).toBe(3);
  // ...and the table tells them apart.
  expect(new Set(list.map((r) => r.shown)).size).toBe(3);
});

test('with Preserve log on across a reload, the ids stay distinct', async () => {
  const before = await rows();
  await click('preserve-log');
  await waitFor(() => frame.evaluate(`window.__SSE_PANEL_STORE__.getState().preserveLog`), {
    message: 'Preserve log on',
  });
  await page.reload({ waitUntil: 'domcontentloaded' });
  const list = await waitFor(
    async () => {
      const all = await rows();
      const fresh = all.filter((r) => !before.some((b) => b.key === r.key));
      const kept = all.filter((r) => before.some((b) => b.key === r.key));
      return fresh.length === 3 && kept.length === 3 && kept.every((r) => r.closedBy === 'unload')
        ? all
        : null;
    },
    { timeout: 30_000, message: 'three unloaded rows kept and three new ones' },
  );
  expect(list.filter((r) => r.id === 1)).toHaveLength(6);
  expect(new Set(list.map((r) => r.documentId)).size).toBe(6);
  expect(new Set(list.map((r) => r.shown)).size).toBe(6);
  // A row keeps the id it was shown with before the reload.
  for (const b of before) expect(list.find((r) => r.key === b.key)?.shown).toBe(b.shown);
});

test('an acceptance offender button selects its own row, even behind a filter that hides it', async () => {
  // Three live connections to one endpoint break "exactly one live": each is an offender.
  await frame.$eval('[data-testid="filter-text"]', (el) => {
    const input = el as HTMLInputElement;
    const set = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
    set.call(input, 'matches-no-row');
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await waitFor(async () => (await rows()).length === 0, { message: 'the filter hides every row' });
  await click('tab-acceptance');
  const buttons = await waitFor(
    async () => {
      const list = (await frame.$$eval(
        '[data-testid="verdict-oneLive"][data-status="fail"] [data-testid="offender"]',
        (els) => els.map((el) => ({ key: el.getAttribute('data-key'), text: el.textContent })),
      )) as Array<{ key: string; text: string }>;
      return list.length >= 2 ? list : null;
    },
    { timeout: 30_000, message: 'offender buttons of the failing "exactly one live" criterion' },
  );
  expect(new Set(buttons.map((b) => b.text)).size).toBe(buttons.length);
  // Preferably a frame's connection: its hook id (#1) is the top page's too, its displayed id is not.
  const frameKeys =
    (await frame.evaluate(`[...window.__SSE_PANEL_STORE__.getState().connections.values()]
    .filter((c) => c.frameId !== 0).map((c) => c.key)`)) as string[];
  const offender = buttons.find((b) => frameKeys.includes(b.key)) ?? buttons[0]!;
  await frame.$$eval(
    '[data-testid="offender"]',
    (els, key) => (els.find((el) => el.getAttribute('data-key') === key) as HTMLElement).click(),
    offender.key,
  );
  const detail = await waitFor(
    () =>
      frame.evaluate(`(() => {
        const pane = document.querySelector('[data-testid="detail-pane"]');
        const row = document.querySelector('[data-testid="connection-row"].row-selected');
        return pane && row ? {
          pane: pane.getAttribute('data-key'),
          id: pane.querySelector('[data-testid="detail-id"]').textContent,
          row: row.getAttribute('data-key'),
          rowId: row.querySelector('[data-testid="row-id"]').textContent,
        } : null;
      })()`) as Promise<{ pane: string; id: string; row: string; rowId: string } | null>,
    { timeout: 15_000, message: 'the offender selected in the table with its detail' },
  );
  expect(detail).toEqual({
    pane: offender.key,
    id: offender.text,
    row: offender.key,
    rowId: offender.text.replace('#', ''),
  });
  expect(
    await frame.$eval('[data-testid="filter-text"]', (el) => (el as HTMLInputElement).value),
  ).toBe('');
});

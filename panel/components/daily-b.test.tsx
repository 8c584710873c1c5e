// @vitest-environment jsdom
/**
 * The detail pane's copy-and-go actions and the toolbar's rough edges: call-site "Show", the
 * endpoint filter, chips, the expected-per-endpoint field, tab keys, freeze, import scope.
 */
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { createInsightStore, InsightStoreProvider } from '../acceptance/view-store';
import { DevtoolsApiProvider } from '../devtools-api';
import type { ImportedReport } from '../report/report';
import { createPanelStore, type PanelStore } from '../store';
import { batch, conn, msgs, open, sample, stackAt } from '../../src/protocol/testing/records';
import { PanelStoreProvider } from '../use-panel-store';
import { App } from './App';
import { EvidenceBanner } from './EvidenceBanner';
import { clampExpected } from './SummaryBar';
import { createFakeDevtools, fakeLayout, renderWith } from './test-render';
import { tabAfterKey, Toolbar } from './Toolbar';

let store: PanelStore;
const receive = (...args: Parameters<typeof batch>) =>
  act(() => store.getState().messageReceived(batch(...args)));
const writeText = vi.fn<(text: string) => Promise<void>>();

beforeEach(() => {
  vi.useFakeTimers();
  fakeLayout();
  store = createPanelStore({ now: () => 10_000 });
  writeText.mockReset().mockResolvedValue(undefined);
  Object.defineProperty(window.navigator, 'clipboard', {
    value: { writeText },
    configurable: true,
  });
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
  Reflect.deleteProperty(window.navigator, 'clipboard');
});

/** A msgs record whose stream had an id (the builder's default is none). */
const withLastId = (record: ReturnType<typeof msgs>, lastEventId: string) =>
  ({ ...record, lastEventId }) as ReturnType<typeof msgs>;
const rowsShown = () => screen.queryAllByTestId('connection-row').map((r) => r.dataset.key);

describe('copy and go', () => {
  test('copies the URL and a cURL with Accept and Last-Event-ID; secrets stay redacted', async () => {
    const devtools = createFakeDevtools();
    renderWith(store, undefined, devtools);
    receive('s', [conn(1), open(1), withLastId(msgs(1, [sample('x', { id: '7' })]), '7')]);
    act(() => store.getState().selectConnection('s#1'));
    await act(async () => {
      fireEvent.click(screen.getByTestId('copy-url'));
      await Promise.resolve();
    });
    expect(writeText).toHaveBeenLastCalledWith(
      'http://127.0.0.1:8080/v1/events/sse?token=[redacted]',
    );
    expect(screen.getByTestId('copy-and-go-status').textContent).toBe('URL copied');
    await act(async () => {
      fireEvent.click(screen.getByTestId('copy-curl'));
      await Promise.resolve();
    });
    const curl = writeText.mock.lastCall?.[0] ?? '';
    expect(curl).toContain("curl -N 'http://127.0.0.1:8080/v1/events/sse?token=[redacted]'");
    expect(curl).toContain("-H 'Accept: text/event-stream'");
    expect(curl).toContain("-H 'Last-Event-ID: 7'");
    // The panel never had the secret: it says so rather than offering a copy "with secrets".
    expect(screen.getByTestId('redacted-note').textContent).toContain('never has them');
    fireEvent.click(screen.getByTestId('open-tab'));
    expect(devtools.tabsOpened).toEqual(['http://127.0.0.1:8080/v1/events/sse?token=[redacted]']);
    const network = screen.getByTestId('reveal-network') as HTMLButtonElement;
    expect(network.disabled).toBe(true);
    expect(network.title).toContain('cannot select a request in the Network panel');
  });
});

describe('message sizes', () => {
  test('a size the hook partly estimated in a flood is marked ≈ and says why', () => {
    renderWith(store);
    const flood = { ...msgs(1, [sample('abcd')], 500), bytes: 2_000, unmeasured: 300 };
    receive('s', [conn(1), open(1), flood, conn(2), open(2), msgs(2, [sample('abcd')])]);
    act(() => store.getState().selectConnection('s#1'));
    const traffic = screen.getByTestId('detail-traffic');
    expect(traffic.textContent).toBe('500 · ≈ 2.0 kB');
    expect(traffic.title).toBe(
      'Sizes of 300 of 500 messages are estimated: they arrived in a flood, faster than the hook reads message data, and count at the mean size of the others.',
    );
    act(() => store.getState().selectConnection('s#2'));
    expect(screen.getByTestId('detail-traffic').textContent).toBe('1 · 4 B');
    expect(screen.getByTestId('detail-traffic').title).toBe('');
  });
});

describe('call sites "Show"', () => {
  const at = (col: number) => `at f (http://127.0.0.1:8080/app.js:1:${col})`;

  test('shows the exact frame (app.js:1:5 is not app.js:1:50) and respects Live only', () => {
    renderWith(store);
    receive('s', [
      conn(1, { stack: at(5) }),
      open(1),
      conn(2, { stack: at(50) }),
      open(2),
      conn(3, { stack: at(5) }),
      { k: 'close', id: 3, stack: stackAt('x'), readyState: 0 },
    ]);
    act(() => store.getState().setTab('callSites'));
    const site5 = screen
      .getAllByTestId('call-site-row')
      .find((r) => r.dataset.site === 'http://127.0.0.1:8080/app.js:1:5');
    fireEvent.click(within(site5!).getByTestId('call-site-show'));
    expect(store.getState().tab).toBe('connections');
    expect(rowsShown().sort()).toEqual(['s#1', 's#3']);
    expect(screen.getByTestId('call-site-filter').textContent).toContain('app.js:1:5');
    fireEvent.click(screen.getByTestId('live-only'));
    expect(rowsShown()).toEqual(['s#1']);
    // Call sites itself hides sites without a live connection while Live only is on.
    receive('s', [{ k: 'close', id: 2, stack: stackAt('x'), readyState: 1 }], { from: 7 });
    act(() => store.getState().setTab('callSites'));
    expect(screen.getAllByTestId('call-site-row').map((r) => r.dataset.site)).toEqual([
      'http://127.0.0.1:8080/app.js:1:5',
    ]);
  });
});

describe('endpoint filter and chips', () => {
  test('the placeholder endpoint can be selected apart from "all endpoints"', () => {
    renderWith(store);
    // Messages for a connection whose conn record was lost: a placeholder without a URL.
    receive('s', [conn(1), open(1), msgs(9, [sample('x')])]);
    const select = screen.getByTestId('endpoint-filter') as HTMLSelectElement;
    const placeholder = [...select.options].find((o) => o.value === '=');
    expect(placeholder).toBeDefined();
    fireEvent.change(select, { target: { value: '=' } });
    expect(store.getState().filter.endpoint).toBe('');
    expect(rowsShown()).toEqual(['s#9']);
    fireEvent.change(select, { target: { value: '*' } });
    expect(store.getState().filter.endpoint).toBeNull();
    expect(rowsShown()).toHaveLength(2);
  });

  test('chips beyond 8 endpoints collapse into "+N more"', () => {
    renderWith(store);
    const records = Array.from({ length: 11 }, (_, i) => [
      conn(i + 1, { url: `http://127.0.0.1:8080/stream/${i}` }),
      open(i + 1),
    ]).flat();
    receive('s', records);
    expect(screen.getAllByTestId('endpoint-live')).toHaveLength(8);
    expect(screen.getByTestId('endpoint-more').textContent).toBe('+3 more');
  });
});

describe('expected per endpoint', () => {
  test('can be emptied while typing, and clamps on Enter or blur', () => {
    renderWith(store);
    const input = screen.getByTestId('expected-per-endpoint') as HTMLInputElement;
    fireEvent.change(input, { target: { value: '' } });
    expect(input.value).toBe('');
    expect(store.getState().expectedPerEndpoint).toBe(1);
    fireEvent.change(input, { target: { value: '150' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(store.getState().expectedPerEndpoint).toBe(100);
    const again = screen.getByTestId('expected-per-endpoint') as HTMLInputElement;
    fireEvent.change(again, { target: { value: 'abc' } });
    fireEvent.blur(again);
    expect(store.getState().expectedPerEndpoint).toBe(100);
    expect((screen.getByTestId('expected-per-endpoint') as HTMLInputElement).value).toBe('100');
    expect([clampExpected('0'), clampExpected(' 3 '), clampExpected('')]).toEqual([1, 3, null]);
  });
});

describe('keyboard', () => {
  test('arrow keys move between tabs with a roving tabindex', () => {
    renderWith(store);
    const tabs = screen.getByRole('tablist');
    const first = screen.getByTestId('tab-connections');
    expect(first.tabIndex).toBe(0);
    expect(screen.getByTestId('tab-timeline').tabIndex).toBe(-1);
    first.focus();
    fireEvent.keyDown(tabs, { key: 'ArrowRight' });
    expect(store.getState().tab).toBe('callSites');
    expect(document.activeElement).toBe(screen.getByTestId('tab-callSites'));
    expect(screen.getByTestId('tab-callSites').tabIndex).toBe(0);
    expect(tabAfterKey('connections', 'ArrowLeft')).toBe('acceptance');
    expect(tabAfterKey('acceptance', 'ArrowRight')).toBe('connections');
    expect(tabAfterKey('timeline', 'Home')).toBe('connections');
    expect(tabAfterKey('timeline', 'Enter')).toBeNull();
  });
});

describe('freeze', () => {
  test('is named for what it does, and says in other tabs that they stay live', () => {
    renderWith(store);
    const button = screen.getByTestId('pause-button');
    expect(button.title).toMatch(/^Freeze the Connections and Call sites views/);
    fireEvent.click(button);
    expect(screen.getByTestId('paused-badge').textContent).toBe('View frozen');
    act(() => store.getState().setTab('acceptance'));
    expect(screen.getByTestId('paused-badge').textContent).toBe(
      'Connections frozen · this tab live',
    );
  });
});

describe('an imported report', () => {
  test('is named in every tab, scoped to the tabs that show it', () => {
    const insight = createInsightStore();
    insight.setState({
      imported: {
        report: { createdAt: 0, page: { url: 'http://old.test/', origin: 'http://old.test' } },
        fileName: 'old.json',
      } as unknown as ImportedReport,
    });
    render(
      <PanelStoreProvider store={store}>
        <DevtoolsApiProvider api={createFakeDevtools()}>
          <InsightStoreProvider store={insight}>
            <Toolbar />
            <EvidenceBanner />
          </InsightStoreProvider>
        </DevtoolsApiProvider>
      </PanelStoreProvider>,
    );
    const banner = () => screen.getByTestId('imported-banner');
    expect(banner().dataset.scope).toBe('live');
    expect(banner().textContent).toContain('This tab shows the LIVE page');
    expect(screen.getByTestId('tab-timeline-imported')).toBeTruthy();
    expect(screen.getByTestId('tab-acceptance-imported')).toBeTruthy();
    fireEvent.click(screen.getByTestId('view-imported'));
    expect(store.getState().tab).toBe('acceptance');
    expect(banner().dataset.scope).toBe('imported');
    expect(banner().textContent).toContain('IMPORTED report old.json');
    // The export menu exports the live session and says so.
    expect(screen.getByTestId('export-live-note').textContent).toContain('live session');
  });
});

describe('one export menu', () => {
  test('the toolbar holds every export; the menu opens and closes', () => {
    renderWith(store, <App clock={() => 10_000} />);
    const list = screen.getByTestId('export-menu-list');
    expect(list.hidden).toBe(true);
    fireEvent.click(screen.getByTestId('export-menu'));
    expect(list.hidden).toBe(false);
    for (const id of ['export-json', 'export-md', 'copy-md', 'export-har', 'import'])
      expect(within(list).getByTestId(id)).toBeTruthy();
    fireEvent.keyDown(list, { key: 'Escape' });
    expect(list.hidden).toBe(true);
  });
});

describe('the grid and the keyboard', () => {
  test('the focusable grid names its selected row; Enter opens the detail', () => {
    renderWith(store);
    receive('s', [conn(1), open(1), conn(2), open(2)]);
    const grid = screen.getByRole('grid');
    expect(grid.tabIndex).toBe(0);
    expect(grid.getAttribute('aria-activedescendant')).toBeNull();
    fireEvent.keyDown(grid, { key: 'Enter' });
    expect(screen.getByTestId('detail-pane').dataset.key).toBe('s#1');
    fireEvent.keyDown(grid, { key: 'ArrowDown' });
    const active = grid.getAttribute('aria-activedescendant');
    expect(active).not.toBeNull();
    const row = document.getElementById(active ?? '');
    expect(row?.dataset.key).toBe('s#2');
    expect(row?.getAttribute('aria-selected')).toBe('true');
    expect(screen.getByTestId('detail-pane').dataset.key).toBe('s#2');
  });
});

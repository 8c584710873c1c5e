// @vitest-environment jsdom
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { envelope, type CensusHostTotal } from '../src/protocol';
import { batch, conn, open } from '../src/protocol/testing/records';
import { HostBudget } from './components/HostBudget';
import { hostBudgetOf, isBudgetExhausted, isMultiplexed } from './host-budget';
import { createPanelStore, type PanelStore } from './store';
import { PanelStoreProvider } from './use-panel-store';

const total = (origin: string, live: number, tabs: number, protocol: string): CensusHostTotal => ({
  origin,
  host: new URL(origin).host,
  live,
  tabs,
  protocol,
});
const census = (pageOrigin: string, hosts: CensusHostTotal[], invalid = 0) =>
  envelope('bg:census', { pageOrigin, hosts, invalid });

describe('hostBudgetOf', () => {
  test('picks the inspected page’s origin among the hosts', () => {
    const budget = hostBudgetOf(
      census('http://127.0.0.1:8080', [
        total('https://busy.test', 9, 4, 'h2'),
        total('http://127.0.0.1:8080', 5, 3, 'http/1.1'),
      ]),
    );
    expect(budget).toEqual({ host: '127.0.0.1:8080', live: 5, tabs: 3, protocol: 'http/1.1' });
  });

  test('a page whose host has no live stream shows 0; an unknown page shows nothing', () => {
    expect(hostBudgetOf(census('http://a.test', []))).toEqual({
      host: 'a.test',
      live: 0,
      tabs: 0,
      protocol: '',
    });
    expect(hostBudgetOf(census('', [total('http://a.test', 1, 1, '')]))).toBeNull();
  });

  test('the budget is used up at 6 over HTTP/1.1 only; h2 and h3 share one connection', () => {
    const b = { host: 'a', live: 6, tabs: 2 };
    expect(isBudgetExhausted({ ...b, protocol: 'http/1.1' })).toBe(true);
    expect(isBudgetExhausted({ ...b, live: 5, protocol: 'http/1.1' })).toBe(false);
    expect(isBudgetExhausted({ ...b, live: 40, protocol: 'h2' })).toBe(false);
    expect(isBudgetExhausted({ ...b, protocol: '' })).toBe(false);
    expect(isMultiplexed('h3')).toBe(true);
    expect(isMultiplexed('http/1.1')).toBe(false);
  });
});

describe('the store and the summary', () => {
  let store: PanelStore;
  beforeEach(() => {
    store = createPanelStore({ now: () => 10_000 });
  });
  afterEach(() => cleanup());

  const renderBudget = () =>
    render(
      <PanelStoreProvider store={store}>
        <HostBudget />
      </PanelStoreProvider>,
    );

  test('bg:census fills hostBudget and the protocol of rows to that origin', () => {
    store.getState().messageReceived(batch('s', [conn(1), open(1)]));
    const url = [...store.getState().connections.values()][0]!.url;
    const origin = new URL(url).origin;
    store.getState().messageReceived(census(origin, [total(origin, 7, 2, 'http/1.1')], 3));
    expect(store.getState().hostBudget).toEqual({
      host: new URL(origin).host,
      live: 7,
      tabs: 2,
      protocol: 'http/1.1',
    });
    expect(store.getState().censusInvalid).toBe(3);
    expect([...store.getState().connections.values()][0]!.protocol).toBe('http/1.1');
  });

  test('before the first census a placeholder holds the slot; the badge replaces it', () => {
    renderBudget();
    expect(screen.queryByTestId('host-budget')).toBeNull();
    expect(screen.getByTestId('host-budget-pending').textContent).toContain('no census yet');
    act(() =>
      store
        .getState()
        .messageReceived(census('http://a.test', [total('http://a.test', 1, 1, 'http/1.1')])),
    );
    expect(screen.queryByTestId('host-budget-pending')).toBeNull();
    expect(screen.getByTestId('host-budget').textContent).toContain('1/6');
  });

  test('over HTTP/1.1 at 6 the badge warns and says why; over h2 it says nothing is starved', () => {
    renderBudget();
    act(() =>
      store
        .getState()
        .messageReceived(census('http://a.test', [total('http://a.test', 6, 3, 'http/1.1')])),
    );
    const badge = screen.getByTestId('host-budget');
    expect(badge.dataset.value).toBe('6');
    expect(badge.dataset.tabs).toBe('3');
    expect(badge.className).toContain('metric-bad');
    expect(badge.title).toContain('at most 6 connections per host');
    expect(badge.textContent).toContain('6/6');

    act(() =>
      store
        .getState()
        .messageReceived(census('http://a.test', [total('http://a.test', 9, 3, 'h2')])),
    );
    expect(badge.className).not.toContain('metric-bad');
    expect(badge.title).toContain('share one connection');
    expect(badge.textContent).not.toContain('/6');
  });
});

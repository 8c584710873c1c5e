// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { createPanelStore, type PanelStore } from '../store';
import { batch, conn, error, msgs, open, sample } from '../../src/protocol/testing/records';
import { fakeLayout, renderWith } from './test-render';

let store: PanelStore;
const receive = (...args: Parameters<typeof batch>) =>
  act(() => store.getState().messageReceived(batch(...args)));

beforeEach(() => {
  vi.useFakeTimers();
  fakeLayout();
  store = createPanelStore({ now: () => 10_000 });
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

function twoStreams() {
  receive('s', [
    conn(1),
    open(1),
    conn(2),
    open(2),
    msgs(1, [
      sample('{"price":"<b>10</b>"}', { t: 2_000 }),
      sample('{"price":20}', { t: 2_100, id: '5', own: true }),
    ]),
    msgs(2, [sample('heartbeat', { t: 2_050, type: 'ping', id: '5' })]),
  ]);
}

describe('message search', () => {
  test('counts and marks hits in message data across connections, as text', () => {
    renderWith(store);
    twoStreams();
    fireEvent.change(screen.getByTestId('search-text'), { target: { value: 'price' } });
    expect(screen.getByTestId('search-count').textContent).toBe(
      '2 hits in 1 connections (3 kept messages searched)',
    );
    const results = screen.getAllByTestId('search-result');
    expect(results).toHaveLength(2);
    const marks = within(results[0]!).getAllByTestId('search-hit');
    expect(marks.map((m) => [m.tagName, m.textContent])).toEqual([['MARK', 'price']]);
    // Page markup in the data is text, not elements.
    expect(results[1]!.querySelector('b')).toBeNull();
    expect(results[1]!.textContent).toContain('<b>10</b>');
  });

  test('an invalid regex shows an error state instead of results', () => {
    renderWith(store);
    twoStreams();
    fireEvent.change(screen.getByTestId('search-text'), { target: { value: '/(price/' } });
    expect(screen.getByTestId('search-text').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByTestId('search-error').textContent).toMatch(/Invalid regular expression/);
    expect(screen.queryByTestId('search-result')).toBeNull();
  });

  test('a hit selects its connection', () => {
    renderWith(store);
    twoStreams();
    fireEvent.change(screen.getByTestId('search-text'), { target: { value: '/^heart/' } });
    fireEvent.mouseDown(screen.getByTestId('search-result'));
    expect(store.getState().selectedKey).toBe('s#2');
  });
});

describe('row filter', () => {
  test('takes a regex, and an invalid one marks the input', () => {
    renderWith(store);
    receive('s', [conn(1), conn(2, { url: 'http://127.0.0.1:8080/v1/other' })]);
    const input = screen.getByTestId('filter-text');
    fireEvent.change(input, { target: { value: '/other$/' } });
    expect(screen.getAllByTestId('connection-row').map((r) => r.dataset.key)).toEqual(['s#2']);
    fireEvent.change(input, { target: { value: '/[/' } });
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(screen.queryAllByTestId('connection-row')).toHaveLength(0);
  });
});

describe('columns', () => {
  test('the header context menu hides and shows a column', () => {
    renderWith(store);
    receive('s', [conn(1), open(1)]);
    const header = screen.getByTestId('table-header');
    expect(within(header).queryByText('Label')).not.toBeNull();
    fireEvent.contextMenu(header, { clientX: 10, clientY: 10 });
    fireEvent.click(screen.getByTestId('column-toggle-label'));
    expect(within(header).queryByText('Label')).toBeNull();
    expect(screen.getByTestId('connection-row').querySelector('[data-column="label"]')).toBeNull();
    expect(store.getState().hiddenColumns).toContain('label');
    fireEvent.click(screen.getByTestId('column-toggle-label'));
    expect(within(header).queryByText('Label')).not.toBeNull();
  });

  test('timing columns show values; hidden-by-default ones come with the Columns button', () => {
    renderWith(store);
    receive('s', [conn(1), open(1), msgs(1, [sample('a', { t: 1_050 })])]);
    const row = screen.getByTestId('connection-row');
    expect(row.querySelector('[data-column="toOpen"]')?.textContent).toBe('1 ms');
    expect(row.querySelector('[data-column="toFirst"]')).toBeNull();
    fireEvent.click(screen.getByTestId('columns-button'));
    fireEvent.click(screen.getByTestId('column-toggle-toFirst'));
    expect(
      screen.getByTestId('connection-row').querySelector('[data-column="toFirst"]')?.textContent,
    ).toBe('49 ms');
  });
});

describe('detail: ids, reconnects, gaps', () => {
  test('a message shows an id only when it carried one; a reconnect shows the Last-Event-ID it sent', () => {
    renderWith(store);
    twoStreams();
    receive(
      's',
      [
        {
          ...msgs(1, [sample('x', { t: 2_200, id: '5', own: false })]),
          lastEventId: '5',
        } as ReturnType<typeof msgs>,
        error(1, 0),
      ],
      {
        from: 20,
      },
    );
    act(() => store.getState().selectConnection('s#1'));
    const metas = screen.getAllByTestId('message-meta').map((m) => m.textContent);
    // Newest first: inherited id (not shown), own id 5, no id.
    expect(metas[0]).not.toContain('id');
    expect(metas[1]).toContain('id 5');
    expect(metas[2]).not.toContain('id');
    expect(screen.getByTestId('reconnect').dataset.lastEventId).toBe('5');
    expect(screen.getByTestId('retry-unknown').textContent).toContain('needs network capture');
    expect(screen.getByTestId('gap-largest').textContent).toContain('100 ms');
    expect(screen.getAllByTestId('gap-bar').map((b) => b.dataset.count)).toEqual([
      '0',
      '0',
      '2',
      '0',
      '0',
      '0',
    ]);
  });

  test('retry: is shown when a stream parser saw it, else it says network capture is needed', () => {
    renderWith(store);
    receive('s', [
      conn(1),
      open(1),
      { ...msgs(1, [sample('a', { t: 2_000 })]), retry: 1500 } as ReturnType<typeof msgs>,
    ]);
    act(() => store.getState().selectConnection('s#1'));
    expect(screen.getByTestId('retry').textContent).toBe(
      'retry: 1500 ms (the reconnection time the server set)',
    );
    expect(screen.queryByTestId('retry-unknown')).toBeNull();
  });

  test('timing and messages have one heading each: "Timing", then "Recent messages" once', () => {
    renderWith(store);
    twoStreams();
    act(() => store.getState().selectConnection('s#1'));
    const headings = screen
      .getAllByRole('heading', { level: 3 })
      .map((h) => h.textContent)
      .filter((text) => text === 'Timing' || text === 'Recent messages');
    expect(headings).toEqual(['Timing', 'Recent messages']);
    expect(screen.getAllByText('Recent messages')).toHaveLength(1);
    const timing = screen.getByTestId('timing-section');
    expect(within(timing).getByTestId('timing')).toBeTruthy();
    expect(within(timing).getByTestId('gap-largest')).toBeTruthy();
    expect(within(screen.getByTestId('messages')).queryByTestId('timing')).toBeNull();
  });
});

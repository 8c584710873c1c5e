// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { createPanelStore, type Connection, type PanelStore } from '../store';
import {
  batch,
  close,
  conn,
  debug,
  msgs,
  open,
  sample,
  stackAt,
  timer,
} from '../../src/protocol/testing/records';
import { createFakeDevtools, fakeLayout, renderWith } from './test-render';

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

describe('summary bar', () => {
  test('flags two live connections to one endpoint as a duplicate, and clears the flag when one closes', () => {
    renderWith(store);
    receive('s', [
      conn(1, { stack: stackAt('useAdminEvents') }),
      open(1),
      conn(2, { stack: stackAt('Provider') }),
      open(2),
    ]);
    expect(screen.getByTestId('live-count').textContent).toBe('2');
    expect(screen.getByTestId('duplicate-flag').textContent).toContain(
      'DUPLICATE: 2 live connections',
    );
    receive('s', [close(2)], { from: 5 });
    expect(screen.getByTestId('live-count').textContent).toBe('1');
    expect(screen.queryByTestId('duplicate-flag')).toBeNull();
  });

  test('shows pending reconnect timers', () => {
    renderWith(store);
    receive('s', [conn(1), timer(1, 1, 'created'), timer(2, 1, 'created')]);
    expect(screen.getByTestId('timer-count').dataset.pending).toBe('2');
  });

  test('shows the latest debug-global snapshot, and says when the page has none', () => {
    renderWith(store);
    receive('s', [
      debug({ connects: 1, timers: 0 }),
      debug({
        connects: 3,
        subscribers: 2,
        hasES: true,
        readyState: 1,
        timers: 2,
        lastErrorAt: null,
      }),
      { k: 'debug', name: '__zarizSSE', ok: false, error: 'absent', ms: 0 },
    ]);
    const [zariz, lock] = screen.getAllByTestId('debug-snapshot');
    expect(zariz!.textContent).toBe(
      '__zarizSSEDebugconnects3subscribers2hasEStruereadyState1timers2lastErrorAtnull',
    );
    expect(lock!.textContent).toContain('not defined by the page');
    expect(screen.getByTestId('debug-timer-count').textContent).toBe('debug: 2');
  });

  test('shows a lost-records counter only when records were lost', () => {
    renderWith(store);
    receive('s', [conn(1)]);
    expect(screen.queryByTestId('counter-lost')).toBeNull();
    receive('s', [open(1)], { from: 4 });
    expect(screen.getByTestId('counter-lost').textContent).toBe('2 lost');
  });
});

describe('connection table', () => {
  test('renders one row per connection with its state', () => {
    renderWith(store);
    receive('s', [conn(1), open(1), conn(2), conn(3), close(3)]);
    const rows = screen.getAllByTestId('connection-row');
    expect(rows.map((r) => r.dataset.state)).toEqual(['open', 'connecting', 'closed']);
    expect(within(rows[0]!).getByText('connect (app.js:10:5)')).toBeTruthy();
  });

  test('renders only a window of rows for 10 000 connections', () => {
    renderWith(store);
    const records = Array.from({ length: 10_000 }, (_, i) => conn(i + 1));
    for (let i = 0; i < records.length; i += 2000)
      receive('s', records.slice(i, i + 2000), { from: i + 1 });
    expect(screen.getByTestId('live-count').textContent).toBe('10000');
    const rendered = screen.getAllByTestId('connection-row').length;
    expect(rendered).toBeGreaterThan(10);
    expect(rendered).toBeLessThan(100);
  });

  test('moves the selection with the arrow keys and shows the details', () => {
    renderWith(store);
    receive('s', [conn(1), conn(2)]);
    const body = screen.getByTestId('table-body');
    fireEvent.keyDown(body, { key: 'ArrowDown' });
    fireEvent.keyDown(body, { key: 'ArrowDown' });
    expect(store.getState().selectedKey).toBe('s#2');
    expect(screen.getByTestId('detail-pane').dataset.key).toBe('s#2');
    fireEvent.keyDown(body, { key: 'Escape' });
    expect(screen.queryByTestId('detail-pane')).toBeNull();
  });

  test('sorts when a header is clicked', () => {
    renderWith(store);
    receive('s', [conn(1), conn(2)]);
    fireEvent.click(screen.getByTestId('sort-id'));
    expect(screen.getAllByTestId('connection-row').map((r) => r.dataset.key)).toEqual([
      's#2',
      's#1',
    ]);
  });

  test('turns a row that cannot render into an error row and keeps the others', () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    renderWith(store);
    receive('s', [conn(1), conn(2)]);
    act(() => {
      const data = store.getState().getLiveView().data;
      const broken = {
        ...data.connections.get('s#2'),
        callSite: { key: 'x', frame: null },
      } as unknown as Connection;
      data.connections.set('s#2', broken);
      store.setState({ view: { data, version: store.getState().version + 1 } });
    });
    expect(screen.getAllByTestId('connection-row')).toHaveLength(1);
    expect(screen.getByTestId('connection-row-error').textContent).toContain('could not be shown');
    expect(screen.getByTestId('live-count').textContent).toBe('2');
  });
});

describe('untrusted data', () => {
  test('renders HTML in message data as text', () => {
    const xss = '<img src=x onerror="window.__xss = 1">';
    const { container } = renderWith(store);
    receive('s', [
      conn(1, {
        url: `http://h/sse?q=<script>alert(1)</script>`,
        stack: `at <b>evil</b> (javascript:alert(1):1:1)`,
      }),
      msgs(1, [sample(xss)]),
    ]);
    act(() => store.getState().selectConnection('s#1'));
    expect(screen.getByTestId('message-data').textContent).toBe(xss);
    expect(container.querySelector('img, script, b')).toBeNull();
    expect(container.querySelector('[href]')).toBeNull();
    expect((window as unknown as { __xss?: number }).__xss).toBeUndefined();
  });

  test('marks a truncated message', () => {
    renderWith(store);
    receive('s', [conn(1), msgs(1, [sample('{"a":', { cut: true, size: 9000 })])]);
    act(() => store.getState().selectConnection('s#1'));
    expect(screen.getByTestId('message-truncated').textContent).toContain('9000 characters');
  });

  test('pretty-prints JSON data', () => {
    renderWith(store);
    receive('s', [conn(1), msgs(1, [sample('{"type":"order","id":7}')])]);
    act(() => store.getState().selectConnection('s#1'));
    expect(screen.getByTestId('message-data').textContent).toBe(
      '{\n  "type": "order",\n  "id": 7\n}',
    );
  });
});

describe('detail pane', () => {
  test('opens a stack frame in Sources through the DevTools adapter', () => {
    const devtools = createFakeDevtools();
    renderWith(store, undefined, devtools);
    receive('s', [conn(1, { stack: stackAt('useAdminEvents', 'orders.js', 12, 7) })]);
    act(() => store.getState().selectConnection('s#1'));
    const construction = screen.getByTestId('construction-stack');
    fireEvent.click(within(construction).getAllByTestId('stack-frame-link')[0]!);
    expect(devtools.opened).toEqual([
      { url: 'http://127.0.0.1:8080/assets/orders.js', line: 12, column: 7 },
    ]);
  });

  test('explains a stream the server refused', () => {
    renderWith(store);
    receive('s', [conn(1), { k: 'error', id: 1, readyState: 2 }]);
    act(() => store.getState().selectConnection('s#1'));
    expect(screen.getByTestId('why-closed').textContent).toContain('non-200 status');
    expect(screen.getByTestId('why-closed').textContent).toContain('cannot be requested again');
  });

  test('shows the reconnect lineage', () => {
    renderWith(store);
    receive('s', [conn(1), conn(2, { parent: 1 }), conn(3, { parent: 2 })]);
    act(() => store.getState().selectConnection('s#3'));
    expect(screen.getAllByTestId('lineage-node').map((n) => n.textContent)).toEqual([
      '#1 connecting',
      '#2 connecting',
      '#3 connecting',
    ]);
  });
});

describe('toolbar and empty state', () => {
  test('offers a reload when nothing was captured, without claiming one is needed', () => {
    const devtools = createFakeDevtools();
    renderWith(store, undefined, devtools);
    const text = screen.getByTestId('empty-state').textContent ?? '';
    // The hook runs at document_start: load-time connections are captured without a reload.
    expect(text).toContain('Connections opened during page load are captured too');
    expect(text).not.toMatch(/reload the page to capture/i);
    fireEvent.click(screen.getByTestId('reload-button'));
    expect(devtools.reloads).toBe(1);
  });

  test('pausing freezes the table until resumed', () => {
    renderWith(store);
    receive('s', [conn(1)]);
    fireEvent.click(screen.getByTestId('pause-button'));
    receive('s', [conn(2)], { from: 2 });
    expect(screen.getAllByTestId('connection-row')).toHaveLength(1);
    fireEvent.click(screen.getByTestId('pause-button'));
    expect(screen.getAllByTestId('connection-row')).toHaveLength(2);
  });

  test('groups connections by call site', () => {
    renderWith(store);
    receive('s', [
      conn(1, { stack: stackAt('useAdminEvents', 'a.js') }),
      conn(2, { stack: stackAt('useAdminEvents', 'a.js') }),
      conn(3, { stack: stackAt('Provider', 'b.js') }),
    ]);
    fireEvent.click(screen.getByTestId('tab-callSites'));
    const sites = screen.getAllByTestId('call-site-row');
    expect(sites.map((s) => within(s).getByTestId('call-site-live').textContent)).toEqual([
      '2',
      '1',
    ]);
  });
});

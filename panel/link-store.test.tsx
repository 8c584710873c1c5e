// @vitest-environment jsdom
/**
 * The panel link and the panel store are two sides of one contract (what an invalid message from
 * the background counts as). Unit tests with fakes on either side can pin opposite meanings; this
 * one wires the real link, over an in-memory port, to the real store and the real status badges.
 */
import { act, cleanup, render, screen } from '@testing-library/react';
import { createElement } from 'react';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { envelope, PROTOCOL_VERSION, SOURCE } from '../src/protocol';
import { createPanelLink } from '../src/messaging/panel-link';
import { createFakeConnector } from '../src/messaging/testing/fake-port';
import { defaultTimers } from '../src/shared/timers';
import { StatusIndicator } from './components/StatusIndicator';
import { createPanelStore } from './store';
import { batch, conn } from '../src/protocol/testing/records';
import { PanelStoreProvider } from './use-panel-store';

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

test('the real panel link into the real store: three bad messages show 3, a version mismatch lights the protocol badge', () => {
  const store = createPanelStore();
  const connector = createFakeConnector();
  // The same wiring as panel/main.tsx.
  const link = createPanelLink({
    tabId: 7,
    connect: (name) => connector.connect(name),
    getCursors: () => store.getState().getCursors(),
    getSettings: () => store.getState().settings,
    onMessage: (message) => store.getState().messageReceived(message),
    onInvalid: (_message, reason) => store.getState().invalidReceived(reason),
    onStatus: (status) => store.getState().linkStatusChanged(status),
    timers: defaultTimers,
    random: () => 1,
    now: () => Date.now(),
  });
  render(createElement(PanelStoreProvider, { store, children: createElement(StatusIndicator) }));
  const background = connector.lastServer!;

  act(() => {
    background.postMessage(null);
    background.postMessage({ source: SOURCE, version: PROTOCOL_VERSION, kind: 'bg:records' });
    background.postMessage(envelope('bg:records', { session: 's', records: [{ k: 'conn' }] }));
  });
  expect(store.getState().counters).toMatchObject({ invalid: 3, protocolMismatch: 0 });
  expect(screen.getByTestId('counter-invalid').textContent).toContain('3');
  expect(screen.queryByTestId('counter-protocolMismatch')).toBeNull();

  act(() => background.postMessage({ ...batch('s1', [conn(1)]), version: PROTOCOL_VERSION + 1 }));
  expect(store.getState().counters).toMatchObject({ invalid: 3, protocolMismatch: 1 });
  expect(screen.getByTestId('counter-protocolMismatch')).toBeTruthy();
  expect(store.getState().connections.size).toBe(0);

  // A valid message still goes through, typed, to the same store.
  act(() => background.postMessage(batch('s1', [conn(1)])));
  expect(store.getState().connections.size).toBe(1);
  expect(link.rejected()).toEqual({
    'panel-link:not-ours': 1,
    'panel-link:shape': 2,
    'panel-link:version': 1,
  });
  link.close();
});

// @vitest-environment jsdom
import { act, cleanup, render } from '@testing-library/react';
import { StrictMode } from 'react';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { disposeSSEClient, getSSEClient } from './singleton';
import { createSSEClient } from './sse-client';
import {
  createFakeEventSource,
  createFakeOnline,
  type FakeEventSourceKit,
} from './testing/fake-event-source';
import type { SSEClient, SSEEvent } from './types';
import { useSSEEvents, useSSEStatus } from './use-sse-events';

let fake: FakeEventSourceKit;
let client: SSEClient;

beforeEach(() => {
  vi.useFakeTimers();
  fake = createFakeEventSource();
  client = createSSEClient({
    url: '/v1/events/sse',
    EventSource: fake.EventSource,
    random: () => 0.5,
    debug: false,
    online: createFakeOnline(true),
    graceMs: 1000,
    heartbeatTimeoutMs: 0,
  });
});

afterEach(() => {
  cleanup();
  client.dispose();
  disposeSSEClient();
  vi.useRealTimers();
});

function Consumer({
  onEvent,
  sseClient,
}: {
  onEvent: (event: SSEEvent) => void;
  sseClient?: SSEClient;
}) {
  useSSEEvents(onEvent, [onEvent], sseClient === undefined ? undefined : { client: sseClient });
  return null;
}

function Status({ sseClient }: { sseClient: SSEClient }) {
  return <span data-testid="status">{useSSEStatus({ client: sseClient })}</span>;
}

describe('useSSEEvents under StrictMode', () => {
  test('mount, StrictMode remount and unmount construct exactly one EventSource', () => {
    const view = render(
      <StrictMode>
        <Consumer onEvent={() => undefined} sseClient={client} />
      </StrictMode>,
    );
    expect(fake.instances).toHaveLength(1);
    expect(client.debug().subscribers).toBe(1);

    view.unmount();
    expect(fake.live()).toHaveLength(1);
    act(() => {
      vi.advanceTimersByTime(1000);
    });
    expect(fake.instances).toHaveLength(1);
    expect(fake.live()).toHaveLength(0);
  });

  test('without a grace period the StrictMode remount would churn (why graceMs exists)', () => {
    const noGrace = createSSEClient({
      url: '/sse',
      EventSource: fake.EventSource,
      debug: false,
      graceMs: 0,
      heartbeatTimeoutMs: 0,
    });
    render(
      <StrictMode>
        <Consumer onEvent={() => undefined} sseClient={noGrace} />
      </StrictMode>,
    );
    expect(fake.instances).toHaveLength(2);
    expect(fake.live()).toHaveLength(1);
    expect(fake.maxLiveAtConstruction()).toBe(1);
    noGrace.dispose();
  });

  test('a remount within the grace period reuses the connection', () => {
    const first = render(
      <StrictMode>
        <Consumer onEvent={() => undefined} sseClient={client} />
      </StrictMode>,
    );
    first.unmount();
    act(() => {
      vi.advanceTimersByTime(500);
    });
    render(
      <StrictMode>
        <Consumer onEvent={() => undefined} sseClient={client} />
      </StrictMode>,
    );
    act(() => {
      vi.advanceTimersByTime(10_000);
    });
    expect(fake.instances).toHaveLength(1);
    expect(fake.live()).toHaveLength(1);
  });

  test('a new handler is used without resubscribing', () => {
    const subscribe = vi.spyOn(client, 'subscribe');
    const first = vi.fn();
    const second = vi.fn();
    const view = render(
      <StrictMode>
        <Consumer onEvent={first} sseClient={client} />
      </StrictMode>,
    );
    // StrictMode mounts, unmounts and remounts effects: two subscribe calls, one connection.
    const subscribeCalls = subscribe.mock.calls.length;
    expect(subscribeCalls).toBe(2);
    view.rerender(
      <StrictMode>
        <Consumer onEvent={second} sseClient={client} />
      </StrictMode>,
    );
    expect(subscribe).toHaveBeenCalledTimes(subscribeCalls);
    act(() => {
      fake.latest().simulateMessage('{"type":"order.created"}');
    });
    expect(first).not.toHaveBeenCalled();
    expect(second).toHaveBeenCalledTimes(1);
    expect(second.mock.calls[0]?.[0]).toMatchObject({ type: 'order.created' });
    expect(fake.instances).toHaveLength(1);
  });

  test('many consumers share one connection and all receive every event', () => {
    const a = vi.fn();
    const b = vi.fn();
    render(
      <StrictMode>
        <Consumer onEvent={a} sseClient={client} />
        <Consumer onEvent={b} sseClient={client} />
      </StrictMode>,
    );
    act(() => {
      fake.latest().simulateMessage('x');
    });
    expect(fake.instances).toHaveLength(1);
    expect(a).toHaveBeenCalledTimes(1);
    expect(b).toHaveBeenCalledTimes(1);
  });

  test('without a client option it uses the tab singleton', () => {
    const singleton = getSSEClient({
      url: '/v1/events/sse',
      EventSource: fake.EventSource,
      debug: false,
      online: createFakeOnline(true),
      heartbeatTimeoutMs: 0,
    });
    const onEvent = vi.fn();
    render(
      <StrictMode>
        <Consumer onEvent={onEvent} />
      </StrictMode>,
    );
    expect(singleton.debug().subscribers).toBe(1);
    act(() => {
      fake.latest().simulateMessage('x');
    });
    expect(onEvent).toHaveBeenCalledTimes(1);
  });
});

describe('useSSEStatus', () => {
  test('re-renders with the connection status', () => {
    const view = render(
      <StrictMode>
        <Status sseClient={client} />
      </StrictMode>,
    );
    expect(view.getByTestId('status').textContent).toBe('idle');
    act(() => client.connect());
    expect(view.getByTestId('status').textContent).toBe('connecting');
    act(() => fake.latest().simulateOpen());
    expect(view.getByTestId('status').textContent).toBe('open');
    act(() => fake.latest().simulateError());
    expect(view.getByTestId('status').textContent).toBe('reconnecting');
  });
});

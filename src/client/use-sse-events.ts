/**
 * React bindings for the SSE client. Components never create EventSources: they subscribe to
 * the one client. The subscription depends only on the client (and the optional name and types),
 * never on the handler, so re-renders and new handler closures cause no connection churn.
 */
import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useRef,
  useSyncExternalStore,
  type DependencyList,
} from 'react';
import { getSSEClient } from './singleton';
import type { ConnectionStatus, SSEClient, SSEEvent } from './types';

export interface UseSSEOptions {
  /** Client to use instead of the tab singleton (tests, or an app with its own instance). */
  client?: SSEClient;
  /** Names this consumer in the client's `debug().deliveries` (e.g. the component's name). */
  name?: string;
  /** Only these event types (`SSEEvent.type`) reach the handler. Default: every event. */
  types?: readonly string[];
}

function isOptions(value: DependencyList | UseSSEOptions | undefined): value is UseSSEOptions {
  return value !== undefined && !Array.isArray(value);
}

/**
 * Call `handler` for every SSE event. The latest handler is always used without resubscribing.
 * `deps` is accepted for drop-in compatibility with the legacy `useAdminEvents(handler, deps)`
 * and deliberately ignored: resubscribing on dependency changes is what caused churn.
 * Forms: `useSSEEvents(handler)`, `useSSEEvents(handler, deps)`, `useSSEEvents(handler, { client })`,
 * `useSSEEvents(handler, deps, { client })`.
 */
export function useSSEEvents(
  handler: (event: SSEEvent) => void,
  depsOrOptions?: DependencyList | UseSSEOptions,
  maybeOptions?: UseSSEOptions,
): void {
  const options = isOptions(depsOrOptions) ? depsOrOptions : maybeOptions;
  const client = options?.client ?? getSSEClient();
  const latest = useRef(handler);
  // Updated in a layout effect (not during render) so a discarded render never leaks its handler.
  useLayoutEffect(() => {
    latest.current = handler;
  });
  const name = options?.name;
  // A string key: a new array literal with the same types on each render must not resubscribe.
  const typesKey = options?.types === undefined ? null : JSON.stringify(options.types);
  useEffect(() => {
    const types = typesKey === null ? undefined : (JSON.parse(typesKey) as string[]);
    return client.subscribe((event) => latest.current(event), { name, types });
  }, [client, name, typesKey]);
}

/** The client's connection status, re-rendering on changes. */
export function useSSEStatus(options?: UseSSEOptions): ConnectionStatus {
  const client = options?.client ?? getSSEClient();
  const subscribe = useCallback(
    (onStoreChange: () => void) => client.onStatus(() => onStoreChange()),
    [client],
  );
  const getSnapshot = useCallback(() => client.status, [client]);
  return useSyncExternalStore(subscribe, getSnapshot, getSnapshot);
}

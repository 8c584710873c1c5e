/**
 * Public API of the fixed SSE client (ticket 29). Importing this module has no side effects:
 * no timers, no randomness, no globals until `getSSEClient()` is called.
 * Non-React code can import `./sse-client` + `./singleton` directly; the hooks are also in `./react`.
 */
export { createSSEClient } from './sse-client';
export {
  getSSEClient,
  disposeSSEClient,
  SSE_CLIENT_VERSION,
  type SSELockObject,
} from './singleton';
export { computeDelay, type BackoffConfig } from '../shared/backoff';
export { normalizeEvent, type RawSSEMessage } from './normalize-event';
export { useSSEEvents, useSSEStatus, type UseSSEOptions } from './react';
export type {
  ConnectionStatus,
  EventSourceConstructor,
  EventSourceLike,
  SSEAuthSource,
  SSEClient,
  SSEClientOptions,
  SSEConnectRecord,
  SSEDebugSnapshot,
  SSEErrorInfo,
  SSEErrorKind,
  SSEEvent,
  SSELifecycleSource,
  SSELogFunction,
  SSELogger,
  SSELoggerObject,
  SSELogLevel,
  SSEOnlineSource,
  SSEStatusListener,
  SSESubscriber,
} from './types';

/**
 * Public API of the fixed SSE client, free of React: the hooks are in `./react` (the package's
 * `./react` subpath), so a non-React app or a worker never loads React through this entry.
 * Importing this module has no side effects: no timers, no randomness, no globals until
 * `getSSEClient()` is called.
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
export { DELIVERY_LIMITS } from './deliveries';
export type { Clock, Random, TimerHandle, Timers } from '../shared/timers';
export type {
  ConnectionStatus,
  EventSourceConstructor,
  EventSourceLike,
  SSEAuthSource,
  SSEClient,
  SSEClientOptions,
  SSEConnectRecord,
  SSEDebugSnapshot,
  SSEDeliveries,
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
  SSESubscribeOptions,
  SSESubscriber,
  SSESubscriberDeliveries,
} from './types';

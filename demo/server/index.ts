/** Public entry of the demo SSE server (used by `npm start`, the demo app and the e2e tests). */
export { createDemoServer, DEFAULT_TOKEN_PATTERN } from './demo-server';
export type {
  BurstInput,
  BurstResult,
  DemoServer,
  DemoServerOptions,
  DemoServerStats,
} from './demo-server';
export { FAULT_MODES } from './faults';
export type { FaultInput, FaultMode, FaultState } from './faults';
export type { Order, OrderStatus } from './orders';
export type { StreamSummary } from './stream-hub';

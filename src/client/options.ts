/**
 * Options of the SSE client resolved once, at creation: defaults applied, numbers validated, and
 * the injected edges (timers, clock, randomness) reduced to the repo's one time-source interface.
 * The edges still read their globals at call time, so fake timers installed after creation apply.
 */
import type { BackoffConfig } from '../shared/backoff';
import {
  defaultClock,
  defaultRandom,
  defaultTimers,
  type Clock,
  type Random,
  type Timers,
} from '../shared/timers';
import {
  createBrowserLifecycleSource,
  createBrowserOnlineSource,
  isDevEnvironment,
  toLogFunction,
} from './environment';
import type {
  EventSourceConstructor,
  SSEClientOptions,
  SSELifecycleSource,
  SSELogFunction,
  SSEOnlineSource,
} from './types';

export const DEFAULTS = {
  name: 'sse-client',
  initialMs: 1000,
  maxMs: 30_000,
  graceMs: 1000,
  heartbeatTimeoutMs: 45_000,
  stableAfterMs: 10_000,
  lastEventIdParam: 'lastEventId',
} as const;

export interface ResolvedOptions {
  readonly name: string;
  readonly debugOn: boolean;
  readonly log: SSELogFunction;
  readonly graceMs: number;
  readonly heartbeatTimeoutMs: number;
  readonly stableAfterMs: number;
  readonly backoff: BackoffConfig;
  readonly lastEventIdParam: string;
  /** Named SSE events listened to besides `message` (deduplicated, `message` removed). */
  readonly namedEvents: readonly string[];
  readonly online: SSEOnlineSource;
  readonly lifecycle: SSELifecycleSource;
  readonly timers: Timers;
  readonly now: Clock;
  readonly random: Random;
  readonly withCredentials: boolean;
  /** The EventSource constructor, looked up at connect time (undefined when there is none). */
  eventSourceCtor(): EventSourceConstructor | undefined;
}

export function resolveOptions(options: SSEClientOptions): ResolvedOptions {
  const { setTimeout: set, clearTimeout: clear, now, random } = options;
  return {
    name: options.name ?? DEFAULTS.name,
    debugOn: options.debug ?? isDevEnvironment(),
    log: toLogFunction(options.logger),
    graceMs: nonNegative(options.graceMs, DEFAULTS.graceMs),
    heartbeatTimeoutMs: nonNegative(options.heartbeatTimeoutMs, DEFAULTS.heartbeatTimeoutMs),
    stableAfterMs: nonNegative(options.stableAfterMs, DEFAULTS.stableAfterMs),
    backoff: {
      initialMs: nonNegative(options.backoff?.initialMs, DEFAULTS.initialMs),
      maxMs: nonNegative(options.backoff?.maxMs, DEFAULTS.maxMs),
    },
    lastEventIdParam: options.lastEventIdParam ?? DEFAULTS.lastEventIdParam,
    // `message` is always listened to; listing it again would deliver every event twice.
    namedEvents: [...new Set(options.events ?? [])].filter((event) => event !== 'message'),
    online: options.online ?? createBrowserOnlineSource(),
    lifecycle: options.lifecycle ?? createBrowserLifecycleSource(),
    timers: {
      setTimeout: set ?? defaultTimers.setTimeout,
      clearTimeout: clear ?? defaultTimers.clearTimeout,
    },
    now: now ?? defaultClock,
    random: random ?? defaultRandom,
    withCredentials: options.withCredentials === true,
    eventSourceCtor: () =>
      options.EventSource ?? (globalThis as { EventSource?: EventSourceConstructor }).EventSource,
  };
}

/** A finite number >= 0, else the default (a negative or NaN delay would spin or never fire). */
export function nonNegative(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : fallback;
}

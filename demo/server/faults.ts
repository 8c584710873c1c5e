/**
 * Fault injection for `GET /v1/events/sse`: makes the failures of ticket 29 happen for real.
 *
 * Transient failures (the browser's EventSource goes to CONNECTING and retries by itself):
 *   drop  — the stream opens, then the socket is destroyed (after `delayMs`, default 0)
 *   stall — headers are sent, then never any data (no preamble, no events, no heartbeats)
 *   slow  — every frame is delayed by `delayMs` (default 200)
 * Terminal failures (EventSource goes to CLOSED, readyState 2, and never retries on its own):
 *   status500, status204, wrongContentType (200 text/plain), unauthorized (401)
 */
import {
  fail,
  findUnknownKey,
  isNonNegativeInteger,
  isPlainObject,
  ok,
  type ParseResult,
} from './validation';

export const FAULT_MODES = [
  'none',
  'drop',
  'status500',
  'status204',
  'wrongContentType',
  'stall',
  'slow',
  'unauthorized',
] as const;

export type FaultMode = (typeof FAULT_MODES)[number];

export interface FaultInput {
  readonly mode: FaultMode;
  /** How many subsequent stream requests get the fault; omitted → every request until reset. */
  readonly count?: number;
  /** `slow`: delay per frame; `drop`: time the stream stays open before it is destroyed. */
  readonly delayMs?: number;
}

export interface FaultState {
  readonly mode: FaultMode;
  /** Stream requests still to be faulted; null = until reset. */
  readonly remaining: number | null;
  readonly delayMs: number;
  /** Stream requests that received a fault since the server started. */
  readonly served: number;
}

/** The fault one stream request gets. */
export interface AppliedFault {
  readonly mode: FaultMode;
  readonly delayMs: number;
}

export const MAX_FAULT_DELAY_MS = 60_000;
const DEFAULT_DELAY_MS: Readonly<Partial<Record<FaultMode, number>>> = { slow: 200 };

export function isFaultMode(value: unknown): value is FaultMode {
  return typeof value === 'string' && (FAULT_MODES as readonly string[]).includes(value);
}

export function parseFaultInput(body: unknown): ParseResult<FaultInput> {
  if (!isPlainObject(body)) return fail('expected a JSON object like {"mode":"drop","count":1}');
  const unknownKey = findUnknownKey(body, ['mode', 'count', 'delayMs']);
  if (unknownKey !== undefined) return fail(`unknown field "${unknownKey}"`);
  const { mode, count, delayMs } = body;
  if (!isFaultMode(mode)) return fail(`"mode" must be one of ${FAULT_MODES.join(', ')}`);
  if (count !== undefined && !(isNonNegativeInteger(count, 1_000_000) && count > 0)) {
    return fail('"count" must be an integer from 1 to 1000000');
  }
  if (delayMs !== undefined && !isNonNegativeInteger(delayMs, MAX_FAULT_DELAY_MS)) {
    return fail(`"delayMs" must be an integer from 0 to ${MAX_FAULT_DELAY_MS}`);
  }
  return ok({
    mode,
    ...(count === undefined ? {} : { count }),
    ...(delayMs === undefined ? {} : { delayMs }),
  });
}

export interface FaultController {
  current(): FaultState;
  set(input: FaultInput): FaultState;
  /** The fault for the next stream request; consumes one from `remaining`. */
  take(): AppliedFault;
}

export function createFaultController(): FaultController {
  let mode: FaultMode = 'none';
  let remaining: number | null = null;
  let delayMs = 0;
  let served = 0;

  const current = (): FaultState => ({ mode, remaining, delayMs, served });

  return {
    current,
    set(input) {
      mode = input.mode;
      remaining = input.mode === 'none' ? null : (input.count ?? null);
      delayMs = input.delayMs ?? DEFAULT_DELAY_MS[input.mode] ?? 0;
      return current();
    },
    take() {
      if (mode === 'none') return { mode, delayMs: 0 };
      const applied = { mode, delayMs };
      served++;
      if (remaining !== null) {
        remaining--;
        if (remaining <= 0) {
          mode = 'none';
          remaining = null;
          delayMs = 0;
        }
      }
      return applied;
    },
  };
}

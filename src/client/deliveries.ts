/**
 * Delivery accounting per subscriber, for `debug().deliveries`: did every event the client
 * received reach every subscriber that wanted it, once?
 *
 * Two counts are kept apart on purpose so that one can witness the other: `expected` grows when
 * the client *receives* an event (for each tracked subscriber whose types match), `delivered`
 * when the subscriber's function is actually *called*. A delivery loop that skipped someone shows
 * as `missed = expected - delivered`. A subscriber that leaves in the middle of a delivery is owed
 * nothing for that event (it is gone), so it is not counted as a miss.
 *
 * Duplicates: a subscriber called twice with the same event id. The browser repeats the last event
 * id on events that carry no `id:` field (WHATWG HTML, "the last event ID buffer"), so the client
 * passes an id only when it is fresh; repeated ids count as `unchecked`, never as duplicates.
 *
 * Bounded and cheap: at most `maxTracked` live subscribers are accounted (more are delivered to
 * but only counted as `untracked`), each remembers its last `idMemory` ids (a Set plus a ring),
 * and the last `maxEnded` unsubscribed entries stay visible. Per event: O(tracked subscribers).
 */
import type { Clock } from '../shared/timers';
import type { SSEDeliveries, SSESubscriberDeliveries } from './types';

export interface DeliveryLimits {
  readonly maxTracked: number;
  readonly maxEnded: number;
  readonly idMemory: number;
}

export const DELIVERY_LIMITS: DeliveryLimits = {
  /** Live subscribers accounted; a page with more has a bug of its own. */
  maxTracked: 32,
  /** Unsubscribed entries kept for the snapshot (a StrictMode remount leaves one behind). */
  maxEnded: 8,
  /** Ids remembered per subscriber for duplicate detection (a replay overlap is short). */
  idMemory: 128,
};

export interface DeliveryEntry {
  readonly name: string;
  readonly types: ReadonlySet<string> | null;
  readonly since: number;
  active: boolean;
  expected: number;
  delivered: number;
  duplicates: number;
  unchecked: number;
  errors: number;
  /** Received for it but not yet delivered in the delivery in progress. */
  owed: number;
  readonly ids: Set<string>;
  readonly ring: string[];
  ringAt: number;
}

export interface DeliveryLedger {
  /** Start accounting a subscriber; null past the cap (then only `untracked` counts it). */
  track(name: string | undefined, types: readonly string[] | undefined): DeliveryEntry | null;
  untrack(entry: DeliveryEntry | null): void;
  /** The client received an event: every matching tracked subscriber is owed it. */
  received(type: string): void;
  /** The subscriber's function is about to be called with the event. */
  delivered(entry: DeliveryEntry | null, freshId: string | null): void;
  failed(entry: DeliveryEntry | null): void;
  /** The delivery loop of one event ended: whatever is still owed is a miss from now on. */
  settled(): void;
  snapshot(): SSEDeliveries;
}

export function matchesTypes(types: ReadonlySet<string> | null, type: string): boolean {
  return types === null || types.has(type);
}

export function createDeliveryLedger(
  now: Clock,
  limits: DeliveryLimits = DELIVERY_LIMITS,
): DeliveryLedger {
  const live: DeliveryEntry[] = [];
  const ended: DeliveryEntry[] = [];
  let received = 0;
  let untracked = 0;
  let counter = 0;
  /** The last snapshot, reused until something changes: `debug()` runs on every state change. */
  let cached: SSEDeliveries | null = null;

  return {
    track(name, types) {
      cached = null;
      counter += 1;
      if (live.length >= limits.maxTracked) {
        untracked += 1;
        return null;
      }
      const entry: DeliveryEntry = {
        name: name ?? `subscriber#${counter}`,
        types: types === undefined ? null : new Set(types),
        since: now(),
        active: true,
        expected: 0,
        delivered: 0,
        duplicates: 0,
        unchecked: 0,
        errors: 0,
        owed: 0,
        ids: new Set(),
        ring: [],
        ringAt: 0,
      };
      live.push(entry);
      return entry;
    },
    untrack(entry) {
      cached = null;
      if (entry === null) {
        untracked = Math.max(0, untracked - 1);
        return;
      }
      const i = live.indexOf(entry);
      if (i === -1) return;
      live.splice(i, 1);
      // Left in the middle of a delivery: the events it was not reached with are not misses.
      entry.expected -= entry.owed;
      entry.owed = 0;
      entry.active = false;
      ended.push(entry);
      if (ended.length > limits.maxEnded) ended.shift();
    },
    received(type) {
      cached = null;
      received += 1;
      for (let i = 0; i < live.length; i++) {
        const entry = live[i] as DeliveryEntry;
        if (!matchesTypes(entry.types, type)) continue;
        entry.expected += 1;
        entry.owed += 1;
      }
    },
    delivered(entry, freshId) {
      cached = null;
      if (entry === null) return;
      entry.delivered += 1;
      if (entry.owed > 0) entry.owed -= 1;
      if (freshId === null) {
        entry.unchecked += 1;
        return;
      }
      if (entry.ids.has(freshId)) {
        entry.duplicates += 1;
        return;
      }
      entry.ids.add(freshId);
      if (entry.ring.length < limits.idMemory) {
        entry.ring.push(freshId);
        return;
      }
      const oldest = entry.ring[entry.ringAt] as string;
      entry.ids.delete(oldest);
      entry.ring[entry.ringAt] = freshId;
      entry.ringAt = (entry.ringAt + 1) % limits.idMemory;
    },
    failed(entry) {
      cached = null;
      if (entry !== null) entry.errors += 1;
    },
    settled() {
      for (let i = 0; i < live.length; i++) (live[i] as DeliveryEntry).owed = 0;
    },
    snapshot() {
      if (cached !== null) return cached;
      const subscribers = live.concat(ended).map(entryView);
      let duplicates = 0;
      let missed = 0;
      for (const s of subscribers) {
        duplicates += s.duplicates;
        missed += s.missed;
      }
      cached = {
        received,
        duplicates,
        missed,
        subscribers,
        untracked,
        idMemory: limits.idMemory,
      };
      return cached;
    },
  };
}

function entryView(entry: DeliveryEntry): SSESubscriberDeliveries {
  return {
    name: entry.name,
    types: entry.types === null ? null : [...entry.types],
    active: entry.active,
    since: entry.since,
    expected: entry.expected,
    delivered: entry.delivered,
    duplicates: entry.duplicates,
    missed: Math.max(0, entry.expected - entry.delivered),
    unchecked: entry.unchecked,
    errors: entry.errors,
  };
}

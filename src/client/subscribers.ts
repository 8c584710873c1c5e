/**
 * The subscribers of one client and the loop that hands each event to them. One throwing
 * subscriber does not stop the others; a subscriber removed by an earlier one during the same
 * delivery is skipped. Every delivery is accounted per subscriber (see `deliveries.ts`).
 */
import type { Clock } from '../shared/timers';
import { createDeliveryLedger, matchesTypes, type DeliveryEntry } from './deliveries';
import type {
  SSEDeliveries,
  SSEEvent,
  SSELogLevel,
  SSESubscribeOptions,
  SSESubscriber,
} from './types';

export interface Subscription {
  readonly fn: SSESubscriber;
  readonly types: ReadonlySet<string> | null;
  readonly entry: DeliveryEntry | null;
}

export interface Subscribers {
  readonly size: number;
  add(fn: SSESubscriber, options?: SSESubscribeOptions): Subscription;
  /** False when it was not subscribed (already removed, or cleared). */
  remove(subscription: Subscription): boolean;
  /**
   * Hand `event` to every subscriber it is for. `freshId` is the event's id when it carries one
   * of its own (duplicate detection), else null.
   */
  publish(event: SSEEvent, freshId: string | null): void;
  clear(): void;
  /** Events received so far. */
  readonly events: number;
  /** Subscriber calls that threw. */
  readonly errors: number;
  deliveries(): SSEDeliveries;
}

export function createSubscribers(
  now: Clock,
  report: (level: SSELogLevel, text: string, details?: unknown) => void,
): Subscribers {
  const subscriptions = new Set<Subscription>();
  const ledger = createDeliveryLedger(now);
  let events = 0;
  let errors = 0;
  /** Nesting of `publish` (a subscriber may publish): the ledger settles at the outermost end. */
  let depth = 0;

  return {
    get size() {
      return subscriptions.size;
    },
    get events() {
      return events;
    },
    get errors() {
      return errors;
    },
    add(fn, options) {
      const types = options?.types === undefined ? null : new Set(options.types);
      const subscription: Subscription = {
        fn,
        types,
        entry: ledger.track(options?.name, options?.types),
      };
      subscriptions.add(subscription);
      return subscription;
    },
    remove(subscription) {
      if (!subscriptions.delete(subscription)) return false;
      ledger.untrack(subscription.entry);
      return true;
    },
    publish(event, freshId) {
      events += 1;
      ledger.received(event.type);
      depth += 1;
      try {
        for (const subscription of [...subscriptions]) {
          // Skip subscribers removed by an earlier subscriber during this same delivery.
          if (!subscriptions.has(subscription)) continue;
          if (!matchesTypes(subscription.types, event.type)) continue;
          ledger.delivered(subscription.entry, freshId);
          try {
            subscription.fn(event);
          } catch (error) {
            errors += 1;
            ledger.failed(subscription.entry);
            report('error', `subscriber threw while handling "${event.type}"`, { error });
          }
        }
      } finally {
        depth -= 1;
        if (depth === 0) ledger.settled();
      }
    },
    clear() {
      for (const subscription of subscriptions) ledger.untrack(subscription.entry);
      subscriptions.clear();
    },
    deliveries: () => ledger.snapshot(),
  };
}

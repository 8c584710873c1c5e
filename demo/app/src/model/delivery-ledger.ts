/**
 * Instrument for the acceptance run: which subscriber received which event id, so a test can
 * prove the ticket's "events reach every subscriber" — each order event exactly once per
 * subscriber (fixed mode), or several times (legacy mode's duplicate deliveries).
 * Exposed on `window.__demoDeliveries` as `{ [subscriber]: eventId[] }`, bounded per subscriber.
 */
const LIMIT = 2000;

type Ledger = Record<string, string[]>;

function ledger(): Ledger {
  const w = globalThis as unknown as { __demoDeliveries?: Ledger };
  w.__demoDeliveries ??= {};
  return w.__demoDeliveries;
}

export function recordDelivery(subscriber: string, id: string | null): void {
  if (id === null) return;
  const ids = (ledger()[subscriber] ??= []);
  ids.push(id);
  if (ids.length > LIMIT) ids.splice(0, ids.length - LIMIT);
}

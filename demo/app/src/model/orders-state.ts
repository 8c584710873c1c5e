/**
 * The orders table's state: a snapshot loaded over HTTP, then kept current by order events.
 * Orders are keyed by id, so a duplicated delivery cannot duplicate a row (it shows up in the
 * feed and in the duplicate counter instead).
 */
import type { AppEvent } from './app-event';
import type { Order } from './order';

export function applyOrderEvent(orders: readonly Order[], event: AppEvent): readonly Order[] {
  if (event.kind === 'notification') return orders;
  const { order } = event;
  if (event.kind === 'order.deleted') {
    return orders.some((o) => o.id === order.id) ? orders.filter((o) => o.id !== order.id) : orders;
  }
  const at = orders.findIndex((o) => o.id === order.id);
  if (at === -1) return [...orders, order];
  const current = orders[at];
  // An older event arriving late (a replay, a second connection) must not undo a newer change.
  if (current !== undefined && current.updatedAt > order.updatedAt) return orders;
  const next = orders.slice();
  next[at] = order;
  return next;
}

/** Orders by status, plus the total amount: the dashboard's live stats. */
export interface OrderStats {
  readonly total: number;
  readonly amount: number;
  readonly byStatus: Readonly<Record<string, number>>;
}

export function computeOrderStats(orders: readonly Order[]): OrderStats {
  const byStatus: Record<string, number> = {};
  let amount = 0;
  for (const order of orders) {
    byStatus[order.status] = (byStatus[order.status] ?? 0) + 1;
    amount += order.amount;
  }
  return { total: orders.length, amount, byStatus };
}

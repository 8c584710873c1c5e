/**
 * The order as the admin app sees it: the server's own declaration (demo/server/orders.ts, pure
 * TypeScript), re-exported with a guard, because it arrives over the network and is untrusted.
 */
import { ORDER_STATUSES, type Order, type OrderStatus } from '../../../server/orders';

export { ORDER_STATUSES, type Order, type OrderStatus } from '../../../server/orders';

export function isOrderStatus(value: unknown): value is OrderStatus {
  return typeof value === 'string' && (ORDER_STATUSES as readonly string[]).includes(value);
}

export function isOrder(value: unknown): value is Order {
  if (typeof value !== 'object' || value === null) return false;
  const o = value as Record<string, unknown>;
  return (
    typeof o.id === 'string' &&
    o.id.length <= 100 &&
    typeof o.customer === 'string' &&
    o.customer.length <= 500 &&
    typeof o.amount === 'number' &&
    Number.isFinite(o.amount) &&
    isOrderStatus(o.status) &&
    typeof o.createdAt === 'string' &&
    typeof o.updatedAt === 'string'
  );
}

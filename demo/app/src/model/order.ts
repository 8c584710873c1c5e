/**
 * The order as the admin app sees it. The shape mirrors demo/server/orders.ts but is declared
 * here, with a guard, because it arrives over the network and is untrusted.
 */
export const ORDER_STATUSES = ['new', 'paid', 'shipped', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export interface Order {
  readonly id: string;
  readonly customer: string;
  readonly amount: number;
  readonly status: OrderStatus;
  readonly createdAt: string;
  readonly updatedAt: string;
}

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

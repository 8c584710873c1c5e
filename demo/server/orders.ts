/**
 * The demo's orders: an in-memory store plus validation of what clients send.
 * Every change returns what happened so the server can broadcast it (see README "Event catalogue").
 */
import { fail, findUnknownKey, isPlainObject, ok, type ParseResult } from './validation';

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

export interface NewOrder {
  readonly customer: string;
  readonly amount: number;
  readonly status?: OrderStatus;
}

export interface OrderPatch {
  readonly customer?: string;
  readonly amount?: number;
  readonly status?: OrderStatus;
}

/** Field → previous and new value, for the fields a PATCH actually changed. */
export type OrderChanges = Partial<{ [K in keyof OrderPatch]-?: { from: Order[K]; to: Order[K] } }>;

const MAX_CUSTOMER = 200;
const MAX_AMOUNT = 1_000_000_000;

export function isOrderStatus(value: unknown): value is OrderStatus {
  return typeof value === 'string' && (ORDER_STATUSES as readonly string[]).includes(value);
}

function checkCustomer(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.trim() === '' || value.length > MAX_CUSTOMER) {
    return `"customer" must be a non-empty string of at most ${MAX_CUSTOMER} characters`;
  }
  return undefined;
}

function checkAmount(value: unknown): string | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > MAX_AMOUNT) {
    return `"amount" must be a number from 0 to ${MAX_AMOUNT}`;
  }
  return undefined;
}

const STATUS_ERROR = `"status" must be one of ${ORDER_STATUSES.join(', ')}`;

export function parseNewOrder(body: unknown): ParseResult<NewOrder> {
  if (!isPlainObject(body))
    return fail('expected a JSON object like {"customer":"Ada","amount":42}');
  const unknownKey = findUnknownKey(body, ['customer', 'amount', 'status']);
  if (unknownKey !== undefined) return fail(`unknown field "${unknownKey}"`);
  const error = checkCustomer(body.customer) ?? checkAmount(body.amount);
  if (error !== undefined) return fail(error);
  if (body.status !== undefined && !isOrderStatus(body.status)) return fail(STATUS_ERROR);
  return ok({
    customer: (body.customer as string).trim(),
    amount: body.amount as number,
    ...(body.status === undefined ? {} : { status: body.status }),
  });
}

export function parseOrderPatch(body: unknown): ParseResult<OrderPatch> {
  if (!isPlainObject(body)) return fail('expected a JSON object like {"status":"paid"}');
  const unknownKey = findUnknownKey(body, ['customer', 'amount', 'status']);
  if (unknownKey !== undefined) return fail(`unknown field "${unknownKey}"`);
  const { customer, amount, status } = body;
  if (customer === undefined && amount === undefined && status === undefined) {
    return fail('nothing to change: send at least one of "customer", "amount", "status"');
  }
  if (customer !== undefined) {
    const error = checkCustomer(customer);
    if (error !== undefined) return fail(error);
  }
  if (amount !== undefined) {
    const error = checkAmount(amount);
    if (error !== undefined) return fail(error);
  }
  if (status !== undefined && !isOrderStatus(status)) return fail(STATUS_ERROR);
  return ok({
    ...(customer === undefined ? {} : { customer: (customer as string).trim() }),
    ...(amount === undefined ? {} : { amount: amount as number }),
    ...(status === undefined ? {} : { status }),
  });
}

export interface OrderStore {
  list(): Order[];
  get(id: string): Order | undefined;
  create(input: NewOrder): Order;
  /** undefined when no such order. */
  update(id: string, patch: OrderPatch): { order: Order; changes: OrderChanges } | undefined;
  /** The removed order, or undefined when no such order. */
  remove(id: string): Order | undefined;
}

export const DEMO_ORDERS: readonly NewOrder[] = [
  { customer: 'Ada Lovelace', amount: 120, status: 'paid' },
  { customer: 'Grace Hopper', amount: 75.5 },
  { customer: 'Alan Turing', amount: 310, status: 'shipped' },
];

export function createOrderStore(options: {
  now: () => number;
  seed?: readonly NewOrder[];
}): OrderStore {
  const orders = new Map<string, Order>();
  let nextNumber = 1;
  const timestamp = (): string => new Date(options.now()).toISOString();

  const store: OrderStore = {
    list: () => [...orders.values()],
    get: (id) => orders.get(id),
    create(input) {
      const at = timestamp();
      const order: Order = {
        id: `ord-${nextNumber++}`,
        customer: input.customer,
        amount: input.amount,
        status: input.status ?? 'new',
        createdAt: at,
        updatedAt: at,
      };
      orders.set(order.id, order);
      return order;
    },
    update(id, patch) {
      const before = orders.get(id);
      if (before === undefined) return undefined;
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      for (const key of ['customer', 'amount', 'status'] as const) {
        const to = patch[key];
        if (to !== undefined && to !== before[key]) changes[key] = { from: before[key], to };
      }
      const order: Order = { ...before, ...patch, updatedAt: timestamp() };
      orders.set(id, order);
      return { order, changes: changes as OrderChanges };
    },
    remove(id) {
      const order = orders.get(id);
      if (order !== undefined) orders.delete(id);
      return order;
    },
  };
  for (const input of options.seed ?? []) store.create(input);
  return store;
}

/** The human-readable line sent as a `notification` event for each change. */
export function describeOrderChange(
  kind: 'created' | 'updated' | 'deleted',
  order: Order,
  changes: OrderChanges = {},
): string {
  if (kind === 'created')
    return `New order ${order.id} from ${order.customer}: ${order.amount.toFixed(2)}`;
  if (kind === 'deleted') return `Order ${order.id} (${order.customer}) deleted`;
  const parts = Object.entries(changes).map(
    ([field, change]) => `${field} ${String(change.from)} → ${String(change.to)}`,
  );
  return `Order ${order.id} updated: ${parts.length > 0 ? parts.join(', ') : 'no changes'}`;
}

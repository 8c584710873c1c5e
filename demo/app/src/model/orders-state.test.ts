import { describe, expect, test } from 'vitest';
import type { AppEvent } from './app-event';
import type { Order } from './order';
import { applyOrderEvent, computeOrderStats } from './orders-state';

const order = (id: string, patch: Partial<Order> = {}): Order => ({
  id,
  customer: `customer ${id}`,
  amount: 10,
  status: 'new',
  createdAt: '2030-01-01T00:00:00.000Z',
  updatedAt: '2030-01-01T00:00:00.000Z',
  ...patch,
});
const event = (kind: 'order.created' | 'order.updated' | 'order.deleted', o: Order): AppEvent => ({
  kind,
  order: o,
  id: null,
  receivedAt: 0,
});

describe('applyOrderEvent', () => {
  test('adds a created order once, however often it is delivered', () => {
    const once = applyOrderEvent([], event('order.created', order('a')));
    expect(applyOrderEvent(once, event('order.created', order('a')))).toEqual([order('a')]);
  });

  test('replaces an updated order in place', () => {
    const paid = order('b', { status: 'paid', updatedAt: '2030-01-02T00:00:00.000Z' });
    expect(applyOrderEvent([order('a'), order('b')], event('order.updated', paid))).toEqual([
      order('a'),
      paid,
    ]);
  });

  test('a late older copy does not undo a newer change', () => {
    const newer = order('a', { status: 'shipped', updatedAt: '2030-01-03T00:00:00.000Z' });
    expect(applyOrderEvent([newer], event('order.updated', order('a')))).toEqual([newer]);
  });

  test('removes a deleted order and ignores a repeated delete', () => {
    const after = applyOrderEvent([order('a'), order('b')], event('order.deleted', order('a')));
    expect(after).toEqual([order('b')]);
    expect(applyOrderEvent(after, event('order.deleted', order('a')))).toBe(after);
  });

  test('notifications leave the orders alone', () => {
    const orders = [order('a')];
    expect(
      applyOrderEvent(orders, {
        kind: 'notification',
        level: 'info',
        text: 'x',
        orderId: null,
        id: null,
        receivedAt: 0,
      }),
    ).toBe(orders);
  });
});

test('computeOrderStats counts orders by status and sums amounts', () => {
  expect(computeOrderStats([order('a'), order('b', { status: 'paid', amount: 5.5 })])).toEqual({
    total: 2,
    amount: 15.5,
    byStatus: { new: 1, paid: 1 },
  });
});

import { describe, expect, test } from 'vitest';
import { createOrderStore, describeOrderChange, parseNewOrder, parseOrderPatch } from './orders';

const fixedClock = () => Date.UTC(2026, 0, 2, 3, 4, 5);

describe('parseNewOrder', () => {
  test('accepts a customer and an amount, trimming the name', () => {
    expect(parseNewOrder({ customer: '  Ada ', amount: 12.5 })).toEqual({
      ok: true,
      value: { customer: 'Ada', amount: 12.5 },
    });
  });

  test.each([
    [{ amount: 1 }, '"customer"'],
    [{ customer: '   ', amount: 1 }, '"customer"'],
    [{ customer: 'Ada', amount: '12' }, '"amount"'],
    [{ customer: 'Ada', amount: -1 }, '"amount"'],
    [{ customer: 'Ada', amount: 1, status: 'lost' }, '"status"'],
    [{ customer: 'Ada', amount: 1, admin: true }, 'unknown field "admin"'],
    [[], 'expected a JSON object'],
  ])('rejects %j naming the bad field', (input, message) => {
    const result = parseNewOrder(input);
    expect(result.ok ? '' : result.error).toContain(message);
  });
});

describe('parseOrderPatch', () => {
  test('accepts any subset of customer, amount and status', () => {
    expect(parseOrderPatch({ status: 'paid' })).toEqual({ ok: true, value: { status: 'paid' } });
  });

  test('rejects an empty patch', () => {
    expect(parseOrderPatch({})).toMatchObject({
      ok: false,
      error: expect.stringContaining('nothing to change'),
    });
  });
});

describe('createOrderStore', () => {
  test('creates orders with sequential ids, status new and timestamps from the clock', () => {
    const store = createOrderStore({ now: fixedClock });
    expect(store.create({ customer: 'Ada', amount: 1 })).toEqual({
      id: 'ord-1',
      customer: 'Ada',
      amount: 1,
      status: 'new',
      createdAt: '2026-01-02T03:04:05.000Z',
      updatedAt: '2026-01-02T03:04:05.000Z',
    });
    expect(store.create({ customer: 'Bob', amount: 2 }).id).toBe('ord-2');
  });

  test('reports only the fields an update actually changed', () => {
    const store = createOrderStore({ now: fixedClock, seed: [{ customer: 'Ada', amount: 1 }] });
    const result = store.update('ord-1', { status: 'paid', amount: 1 });
    expect(result?.changes).toEqual({ status: { from: 'new', to: 'paid' } });
    expect(store.get('ord-1')?.status).toBe('paid');
  });

  test('returns undefined for unknown ids on update and remove', () => {
    const store = createOrderStore({ now: fixedClock });
    expect(store.update('ord-9', { status: 'paid' })).toBeUndefined();
    expect(store.remove('ord-9')).toBeUndefined();
  });

  test('removes an order and returns its last state', () => {
    const store = createOrderStore({ now: fixedClock, seed: [{ customer: 'Ada', amount: 1 }] });
    expect(store.remove('ord-1')?.customer).toBe('Ada');
    expect(store.list()).toEqual([]);
  });
});

describe('describeOrderChange', () => {
  test('says what changed in words', () => {
    const order = createOrderStore({
      now: fixedClock,
      seed: [{ customer: 'Ada', amount: 3 }],
    }).list()[0]!;
    expect(describeOrderChange('created', order)).toBe('New order ord-1 from Ada: 3.00');
    expect(describeOrderChange('updated', order, { status: { from: 'new', to: 'paid' } })).toBe(
      'Order ord-1 updated: status new → paid',
    );
    expect(describeOrderChange('deleted', order)).toBe('Order ord-1 (Ada) deleted');
  });
});

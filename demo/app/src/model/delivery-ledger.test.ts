import { afterEach, expect, test } from 'vitest';
import { recordDelivery } from './delivery-ledger';

const deliveries = () =>
  (globalThis as unknown as { __demoDeliveries: Record<string, string[]> }).__demoDeliveries;

afterEach(() => {
  delete (globalThis as unknown as { __demoDeliveries?: unknown }).__demoDeliveries;
});

test('records each delivery per subscriber, duplicates included', () => {
  recordDelivery('orders', '1');
  recordDelivery('orders', '1');
  recordDelivery('provider', '1');
  expect(deliveries()).toEqual({ orders: ['1', '1'], provider: ['1'] });
});

test('ignores events without an id and stays bounded', () => {
  recordDelivery('orders', null);
  for (let i = 0; i < 2500; i++) recordDelivery('orders', String(i));
  expect(deliveries().orders).toHaveLength(2000);
  expect(deliveries().orders?.[0]).toBe('500');
});

/**
 * State of the orders table shared by both modes: the HTTP snapshot, live updates from events and
 * the three actions. How events arrive (one connection or many) is the caller's business.
 */
import { useCallback, useEffect, useState } from 'react';
import { createOrder, deleteOrder, listOrders, setOrderStatus } from '../api/orders-api';
import type { AppEvent } from '../model/app-event';
import type { Order, OrderStatus } from '../model/order';
import { applyOrderEvent } from '../model/orders-state';

export interface OrdersModel {
  readonly orders: readonly Order[];
  readonly loading: boolean;
  readonly error: string | null;
  applyEvent(event: AppEvent): void;
  create(input: { customer: string; amount: number }): Promise<void>;
  setStatus(id: string, status: OrderStatus): Promise<void>;
  remove(id: string): Promise<void>;
}

function mergeNewer(orders: readonly Order[], order: Order): readonly Order[] {
  return applyOrderEvent(orders, { kind: 'order.updated', order, id: null, receivedAt: 0 });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function useOrdersModel(): OrdersModel {
  const [orders, setOrders] = useState<readonly Order[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    listOrders().then(
      (loaded) => {
        if (cancelled) return;
        // An event may have arrived while the snapshot was in flight: keep whichever copy is newer.
        setOrders((live) => live.reduce(mergeNewer, loaded as readonly Order[]));
        setLoading(false);
      },
      (failure: unknown) => {
        if (cancelled) return;
        setError(`could not load orders: ${messageOf(failure)}`);
        setLoading(false);
      },
    );
    return () => {
      cancelled = true;
    };
  }, []);

  const applyEvent = useCallback(
    (event: AppEvent) => setOrders((current) => applyOrderEvent(current, event)),
    [],
  );

  const run = useCallback(async (action: () => Promise<unknown>) => {
    setError(null);
    try {
      await action();
    } catch (failure) {
      setError(messageOf(failure));
    }
  }, []);

  return {
    orders,
    loading,
    error,
    applyEvent,
    // The table changes when the server's event comes back, not from the HTTP answer: that is
    // what proves events reach the table (ticket 29 acceptance: "the table updates").
    create: (input) => run(() => createOrder(input)),
    setStatus: (id, status) => run(() => setOrderStatus(id, status)),
    remove: (id) => run(() => deleteOrder(id)),
  };
}

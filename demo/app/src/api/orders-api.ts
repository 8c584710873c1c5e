/**
 * The orders API (same origin: Vite proxies /v1 to the SSE server). Responses are validated:
 * a malformed answer is an error the page shows, never a crash.
 */
import { isOrder, type Order, type OrderStatus } from '../model/order';

async function request(path: string, init?: RequestInit): Promise<unknown> {
  const response = await fetch(path, {
    ...init,
    headers: init?.body === undefined ? undefined : { 'Content-Type': 'application/json' },
  });
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const message =
      typeof body === 'object' &&
      body !== null &&
      typeof (body as { error?: unknown }).error === 'string'
        ? (body as { error: string }).error
        : `HTTP ${response.status}`;
    throw new Error(message);
  }
  return body;
}

function readOrder(body: unknown): Order {
  const order = (body as { order?: unknown } | null)?.order;
  if (!isOrder(order)) throw new Error('the server sent a malformed order');
  return order;
}

export async function listOrders(): Promise<Order[]> {
  const body = await request('/v1/orders');
  const orders = (body as { orders?: unknown } | null)?.orders;
  if (!Array.isArray(orders)) throw new Error('the server sent a malformed order list');
  return orders.filter(isOrder);
}

export async function createOrder(input: { customer: string; amount: number }): Promise<Order> {
  return readOrder(await request('/v1/orders', { method: 'POST', body: JSON.stringify(input) }));
}

export async function setOrderStatus(id: string, status: OrderStatus): Promise<Order> {
  const body = await request(`/v1/orders/${encodeURIComponent(id)}`, {
    method: 'PATCH',
    body: JSON.stringify({ status }),
  });
  return readOrder(body);
}

export async function deleteOrder(id: string): Promise<void> {
  await request(`/v1/orders/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

export type FaultMode = 'none' | 'drop' | 'status500' | 'unauthorized' | 'stall';

/** Fault injection on the demo server (applies to the next stream requests). */
export async function setFault(mode: FaultMode, count?: number): Promise<void> {
  await request('/v1/faults', {
    method: 'POST',
    body: JSON.stringify(count === undefined ? { mode } : { mode, count }),
  });
}

/** Destroys every live stream on the server: a network drop for every client. */
export async function dropAllStreams(): Promise<number> {
  const body = await request('/v1/faults/drop-all', { method: 'POST' });
  const dropped = (body as { dropped?: unknown } | null)?.dropped;
  return typeof dropped === 'number' ? dropped : 0;
}

/** Live streams the server holds right now (all tabs), from GET /v1/debug/streams. */
export async function countLiveStreams(signal?: AbortSignal): Promise<number> {
  const body = await request('/v1/debug/streams', signal === undefined ? undefined : { signal });
  const live = (body as { live?: unknown } | null)?.live;
  if (typeof live !== 'number') throw new Error('malformed /v1/debug/streams answer');
  return live;
}

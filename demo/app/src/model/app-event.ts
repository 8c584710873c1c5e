/**
 * What the admin UI knows how to show, parsed from untrusted SSE payloads (see
 * demo/server/README.md, "Event catalogue"). Both modes feed their events through `toAppEvent`,
 * so legacy and fixed render exactly the same thing and differ only in how many connections they
 * hold. Control events (`ready`, `heartbeat`, `resync`) are not business events: they return null.
 */
import { isOrder, type Order } from './order';

export type OrderEventKind = 'order.created' | 'order.updated' | 'order.deleted';
export type NotificationLevel = 'info' | 'warning';

interface AppEventBase {
  /** SSE event id (`lastEventId`); the same id delivered twice means a duplicate delivery. */
  readonly id: string | null;
  readonly receivedAt: number;
}

export interface OrderEvent extends AppEventBase {
  readonly kind: OrderEventKind;
  readonly order: Order;
}

export interface NotificationEvent extends AppEventBase {
  readonly kind: 'notification';
  readonly level: NotificationLevel;
  readonly text: string;
  readonly orderId: string | null;
}

export type AppEvent = OrderEvent | NotificationEvent;

/** The fields of an SSE event this module needs (the fixed client's `SSEEvent` fits). */
export interface RawAppEvent {
  readonly type: string;
  readonly data: unknown;
  readonly id: string | null;
  readonly receivedAt: number;
}

/** Text from the server is shown as text only, and capped so one event cannot flood the UI. */
export const MAX_TEXT = 500;

const ORDER_KINDS: readonly string[] = ['order.created', 'order.updated', 'order.deleted'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function toAppEvent(raw: RawAppEvent): AppEvent | null {
  const { data } = raw;
  if (!isRecord(data)) return null;
  const base = { id: raw.id, receivedAt: raw.receivedAt };
  if (ORDER_KINDS.includes(raw.type)) {
    if (!isOrder(data.order)) return null;
    return { ...base, kind: raw.type as OrderEventKind, order: data.order };
  }
  if (raw.type === 'notification') {
    if (typeof data.text !== 'string') return null;
    return {
      ...base,
      kind: 'notification',
      level: data.level === 'warning' ? 'warning' : 'info',
      text: data.text.slice(0, MAX_TEXT),
      orderId: typeof data.orderId === 'string' ? data.orderId.slice(0, 100) : null,
    };
  }
  return null;
}

/** One line for the recent-events feed. */
export function describeAppEvent(event: AppEvent): string {
  if (event.kind === 'notification') return event.text;
  return `${event.order.id} · ${event.order.customer} · ${event.order.status}`;
}

/** Dashboard: live order stats and the recent-events feed, with its delivery counters. */
import { HMR_BANNER } from '../hmr-target';
import type { EventFeed } from '../model/event-feed';
import type { Order } from '../model/order';
import { computeOrderStats } from '../model/orders-state';
import { EventList } from './event-list';

export function DashboardView({ orders, feed }: { orders: readonly Order[]; feed: EventFeed }) {
  const stats = computeOrderStats(orders);
  return (
    <section>
      <p className="hmr-banner" data-testid="hmr-banner">
        {HMR_BANNER}
      </p>
      <h1>Dashboard</h1>
      <div className="cards">
        <Card label="Orders" value={stats.total} testId="stat-orders" />
        <Card label="Revenue" value={stats.amount.toFixed(2)} testId="stat-revenue" />
        {(['new', 'paid', 'shipped', 'cancelled'] as const).map((s) => (
          <Card key={s} label={s} value={stats.byStatus[s] ?? 0} testId={`stat-${s}`} />
        ))}
        <Card label="Events delivered" value={feed.delivered} testId="stat-delivered" />
        <Card
          label="Duplicate deliveries"
          value={feed.duplicates}
          testId="stat-duplicates"
          bad={feed.duplicates > 0}
        />
      </div>
      <h2>Recent events</h2>
      <EventList
        events={feed.items.slice(0, 20)}
        empty="No events yet: create or change an order."
        testId="recent-events"
      />
    </section>
  );
}

function Card({
  label,
  value,
  testId,
  bad,
}: {
  label: string;
  value: number | string;
  testId: string;
  bad?: boolean;
}) {
  return (
    <div className={`card${bad ? ' card-bad' : ''}`}>
      <div className="card-label">{label}</div>
      <div className="card-value" data-testid={testId}>
        {value}
      </div>
    </div>
  );
}

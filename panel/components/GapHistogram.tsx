/** The gaps between a connection's kept messages: the largest and a decade histogram (divs). */
import { formatDuration } from '../format';
import { t } from '../i18n';
import type { GapBucket, GapStats } from '../gaps';
import './daily.css';

const rangeLabel = (b: GapBucket): string =>
  b.to === Infinity ? `≥${formatDuration(b.from)}` : `<${formatDuration(b.to)}`;

export function GapHistogram({ stats }: { stats: GapStats }) {
  if (stats.largest === null) {
    return (
      <div className="muted" data-testid="gaps-none">
        {t('gaps.few')}
      </div>
    );
  }
  const max = Math.max(...stats.buckets.map((b) => b.count), 1);
  return (
    <div data-testid="gaps">
      <div data-testid="gap-largest">
        {t('gaps.largest', { gap: formatDuration(stats.largest.ms) })}
      </div>
      <div className="gap-histogram" role="img" aria-label={t('gaps.histogram')}>
        {stats.buckets.map((b) => (
          <div
            key={b.from}
            className="gap-bar"
            data-testid="gap-bar"
            data-count={b.count}
            title={t('gaps.bucket', { count: b.count, range: rangeLabel(b) })}
            // A bucket with any gap stays visible (2 px) next to a tall one.
            style={{ height: b.count === 0 ? 0 : `max(2px, ${(b.count / max) * 100}%)` }}
          />
        ))}
      </div>
      <div className="gap-labels muted" aria-hidden="true">
        {stats.buckets.map((b) => (
          <span key={b.from}>{rangeLabel(b)}</span>
        ))}
      </div>
    </div>
  );
}

/** Link state and the pipeline counters; a counter appears only when non-zero (bad input is visible). */
import { t, type StringKey } from '../i18n';
import type { Counters } from '../store';
import { usePanelStore } from '../use-panel-store';

const COUNTERS: ReadonlyArray<{
  key: keyof Counters;
  text: StringKey;
  title: StringKey;
  tone: string;
}> = [
  { key: 'lost', text: 'counter.lost', title: 'counter.lost.title', tone: 'error' },
  {
    key: 'droppedByHook',
    text: 'counter.dropped',
    title: 'counter.dropped.title',
    tone: 'warning',
  },
  {
    key: 'protocolMismatch',
    text: 'counter.protocol',
    title: 'counter.protocol.title',
    tone: 'error',
  },
  { key: 'invalid', text: 'counter.invalid', title: 'counter.invalid.title', tone: 'error' },
];

export function StatusIndicator() {
  const link = usePanelStore((s) => s.link);
  const counters = usePanelStore((s) => s.counters);
  const rejected = counters.rejected + counters.relayRejected;
  return (
    <div className="status" data-testid="status">
      {COUNTERS.map(({ key, text, title, tone }) =>
        counters[key] > 0 ? (
          <span
            key={key}
            className={`badge badge-${tone}`}
            title={t(title)}
            data-testid={`counter-${key}`}
          >
            {t(text, { n: counters[key] })}
          </span>
        ) : null,
      )}
      {rejected > 0 ? (
        <span
          className="badge badge-warning"
          title={t('counter.rejected.title')}
          data-testid="counter-rejected"
        >
          {t('counter.rejected', { n: rejected })}
        </span>
      ) : null}
      <span className={`link link-${link}`} data-testid="link-status" data-status={link}>
        <span className="link-dot" aria-hidden="true" />
        {t(`link.${link}`)}
      </span>
    </div>
  );
}

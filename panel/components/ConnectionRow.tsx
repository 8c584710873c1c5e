/** One table row. Memoised: rows are copy-on-write, so an unchanged row skips rendering. */
import { memo } from 'react';
import { t } from '../i18n';
import { formatDuration } from '../format';
import { GRID_TEMPLATE } from '../columns';
import { displayState, errorsOf, labelOf } from '../selectors';
import { frameLabel } from '../stack';
import type { Connection } from '../store';
import { splitEndpoint } from '../endpoint';

interface Props {
  connection: Connection;
  index: number;
  selected: boolean;
  now: number;
  top: number;
  height: number;
  onSelect: (key: string) => void;
}

export const ConnectionRow = memo(function ConnectionRow({
  connection: c,
  index,
  selected,
  now,
  top,
  height,
  onSelect,
}: Props) {
  const state = displayState(c);
  const age = (c.closedAt ?? now) - c.createdAt;
  const errors = errorsOf(c);
  const site = c.callSite ? frameLabel(c.callSite.frame) : '';
  return (
    <div
      role="row"
      id={`row-${index}`}
      aria-selected={selected}
      aria-rowindex={index + 2}
      className={`row ${index % 2 ? 'row-alt' : ''} ${selected ? 'row-selected' : ''} ${state === 'closed' ? 'row-closed' : ''}`}
      style={{ transform: `translateY(${top}px)`, height, gridTemplateColumns: GRID_TEMPLATE }}
      data-testid="connection-row"
      data-key={c.key}
      data-state={state}
      onMouseDown={() => onSelect(c.key)}
    >
      <span role="gridcell" className="cell cell-num" data-testid="row-id" title={c.key}>
        {c.displayId}
      </span>
      <span role="gridcell" className="cell" title={c.url}>
        {c.placeholder ? t('row.placeholder') : <EndpointLabel endpoint={c.endpoint} />}
      </span>
      <span role="gridcell" className={`cell state state-${state}`}>
        <span className="state-dot" aria-hidden="true" />
        {t(`state.${state}`)}
      </span>
      <span role="gridcell" className="cell cell-num">
        {formatDuration(age)}
      </span>
      <span role="gridcell" className="cell cell-num">
        {c.messages}
      </span>
      <span
        role="gridcell"
        className={`cell cell-num ${c.terminalErrors > 0 ? 'text-error' : errors > 0 ? 'text-warning' : ''}`}
        title={t('errors.cell', { transient: c.transientErrors, terminal: c.terminalErrors })}
      >
        {errors > 0 ? `${c.transientErrors}/${c.terminalErrors}` : ''}
      </span>
      <span role="gridcell" className="cell" title={c.reason || undefined}>
        {labelOf(c)}
      </span>
      <span role="gridcell" className="cell cell-site" title={c.callSite?.key}>
        {site}
      </span>
      <span role="gridcell" className="cell cell-num">
        {c.parentId ?? ''}
      </span>
      <span role="gridcell" className="cell">
        {c.closedBy ? t(`closedBy.${c.closedBy}`) : t('closedBy.none')}
      </span>
    </div>
  );
});

/** What a row becomes when it cannot render: still a row, still selectable by position. */
export function ErrorRow(props: { error: Error; top: number; height: number }) {
  return (
    <div
      role="row"
      className="row row-error"
      style={{ transform: `translateY(${props.top}px)`, height: props.height }}
      data-testid="connection-row-error"
    >
      <span role="gridcell" className="cell">
        {t('row.error', { error: props.error.message })}
      </span>
    </div>
  );
}

function EndpointLabel({ endpoint }: { endpoint: string }) {
  const { path, host } = splitEndpoint(endpoint);
  return (
    <>
      {path}
      {host ? <span className="cell-host"> {host}</span> : null}
    </>
  );
}

/** One table row. Memoised: rows are copy-on-write, so an unchanged row skips rendering. */
import { memo, type ReactNode } from 'react';
import { t } from '../i18n';
import { columnText } from '../column-values';
import type { Column } from '../columns';
import { displayState, errorsOf } from '../selectors';
import type { Connection } from '../store';
import { splitEndpoint } from '../endpoint';
import './lint.css';

interface Props {
  connection: Connection;
  index: number;
  selected: boolean;
  now: number;
  /** Stream lint rules that fired, comma-separated ('' for none): a string keeps memo cheap. */
  lint: string;
  top: number;
  height: number;
  columns: readonly Column[];
  gridTemplate: string;
  onSelect: (key: string) => void;
}

export const ConnectionRow = memo(function ConnectionRow({
  connection: c,
  index,
  selected,
  now,
  lint,
  top,
  height,
  columns,
  gridTemplate,
  onSelect,
}: Props) {
  const state = displayState(c);
  return (
    <div
      role="row"
      id={`row-${index}`}
      aria-selected={selected}
      aria-rowindex={index + 2}
      className={`row ${index % 2 ? 'row-alt' : ''} ${selected ? 'row-selected' : ''} ${state === 'closed' ? 'row-closed' : ''}`}
      style={{ transform: `translateY(${top}px)`, height, gridTemplateColumns: gridTemplate }}
      data-testid="connection-row"
      data-key={c.key}
      data-state={state}
      data-kind={c.kind ?? 'eventsource'}
      onMouseDown={() => onSelect(c.key)}
    >
      {columns.map((col) => (
        <Cell key={col.key} column={col} connection={c} now={now} lint={lint} />
      ))}
    </div>
  );
});

function Cell({
  column,
  connection: c,
  now,
  lint,
}: {
  column: Column;
  connection: Connection;
  now: number;
  lint: string;
}) {
  const text = columnText(c, column.key, now);
  let className = `cell ${column.numeric ? 'cell-num' : ''}`;
  let title: string | undefined;
  let content: ReactNode = text;
  switch (column.key) {
    case 'id':
      title = c.key;
      if (lint) content = <IdWithLint text={text} rules={lint} />;
      break;
    case 'endpoint':
      title = c.url;
      if (!c.placeholder) content = <EndpointLabel endpoint={c.endpoint} />;
      break;
    case 'state': {
      const state = displayState(c);
      className += ` state state-${state}`;
      content = (
        <>
          <span className="state-dot" aria-hidden="true" />
          {text}
        </>
      );
      break;
    }
    case 'errors': {
      const errors = errorsOf(c);
      className += c.terminalErrors > 0 ? ' text-error' : errors > 0 ? ' text-warning' : '';
      title = t('errors.cell', { transient: c.transientErrors, terminal: c.terminalErrors });
      break;
    }
    case 'label':
      title = c.reason || undefined;
      break;
    case 'initiator':
      className += ' cell-site';
      title = c.callSite?.key;
      break;
    default:
      break;
  }
  return (
    <span
      role="gridcell"
      className={className}
      title={title}
      data-column={column.key}
      data-testid={column.key === 'id' ? 'row-id' : undefined}
    >
      {content}
    </span>
  );
}

function IdWithLint(props: { text: string; rules: string }) {
  const n = props.rules.split(', ').length;
  return (
    <>
      {props.text}
      <span
        className="lint-badge"
        data-testid="lint-count"
        data-value={n}
        title={t('lint.count.title', { n, rules: props.rules })}
      >
        {n}
      </span>
    </>
  );
}

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

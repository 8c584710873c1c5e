/** The reconnect lineage (parent → children by `conn.parent`), each node selectable. */
import { t } from '../i18n';
import { displayState, selectLineage, type LineageNode } from '../selectors';
import { connectionLabel } from '../model';
import type { View } from '../store';
import { usePanelStore } from '../use-panel-store';

function Node({
  node,
  selectedKey,
  onSelect,
}: {
  node: LineageNode;
  selectedKey: string;
  onSelect: (k: string) => void;
}) {
  const c = node.connection;
  // An ancestor without a row (cleared, or its document not preserved) keeps the id it was shown with.
  const knownId = usePanelStore((s) => s.model.displayIdOf(node.key));
  const id = knownId ?? node.key.slice(node.key.lastIndexOf('#') + 1);
  return (
    <li>
      {c ? (
        <button
          type="button"
          className={`lineage-node ${node.key === selectedKey ? 'lineage-current' : ''}`}
          onClick={() => onSelect(node.key)}
          data-testid="lineage-node"
        >
          <span className={`state-dot state-${displayState(c)}`} aria-hidden="true" />
          {connectionLabel(c)} {t(`state.${displayState(c)}`)}
        </button>
      ) : (
        <span className="muted">{t('detail.lineage.unknown', { id })}</span>
      )}
      {node.children.length > 0 ? (
        <ul className="lineage">
          {node.children.map((child) => (
            <Node key={child.key} node={child} selectedKey={selectedKey} onSelect={onSelect} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}

export function LineageTree(props: { view: View; connectionKey: string }) {
  const selectConnection = usePanelStore((s) => s.selectConnection);
  const lineage = selectLineage(props.view, props.connectionKey);
  if (!lineage || lineage.root.children.length === 0) {
    return <div className="muted">{t('detail.lineage.none')}</div>;
  }
  return (
    <>
      <ul className="lineage lineage-root" data-testid="lineage">
        <Node node={lineage.root} selectedKey={props.connectionKey} onSelect={selectConnection} />
      </ul>
      {lineage.truncated ? <div className="muted">{t('detail.lineage.truncated')}</div> : null}
    </>
  );
}

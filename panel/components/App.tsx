/** The panel layout: toolbar, summary, then the connections split view or the call-site view. */
import { t } from '../i18n';
import { NowProvider } from '../clock';
import { usePanelStore } from '../store';
import { CallSites } from './CallSites';
import { ConnectionTable } from './ConnectionTable';
import { DetailPane } from './DetailPane';
import { EmptyState } from './EmptyState';
import { Pane } from './Pane';
import { SplitView } from './SplitView';
import { SummaryBar } from './SummaryBar';
import { Toolbar } from './Toolbar';

export function App(props: { clock?: () => number }) {
  const paused = usePanelStore((s) => s.paused);
  return (
    <NowProvider paused={paused} {...(props.clock ? { clock: props.clock } : {})}>
      <div className="app" aria-label={t('app.title')}>
        <Pane>
          <Toolbar />
        </Pane>
        <Pane>
          <SummaryBar />
        </Pane>
        <Main />
      </div>
    </NowProvider>
  );
}

function Main() {
  const tab = usePanelStore((s) => s.tab);
  const empty = usePanelStore((s) => s.view.data.connections.size === 0);
  const hasSelection = usePanelStore((s) => s.selectedKey !== null);
  if (empty) return <EmptyState />;
  if (tab === 'callSites') {
    return (
      <Pane>
        <CallSites />
      </Pane>
    );
  }
  return (
    <SplitView
      main={
        <Pane>
          <ConnectionTable />
        </Pane>
      }
      side={
        hasSelection ? (
          <Pane>
            <DetailPane />
          </Pane>
        ) : null
      }
    />
  );
}

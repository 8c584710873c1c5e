/** The panel layout: toolbar, summary, then the connections split view or the call-site view. */
import { lazy, Suspense } from 'react';
import { t } from '../i18n';
import { NowProvider } from '../clock';
import { usePanelStore } from '../use-panel-store';
import { CallSites } from './CallSites';
import { ConnectionTable } from './ConnectionTable';
import { SearchResults } from './SearchResults';
import { DetailPane } from './DetailPane';
import { EmptyState } from './EmptyState';
import { Pane } from './Pane';
import { SplitView } from './SplitView';
import { SummaryBar } from './SummaryBar';
import { Toolbar } from './Toolbar';
import { AcceptanceView } from './AcceptanceView';
import { EvidenceBanner } from './EvidenceBanner';
import { NetworkCaptureNotice } from './NetworkCapture';
import { SettingsPanel } from './SettingsPanel';
import '../theme/daily.css';

// uPlot measures the screen when imported (matchMedia): load the chart only when its tab opens.
const TimelineView = lazy(() =>
  import('./TimelineView').then((m) => ({ default: m.TimelineView })),
);

export function App(props: { clock?: () => number }) {
  const paused = usePanelStore((s) => s.paused);
  return (
    <NowProvider paused={paused} {...(props.clock ? { clock: props.clock } : {})}>
      <div className="app" aria-label={t('app.title')}>
        <Pane>
          <Toolbar />
        </Pane>
        <EvidenceBanner />
        <NetworkCaptureNotice />
        <SettingsPanel />
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
  // Timeline and acceptance also show an imported report, with or without live connections.
  if (tab === 'timeline') {
    return (
      <Pane>
        <Suspense fallback={null}>
          <TimelineView />
        </Suspense>
      </Pane>
    );
  }
  if (tab === 'acceptance') {
    return (
      <Pane>
        <AcceptanceView />
      </Pane>
    );
  }
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
          <SearchResults />
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

/**
 * The timeline tab: live connections, pending reconnect timers and connects over time, with the
 * debug global's connects/timers/subscribers beside them, so a reconnect storm is a visible shape —
 * and so is its end. Dragging across the chart makes that span the acceptance window.
 */
import { useMemo } from 'react';
import uPlot from 'uplot';
import { resolveWindow } from '../acceptance/window';
import { useRecording } from '../acceptance/use-recording';
import { useInsight } from '../acceptance/view-store';
import { t } from '../i18n';
import { deriveSeries, type Series } from '../timeline/series';
import { readChartTheme, type ChartTheme } from '../theme/chart-theme';
import { useDocumentTheme } from '../theme/follow-theme';
import { TimelineChart } from './TimelineChart';
import { TimelineWindowPicker } from './TimelineWindowPicker';
import '../theme/insight.css';

/** Buckets per chart: about one per two pixels of a docked DevTools panel. */
const POINTS = 400;

export function TimelineView() {
  const { recording } = useRecording();
  const window = useInsight((s) => s.window);
  const setWindow = useInsight((s) => s.setWindow);
  const range = resolveWindow(window, recording);
  const series = useMemo(
    () =>
      range ? deriveSeries(recording, { from: range.from, to: range.to, points: POINTS }) : null,
    [recording, range?.from, range?.to], // eslint-disable-line react-hooks/exhaustive-deps -- range is derived from these
  );
  const data = useMemo(() => (series ? toAligned(series) : null), [series]);
  const theme = useDocumentTheme();

  return (
    <section className="insight" aria-label={t('tab.timeline')} data-testid="timeline-view">
      <div className="insight-header">
        <h2 className="insight-title">{t('timeline.title')}</h2>
        <TimelineWindowPicker />
        <span className="insight-spacer" />
        <span className="timeline-hint">{t('timeline.brushHint')}</span>
      </div>
      {data && series && series.t.length > 1 ? (
        <div className="timeline">
          <TimelineChart
            optionsKey={`${theme}`}
            options={(width) => chartOptions(width, readChartTheme(document.documentElement))}
            data={data}
            ariaLabel={t('timeline.chart')}
            onSelect={(from, to) => setWindow({ kind: 'range', from: from * 1000, to: to * 1000 })}
          />
        </div>
      ) : (
        <div className="timeline-empty">{t('timeline.empty')}</div>
      )}
    </section>
  );
}

/** uPlot wants seconds on a time axis and one array per series. */
export function toAligned(s: Series): uPlot.AlignedData {
  return [
    s.t.map((t) => t / 1000),
    s.live.slice(),
    s.timers.slice(),
    s.connects.slice(),
    s.debugConnects.slice(),
    s.debugTimers.slice(),
    s.debugSubscribers.slice(),
  ];
}

export function chartOptions(width: number, c: ChartTheme): uPlot.Options {
  const axis = {
    stroke: c.text,
    grid: { stroke: c.grid, width: 1 },
    ticks: { stroke: c.axis, width: 1 },
  };
  // Counts change in steps: draw them as steps, not as slopes that suggest values in between.
  const stepped = uPlot.paths.stepped?.({ align: 1 });
  const bars = uPlot.paths.bars?.({ size: [0.9, 8] });
  return {
    width,
    height: 240,
    cursor: { drag: { x: true, y: false, setScale: false } },
    scales: {
      x: { time: true },
      count: { range: (_u, _min, max) => [0, Math.max(2, max + 1)] },
      debug: { range: (_u, _min, max) => [0, Math.max(2, (max ?? 0) + 1)] },
    },
    axes: [
      { ...axis },
      { ...axis, scale: 'count', label: t('timeline.axisCount'), labelSize: 14 },
      {
        ...axis,
        scale: 'debug',
        side: 1,
        grid: { show: false },
        label: t('timeline.axisDebug'),
        labelSize: 14,
      },
    ],
    series: [
      {},
      {
        label: t('series.live'),
        scale: 'count',
        stroke: c.live,
        width: 2,
        fill: withAlpha(c.live, 0.12),
        paths: stepped,
      },
      { label: t('series.timers'), scale: 'count', stroke: c.timers, width: 2, paths: stepped },
      {
        label: t('series.connects'),
        scale: 'count',
        stroke: c.connects,
        fill: withAlpha(c.connects, 0.5),
        width: 1,
        paths: bars,
      },
      {
        label: t('series.debugConnects'),
        scale: 'debug',
        stroke: c.debugConnects,
        width: 1.5,
        paths: stepped,
      },
      {
        label: t('series.debugTimers'),
        scale: 'count',
        stroke: c.debugTimers,
        width: 1.5,
        dash: [2, 2],
        paths: stepped,
      },
      {
        label: t('series.debugSubscribers'),
        scale: 'count',
        stroke: c.debugSubscribers,
        width: 1,
        paths: stepped,
      },
    ],
    legend: { live: true },
  };
}

function withAlpha(color: string, alpha: number): string {
  const hex = /^#([0-9a-f]{6})$/i.exec(color.trim());
  if (!hex) return 'transparent';
  const n = parseInt(hex[1]!, 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

/**
 * Chart colours follow the DevTools theme through the same CSS variables as the rest of the panel
 * (`:root[data-theme='dark']` swaps them), read once per chart creation.
 */
export interface ChartTheme {
  readonly text: string;
  readonly grid: string;
  readonly axis: string;
  readonly live: string;
  readonly timers: string;
  readonly connects: string;
  readonly debugConnects: string;
  readonly debugTimers: string;
  readonly debugSubscribers: string;
  readonly selection: string;
}

const FALLBACK: ChartTheme = {
  text: '#5f6368',
  grid: '#e0e0e0',
  axis: '#cacdd1',
  live: '#1a73e8',
  timers: '#d93025',
  connects: '#e37400',
  debugConnects: '#188038',
  debugTimers: '#a142f4',
  debugSubscribers: '#12b5cb',
  selection: 'rgba(26, 115, 232, 0.15)',
};

const VARS: Record<keyof ChartTheme, string> = {
  text: '--sse-chart-text',
  grid: '--sse-chart-grid',
  axis: '--sse-chart-axis',
  live: '--sse-chart-live',
  timers: '--sse-chart-timers',
  connects: '--sse-chart-connects',
  debugConnects: '--sse-chart-debug-connects',
  debugTimers: '--sse-chart-debug-timers',
  debugSubscribers: '--sse-chart-debug-subscribers',
  selection: '--sse-chart-selection',
};

export function readChartTheme(el: Element): ChartTheme {
  const style = el.ownerDocument.defaultView?.getComputedStyle(el);
  const out = { ...FALLBACK };
  if (!style) return out;
  for (const key of Object.keys(VARS) as Array<keyof ChartTheme>) {
    const v = style.getPropertyValue(VARS[key]).trim();
    if (v) out[key] = v;
  }
  return out;
}

/** The DevTools theme of the panel page, as main.tsx set it from chrome.devtools.panels.themeName. */
export function currentTheme(doc: Document = document): 'dark' | 'default' {
  return doc.documentElement.dataset.theme === 'dark' ? 'dark' : 'default';
}

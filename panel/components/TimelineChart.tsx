/**
 * A thin React wrapper over uPlot: creates the plot once per option set, feeds new data with
 * setData, follows the container's width (ResizeObserver) and reports a drag selection as a time
 * range. All drawing is uPlot's.
 */
import { useEffect, useLayoutEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface TimelineChartProps {
  /** Builds the options for a given width (colours are read at build time, from the theme). */
  readonly options: (width: number) => uPlot.Options;
  /** Changes when options must be rebuilt (theme, series set, locale). */
  readonly optionsKey: string;
  readonly data: uPlot.AlignedData;
  /** A drag across the plot: the selected x range in the data's units. */
  readonly onSelect?: (from: number, to: number) => void;
  readonly ariaLabel: string;
}

export function TimelineChart(props: TimelineChartProps) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const latest = useRef(props);
  useLayoutEffect(() => {
    latest.current = props;
  });

  useEffect(() => {
    const el = host.current;
    if (!el) return undefined;
    const width = Math.max(200, Math.floor(el.clientWidth || 600));
    const base = latest.current.options(width);
    const u = new uPlot(
      {
        ...base,
        hooks: {
          ...base.hooks,
          setSelect: [
            (self: uPlot) => {
              const { left, width: w } = self.select;
              if (w < 2) return;
              const from = self.posToVal(left, 'x');
              const to = self.posToVal(left + w, 'x');
              // Keep the view; the selection becomes the acceptance window instead of a zoom.
              self.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
              latest.current.onSelect?.(from, to);
            },
          ],
        },
      },
      latest.current.data,
      el,
    );
    plot.current = u;
    // Resize at most once per frame, after layout settled (never from inside the observer).
    let frame = 0;
    const observer = new ResizeObserver((entries) => {
      const w = Math.floor(entries[0]?.contentRect.width ?? 0);
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        if (w > 0 && Math.abs(w - u.width) > 1) u.setSize({ width: w, height: u.height });
      });
    });
    observer.observe(el);
    return () => {
      observer.disconnect();
      cancelAnimationFrame(frame);
      u.destroy();
      plot.current = null;
    };
  }, [props.optionsKey]);

  useEffect(() => {
    plot.current?.setData(props.data);
  }, [props.data]);

  return (
    <div
      ref={host}
      className="timeline-chart"
      role="img"
      aria-label={props.ariaLabel}
      data-testid="timeline-chart"
    />
  );
}

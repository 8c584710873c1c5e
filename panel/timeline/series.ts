/**
 * The timeline's numbers: per time bucket, the most live connections, the most pending reconnect
 * timers, how many connections were constructed, and the last values of the app's debug global
 * (`connects`, `timers`, `subscribers`). A bucket shows the maximum, never an average, so a
 * reconnect storm that lasts 5 ms in a 2 s bucket is still a visible spike — and its end is too.
 */
import type { Recording } from '../recording/recording';
import { connectionEdges, timerEdges, type Edge } from './steps';

export interface Series {
  /** Bucket start times, epoch ms. */
  readonly t: readonly number[];
  readonly bucketMs: number;
  readonly live: readonly number[];
  readonly timers: readonly number[];
  readonly connects: readonly number[];
  /** null before the first sample (drawn as a gap, not as zero). */
  readonly debugConnects: readonly (number | null)[];
  readonly debugTimers: readonly (number | null)[];
  readonly debugSubscribers: readonly (number | null)[];
}

export interface SeriesOptions {
  readonly from: number;
  readonly to: number;
  /** Number of buckets (the chart's width in pixels is a good choice). */
  readonly points: number;
}

export const EMPTY_SERIES: Series = {
  t: [],
  bucketMs: 0,
  live: [],
  timers: [],
  connects: [],
  debugConnects: [],
  debugTimers: [],
  debugSubscribers: [],
};

/** Buckets are [start, start + width); the last one also holds its end. */
const bucketTest = (end: number, last: boolean) => (t: number) => (last ? t <= end : t < end);

/** Bucketed maximum of a step function given by sorted edges. */
function bucketMax(edges: readonly Edge[], starts: readonly number[], width: number): number[] {
  const live = new Set<string>();
  const out: number[] = [];
  let i = 0;
  const applyEdge = (e: Edge) => (e.delta > 0 ? live.add(e.key) : live.delete(e.key));
  const first = starts[0] ?? 0;
  while (i < edges.length && edges[i]!.t < first) applyEdge(edges[i++]!);
  for (let b = 0; b < starts.length; b++) {
    const inBucket = bucketTest(starts[b]! + width, b === starts.length - 1);
    // The value carried in held before this bucket if an edge lands exactly on its start.
    let max = edges[i]?.t === starts[b] ? Number.NEGATIVE_INFINITY : live.size;
    while (i < edges.length && inBucket(edges[i]!.t)) {
      applyEdge(edges[i++]!);
      if (live.size > max) max = live.size;
    }
    out.push(Number.isFinite(max) ? max : live.size);
  }
  return out;
}

export function deriveSeries(rec: Recording, options: SeriesOptions): Series {
  const { from, to } = options;
  const points = Math.max(1, Math.floor(options.points));
  if (rec.start === null || !(to > from)) return EMPTY_SERIES;
  const width = Math.max(1, (to - from) / points);
  const n = Math.max(1, Math.ceil((to - from) / width));
  const t: number[] = [];
  for (let b = 0; b < n; b++) t.push(from + b * width);

  const live = bucketMax(connectionEdges(rec.connections), t, width);
  const timers = bucketMax(timerEdges(rec.timers), t, width);

  const connects = new Array<number>(n).fill(0);
  for (const c of rec.connections) {
    if (c.createdAt < from || c.createdAt > to) continue;
    const b = Math.min(n - 1, Math.floor((c.createdAt - from) / width));
    connects[b] = (connects[b] ?? 0) + 1;
  }

  const samples = rec.debug
    .filter((d) => d.ok)
    .slice()
    .sort((a, b) => a.t - b.t);
  const debugConnects: (number | null)[] = [];
  const debugTimers: (number | null)[] = [];
  const debugSubscribers: (number | null)[] = [];
  let j = 0;
  let lastConnects: number | null = null;
  let lastTimers: number | null = null;
  let lastSubscribers: number | null = null;
  for (let b = 0; b < n; b++) {
    const inBucket = bucketTest(t[b]! + width, b === n - 1);
    while (j < samples.length && inBucket(samples[j]!.t)) {
      const s = samples[j++]!;
      if (s.connects !== null) lastConnects = s.connects;
      if (s.timers !== null) lastTimers = s.timers;
      if (s.subscribers !== null) lastSubscribers = s.subscribers;
    }
    debugConnects.push(lastConnects);
    debugTimers.push(lastTimers);
    debugSubscribers.push(lastSubscribers);
  }

  return {
    t,
    bucketMs: width,
    live,
    timers,
    connects,
    debugConnects,
    debugTimers,
    debugSubscribers,
  };
}

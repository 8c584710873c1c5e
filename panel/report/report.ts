/**
 * The evidence report: a versioned JSON document with everything needed to judge the
 * acceptance criteria again later (the recording, settings and window), the verdicts as they were
 * computed at export time, and the timeline series for a reader without the panel.
 *
 * Versioning rule: bump `version` when a field changes meaning or a required field is added;
 * `parseReport` accepts only versions it knows.
 */
import { evaluateAll, sameVerdicts } from '../acceptance/evaluate';
import type { Verdict } from '../acceptance/verdict';
import { resolveWindow, type WindowChoice } from '../acceptance/window';
import type {
  DebugSample,
  RecordedConnection,
  RecordedSession,
  Recording,
  TimerEvent,
} from '../recording/recording';
import type { PanelSettings } from '../settings/panel-settings';
import { deriveSeries, type Series } from '../timeline/series';
import type { ImportedHarRow } from './har-import';
import { redactText } from './redact';

export const REPORT_SCHEMA = 'sse-devtools/evidence';
export const REPORT_VERSION = 1;
/** Buckets in the exported series (enough for a readable chart, small on disk). */
export const REPORT_SERIES_POINTS = 240;

export interface ReportWindow {
  readonly choice: WindowChoice;
  readonly from: number;
  readonly to: number;
}

export interface EvidenceReport {
  readonly schema: typeof REPORT_SCHEMA;
  readonly version: typeof REPORT_VERSION;
  /** ISO 8601. */
  readonly createdAt: string;
  readonly page: { readonly url: string; readonly origin: string };
  readonly window: ReportWindow | null;
  readonly settings: PanelSettings;
  readonly verdicts: readonly Verdict[];
  readonly connections: readonly RecordedConnection[];
  /** The rest of the recording the verdicts are computed from. */
  readonly recording: {
    readonly start: number | null;
    readonly end: number;
    readonly timers: readonly TimerEvent[];
    readonly debug: readonly DebugSample[];
    readonly sessions: readonly RecordedSession[];
    readonly lostRecords: number;
    readonly truncated: number;
  };
  readonly series: Series;
}

export function buildReport(input: {
  readonly recording: Recording;
  readonly choice: WindowChoice;
  readonly settings: PanelSettings;
  readonly pageUrl: string;
  readonly origin: string;
  readonly createdAt: Date;
}): EvidenceReport {
  const { recording: rec, settings, choice } = input;
  const params = settings.redactParams;
  const range = resolveWindow(choice, rec);
  const verdicts = evaluateAll(rec, range, acceptanceOptions(settings));
  return {
    schema: REPORT_SCHEMA,
    version: REPORT_VERSION,
    createdAt: input.createdAt.toISOString(),
    page: { url: redactText(input.pageUrl, params), origin: input.origin },
    window: range ? { choice, from: range.from, to: range.to } : null,
    settings,
    verdicts,
    connections: rec.connections.map((c) => ({
      ...c,
      url: redactText(c.url, params),
      stack: redactText(c.stack, params),
    })),
    recording: {
      start: rec.start,
      end: rec.end,
      timers: rec.timers,
      debug: rec.debug,
      sessions: rec.sessions.map((s) => ({ ...s, url: redactText(s.url, params) })),
      lostRecords: rec.lostRecords,
      truncated: rec.truncated,
    },
    series: range
      ? deriveSeries(rec, { from: range.from, to: range.to, points: REPORT_SERIES_POINTS })
      : deriveSeries(rec, { from: 0, to: 0, points: 1 }),
  };
}

export function acceptanceOptions(s: PanelSettings) {
  return {
    endpointPath: s.endpointPath,
    expected: s.expectedPerEndpoint,
    debugGlobals: s.debugGlobals,
    pollMs: s.pollMs,
  };
}

export function recordingOfReport(r: EvidenceReport): Recording {
  return { ...r.recording, connections: r.connections };
}

export interface ImportedReport {
  readonly report: EvidenceReport;
  readonly recording: Recording;
  /** Verdicts recomputed here from the imported data. */
  readonly verdicts: readonly Verdict[];
  /** True when they equal the verdicts stored in the file. */
  readonly consistent: boolean;
  readonly fileName: string;
  /** One row per entry when the file was the panel's own HAR (see har-import.ts). */
  readonly harRows?: readonly ImportedHarRow[];
}

export function importReport(report: EvidenceReport, fileName: string): ImportedReport {
  const recording = recordingOfReport(report);
  const range = report.window ? { from: report.window.from, to: report.window.to } : null;
  const verdicts = evaluateAll(recording, range, acceptanceOptions(report.settings));
  return {
    report,
    recording,
    verdicts,
    consistent: sameVerdicts(verdicts, report.verdicts),
    fileName,
  };
}

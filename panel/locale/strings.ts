/**
 * English strings of the part-2 views (timeline, acceptance, evidence, settings). Like the part-1
 * table in ../i18n.ts they are the fallback; the shipped text is public/_locales/<lang>.
 */
import { fill, lookupMessage } from './chrome-messages';

export const en2 = {
  'tab.timeline': 'Timeline',
  'tab.acceptance': 'Acceptance',
  'timeline.title': 'Connections over time',
  'timeline.range': 'Range',
  'timeline.empty': 'Nothing recorded yet.',
  'timeline.brushHint': 'Drag across the chart to judge the acceptance criteria over that span.',
  'timeline.chart':
    'Chart of live connections, pending reconnect timers, connects and debug-global values over time',
  'timeline.axisCount': 'count',
  'timeline.axisDebug': 'debug connects',
  'series.live': 'Live connections',
  'series.timers': 'Pending reconnect timers',
  'series.connects': 'Connects',
  'series.debugConnects': 'debug: connects',
  'series.debugTimers': 'debug: timers',
  'series.debugSubscribers': 'debug: subscribers',
  'window.label': 'Window',
  'window.session': 'Whole session',
  'window.last': 'Last {n}',
  'window.range': 'Selection {from} – {to}',
  'window.clearRange': 'Clear selection',
  'acceptance.title': 'Acceptance criteria (ticket 29)',
  'acceptance.endpoint': 'Endpoint {path} · expected {n} live',
  'acceptance.summary': '{pass} passed · {fail} failed · {noData} without data',
  'acceptance.offenders': 'Connections:',
  'acceptance.select': 'Select connection {id}',
  'acceptance.incomplete':
    'Data incomplete: {lost} records lost, {truncated} dropped by the panel bound.',
  'acceptance.consistent':
    'Recomputed from the imported data: same verdicts as saved in the report.',
  'acceptance.inconsistent':
    'Recomputed from the imported data: the verdicts differ from the ones saved in the report.',
  'acceptance.saved': 'saved: {status}',
  'acceptance.windowRange': '{from} – {to} ({duration})',
  'acceptance.noWindow': 'Nothing recorded in this window.',
  'criterion.oneLive': 'Exactly one live connection to the endpoint at every moment',
  'criterion.connectsCounted':
    'Repeated connect() created no connection (debug connects = connections seen)',
  'criterion.oneTimer': 'At most one pending reconnect timer',
  'criterion.reasonedConnects': 'Every connect after the first has a reason or a reconnect parent',
  'criterion.noOverlap': 'No two live connections overlap',
  'status.pass': 'passed',
  'status.fail': 'failed',
  'status.noData': 'no data',
  'evidence.noEndpointConnection': 'No connection to {path} was recorded.',
  'evidence.noConnectionInWindow': 'No connection to the endpoint in this window.',
  'evidence.maxLive': 'At most {n} live (expected {expected}), reached at {at}.',
  'evidence.changes': '{n} changes judged.',
  'evidence.timeBelow': 'Fewer than {expected} live for {ms} in {gaps} gap(s), first at {at}.',
  'evidence.intervals': '{n} connection(s) in the window.',
  'evidence.overlaps': '{n} overlapping pair(s), {ms} in total.',
  'evidence.overlapPair': '{a} and {b} overlapped for {ms} from {at}.',
  'evidence.noDebugConnects': 'No debug global reported connects in this window.',
  'evidence.debugOneSample': 'Only one poll of {name} in this window: nothing to compare.',
  'evidence.connectsVsSeen':
    '{name}: connects grew by {grew}; {seen} connection(s) seen; {polls} poll interval(s).',
  'evidence.connectsMismatch':
    'At {at}: connects grew by {delta} but {seen} connection(s) were made ({ids}).',
  'evidence.connectsWentDown':
    'At {at}: connects went down from {from} to {to} (the client was re-created).',
  'evidence.hookTimers': 'Hook: at most {max} pending (at {at}); {created} created in the window.',
  'evidence.debugTimers': 'Debug global: at most {max} timers over {polls} poll(s) (at {at}).',
  'evidence.noDebugTimers': 'Debug global: no timers value.',
  'evidence.noLaterConnects': 'No connection after the first in this window.',
  'evidence.laterConnects':
    '{n} later connection(s): {reasons} with a reason, {parents} from a reconnect timer.',
  'evidence.unexplained': '{n} without a reason or a parent.',
  'evidence.moreOffenders': '…and {n} more.',
  'evidence.empty': 'Nothing recorded.',
  'report.export': 'Export evidence (JSON)',
  'report.exportMd': 'Export Markdown',
  'report.copyMd': 'Copy Markdown',
  'report.copied': 'Copied',
  'report.copyFailed': 'Copy failed',
  'report.exportHar': 'Export HAR',
  'report.import': 'Import report',
  'report.importError': 'Cannot import {file}: {error}',
  'report.banner': 'Viewing imported report {file} — created {createdAt} on {page}. Read-only.',
  'report.close': 'Close report',
  'report.dismiss': 'Dismiss',
  'report.readOnly': 'Imported report: live capture continues in the background.',
  'md.title': 'SSE acceptance — ticket 29',
  'md.page': 'Page',
  'md.endpoint': 'Endpoint',
  'md.expected': 'expected live',
  'md.window': 'Window',
  'md.connections': 'Connections: {total} recorded, {live} live at the end',
  'md.incomplete': 'Data incomplete: {lost} records lost, {truncated} dropped by the panel bound',
  'md.criterion': 'Criterion',
  'md.result': 'Result',
  'md.evidence': 'Evidence',
  'md.offenders': 'Connections',
  'md.footer': 'Exported by SSE DevTools at {createdAt}',
  'settings.open': 'Settings',
  'settings.title': 'Settings',
  'settings.close': 'Close settings',
  'settings.origin': 'Saved for {origin}',
  'settings.originUnknown': 'Not saved yet: the inspected origin is unknown',
  'settings.expected': 'Expected live connections per endpoint',
  'settings.endpoint': 'Acceptance endpoint path',
  'settings.debugGlobals': 'Debug globals to poll',
  'settings.debugGlobals.hint': 'Comma-separated; functions are called, objects are read.',
  'settings.pollMs': 'Poll interval, ms',
  'settings.redact': 'Redact query parameters',
  'settings.redact.hint': 'Comma-separated names; applied by the page hook and again on export.',
  'settings.bufferMb': 'Page buffer, MB',
  'settings.dataCap': 'Characters kept per message',
  'settings.reset': 'Reset to defaults',
  'settings.invalid': 'Invalid value: {field}',
  'settings.error': 'Settings could not be saved: {error}',
} as const;

export type String2Key = keyof typeof en2;

/** A part-2 string: chrome.i18n first, then English; unknown dynamic keys show the key itself. */
export function tr(
  key: String2Key | (string & {}),
  params?: Readonly<Record<string, string | number>>,
): string {
  const template = lookupMessage(key) || (en2 as Record<string, string>)[key] || key;
  return fill(template, params);
}

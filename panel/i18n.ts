/**
 * Every user-visible string of the panel. English only for now; part 2 adds locales by adding
 * another table of the same keys (the `Strings` type makes a missing key a compile error).
 * Placeholders are `{name}`; values are inserted as text, never as markup.
 */
import { lookupMessage } from './locale/chrome-messages';

const en = {
  'app.title': 'SSE',
  'toolbar.pause': 'Pause capture (records keep arriving and appear on resume)',
  'toolbar.resume': 'Resume capture',
  'toolbar.clear': 'Clear (live connections are kept)',
  'toolbar.preserveLog': 'Preserve log',
  'toolbar.preserveLog.title':
    'Keep connections of previous documents across reloads and navigations',
  'toolbar.filter': 'Filter',
  'toolbar.filter.placeholder': 'Filter URL, id, label, call site',
  'toolbar.state': 'State',
  'toolbar.endpoint': 'Endpoint',
  'toolbar.allEndpoints': 'All endpoints',
  'toolbar.liveOnly': 'Live only',
  'toolbar.tab.connections': 'Connections',
  'toolbar.tab.callSites': 'Call sites',
  'toolbar.paused': 'Paused',
  'state.all': 'All states',
  'state.connecting': 'connecting',
  'state.open': 'open',
  'state.reconnecting': 'reconnecting',
  'state.closed': 'closed',
  'link.connecting': 'Connecting…',
  'link.connected': 'Connected',
  'link.reconnecting': 'Reconnecting…',
  'link.closed': 'Disconnected',
  'counter.lost': '{n} lost',
  'counter.lost.title': 'Records missing from the sequence with no explanation from the page',
  'counter.dropped': '{n} dropped by page buffer',
  'counter.dropped.title': 'Records the page hook could not keep (its ring buffer overflowed)',
  'counter.rejected': '{n} rejected',
  'counter.rejected.title':
    'Messages refused by the relay or the background (bad shape, size or rate)',
  'counter.invalid': '{n} invalid',
  'counter.invalid.title': 'Messages that failed validation in the panel',
  'counter.protocol': '{n} protocol mismatch',
  'counter.protocol.title':
    'Messages of another protocol version: reload the page to update its hook',
  'summary.live': 'Live',
  'summary.liveOf': '{live} live / {total} total',
  'summary.duplicate': 'DUPLICATE: {n} live connections to {endpoint} (expected {expected})',
  'summary.ok': 'One live connection per endpoint',
  'summary.none': 'No live connection',
  'summary.timers': 'Reconnect timers',
  'summary.timers.value': '{n} pending',
  'summary.timers.title':
    'Timers scheduled in EventSource error handlers: {created} created, {fired} fired, {cleared} cleared',
  'summary.timers.debug': 'debug: {n}',
  'summary.cpm': 'Connects/min',
  'summary.expected': 'Expected per endpoint',
  'summary.debug': '{name}',
  'summary.debug.absent': 'not defined by the page',
  'summary.debug.none': 'no debug global',
  'summary.debug.failed': 'failed: {error}',
  'column.id': 'ID',
  'column.endpoint': 'Endpoint',
  'column.state': 'State',
  'column.age': 'Age',
  'column.messages': 'Messages',
  'column.errors': 'Errors',
  'column.label': 'Label',
  'column.initiator': 'Initiator',
  'column.parent': 'Parent',
  'column.closedBy': 'Closed by',
  'closedBy.page': 'page',
  'closedBy.browser': 'browser',
  'closedBy.unload': 'unload',
  'closedBy.none': '—',
  'errors.cell': '{transient} transient, {terminal} terminal',
  'row.error': 'This row could not be shown: {error}',
  'row.placeholder': '(construction not captured)',
  'table.empty.filtered': 'No connection matches the filter.',
  'table.label': 'EventSource connections',
  'empty.title': 'No EventSource connection captured yet.',
  'empty.hint': 'Reload the page to capture connections opened during load.',
  'empty.reload': 'Reload',
  'detail.close': 'Close details',
  'detail.copy': 'Copy as JSON',
  'detail.copied': 'Copied',
  'detail.copyFailed': 'Copy failed',
  'detail.url': 'URL',
  'detail.credentials': 'withCredentials',
  'detail.frame': 'Frame',
  'detail.listeners': 'Listeners',
  'detail.client': 'Client',
  'detail.marker': 'Marker',
  'detail.reason': 'Reason',
  'detail.construction': 'Construction stack',
  'detail.closeStack': 'close() stack',
  'detail.noStack': 'No stack captured.',
  'detail.timeline': 'readyState timeline',
  'detail.messages': 'Recent messages',
  'detail.messages.none': 'No message yet.',
  'detail.messages.skipped': '{n} older samples not kept',
  'detail.message.truncated': '… truncated ({size} characters in total)',
  'detail.message.meta': '{type} · id {id} · {size} chars · {time}',
  'detail.lineage': 'Reconnect lineage',
  'detail.lineage.none': 'Not part of a reconnect chain.',
  'detail.lineage.truncated': 'Tree truncated.',
  'detail.lineage.unknown': '#{id} (not captured)',
  'detail.openSource': 'Open {file} in Sources',
  'detail.section.error': 'This section could not be shown: {error}',
  'stack.anonymous': '(anonymous)',
  'detail.none': 'Select a connection to see its details.',
  'detail.timersScheduled': 'Reconnect timers scheduled',
  'cause.conn': 'constructed',
  'cause.open': 'open',
  'cause.error': 'error',
  'cause.close': 'close()',
  'cause.unload': 'document unloaded',
  'cause.restore': 'restored from back/forward cache',
  'why.title': 'Why CLOSED?',
  'why.refused':
    'The server refused the stream: a non-200 status, a wrong Content-Type (not text/event-stream), or CORS. The stream never opened.',
  'why.gaveUp':
    'The stream opened, then ended, and the browser gave up reconnecting (the server closed it with an error status on retry, or the response became invalid).',
  'why.closedByPage': 'The page called close().',
  'why.unload': 'The document was unloaded (reload or navigation).',
  'why.probe': 'Check the URL from the page',
  'why.probe.title':
    'Sends one GET to the URL from the page (same cookies and CORS rules), reads status and Content-Type, then aborts',
  'why.probing': 'Checking…',
  'why.probe.redacted': 'This URL has redacted parameters and cannot be requested again.',
  'why.probe.unavailable': 'The check could not run: {message}',
  'why.probe.response': 'Response: HTTP {status}, Content-Type "{contentType}"',
  'why.probe.notOk': 'The server answers with a non-200 status: EventSource requires 200.',
  'why.probe.wrongType': 'The server does not answer with text/event-stream.',
  'why.probe.looksFine':
    'The server answers 200 text/event-stream now: the failure was transient or depends on state (token, session).',
  'why.probe.corsOrNetwork': 'The request failed in the page ({message}): CORS or a network error.',
  'callSites.title': 'Connections by construction call site',
  'callSites.site': 'Call site',
  'callSites.live': 'Live',
  'callSites.total': 'Total',
  'callSites.endpoints': 'Endpoints',
  'callSites.unknown': '(no application frame)',
  'callSites.show': 'Show',
  'callSites.show.title': 'Show the connections made here in the table',
  'callSites.empty': 'No connection captured.',
  'pane.error': 'This pane could not be shown: {error}',
  'pane.retry': 'Retry',
} as const;

export type StringKey = keyof typeof en;
export type Strings = Record<StringKey, string>;

const tables: Record<string, Strings> = { en };
let active: Strings = en;

/** Switches the language (part 2); unknown locales keep English. */
export function setLocale(locale: string): void {
  active = tables[locale] ?? tables[locale.split('-')[0] ?? ''] ?? en;
}

export function t(key: StringKey, params?: Readonly<Record<string, string | number>>): string {
  // chrome.i18n (public/_locales, the browser's UI language) first; these tables are the fallback.
  const template = lookupMessage(key) || (active[key] ?? en[key]);
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}

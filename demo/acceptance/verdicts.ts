/**
 * Ticket 29's acceptance criteria judged from a stage-4 run (pure: samples in, verdicts out).
 * Independent of the panel's own acceptance view on purpose: the evidence shows both, and they
 * must agree.
 */
import type { Stage4Result } from './stage4';

export interface Verdict {
  readonly criterion: string;
  /** null: nothing to judge (never reported as a pass). */
  readonly pass: boolean | null;
  readonly evidence: string;
}

const maxOf = (values: ReadonlyArray<number | null>): number | null => {
  const known = values.filter((v): v is number => v !== null);
  return known.length === 0 ? null : Math.max(...known);
};

/** EventSources the page created while steps matching `pattern` ran (page hook counts). */
function createdDuring(result: Stage4Result, pattern: RegExp): number {
  let created = 0;
  let previous: number | null = null;
  for (const sample of result.samples) {
    const total = sample.hookTotal;
    // A new document restarts the hook's count: a drop is a document change, not a creation.
    if (total !== null && previous !== null && pattern.test(sample.step))
      created += Math.max(0, total - previous);
    if (total !== null) previous = total;
  }
  return created;
}

const lastOf = (values: ReadonlyArray<number | null>): number | null => {
  for (let i = values.length - 1; i >= 0; i--) if (values[i] !== null) return values[i]!;
  return null;
};

const STEPS_STRICTMODE_HMR_NAVIGATION = /^(load|reload|navigate|HMR)/;
const STEPS_TOKEN_AND_ERRORS = /^(rotate|server)/;

export function judgeStage4(result: Stage4Result): Verdict[] {
  const { samples } = result;
  const verdicts: Verdict[] = [];
  if (samples.length === 0) {
    return [{ criterion: 'any', pass: null, evidence: 'no samples were taken' }];
  }

  const maxLive = maxOf(samples.map((s) => s.serverLive)) ?? 0;
  const steady = samples.filter((s) => s.steady);
  const steadyNotOne = steady.filter((s) => s.serverLive !== 1);
  verdicts.push({
    criterion: 'At any moment a tab has exactly 1 active request to /v1/events/sse',
    pass: maxLive <= 1 && steadyNotOne.length === 0,
    evidence:
      `max ${maxLive} live on the server over ${samples.length} samples; ` +
      (steadyNotOne.length === 0
        ? `exactly 1 at all ${steady.length} settled points`
        : `${steadyNotOne.length} of ${steady.length} settled points had ≠ 1 (e.g. ${steadyNotOne[0]!.serverLive} after "${steadyNotOne[0]!.step}")`),
  });

  // Steps that need no new connection: SPA navigation, the HMR edit, order changes. Counted by
  // the page hook (EventSources created), which also sees ones the browser could not send yet.
  const created = createdDuring(result, /^(navigate|HMR|create)/);
  const connects = lastOf(samples.map((s) => s.debugConnects));
  const requests = result.totalRequests - result.requestsBeforeLastLoad;
  const countsAgree = connects === null || connects === requests;
  verdicts.push({
    criterion: 'Repeated connect() calls create no new connections',
    pass: created === 0 && countsAgree,
    evidence:
      `${created} EventSource(s) created during navigation, HMR and order changes; ` +
      (connects === null
        ? 'no __zarizSSEDebug() in this app to count connects'
        : `__zarizSSEDebug().connects = ${connects}, stream requests the server received from this page = ${requests}`),
  });

  const inSteps = (pattern: RegExp) => samples.filter((s) => pattern.test(s.step));
  const navMax = maxOf(inSteps(STEPS_STRICTMODE_HMR_NAVIGATION).map((s) => s.serverLive)) ?? 0;
  verdicts.push({
    criterion: 'StrictMode, HMR and navigation do not raise the number of connections',
    pass: navMax <= 1,
    evidence: `max ${navMax} live during load, reload, navigation and the HMR edit`,
  });

  const ids = result.orderEventIds;
  const subscribers = Object.entries(result.deliveries);
  const missing: string[] = [];
  const repeated: string[] = [];
  for (const [subscriber, got] of subscribers) {
    const counts = new Map<string, number>();
    for (const id of got) counts.set(id, (counts.get(id) ?? 0) + 1);
    const dup = [...counts.values()].filter((n) => n > 1).length;
    if (dup > 0) repeated.push(`${subscriber} (${dup} events more than once)`);
  }
  const provider = result.deliveries.provider ?? [];
  for (const id of ids) if (!provider.includes(id)) missing.push(id);
  verdicts.push({
    criterion: 'Events reach every subscriber (notifications and the table update), once',
    pass: ids.length === 0 ? null : missing.length === 0 && repeated.length === 0,
    evidence:
      `${ids.length} order events; ${subscribers.length} subscribers; ` +
      (missing.length ? `${missing.length} missing at the provider; ` : 'none missing; ') +
      (repeated.length ? `duplicates at ${repeated.join(', ')}` : 'no duplicates'),
  });

  const faultMax = maxOf(inSteps(STEPS_TOKEN_AND_ERRORS).map((s) => s.serverLive)) ?? 0;
  const faultSteps = result.steps.filter((s) => STEPS_TOKEN_AND_ERRORS.test(s.name));
  const unsettled = faultSteps.filter((s) => s.timedOut);
  verdicts.push({
    criterion:
      'On token change or network errors a controlled reconnect happens with no parallel connections',
    pass: faultMax <= 1 && unsettled.length === 0,
    evidence:
      `max ${faultMax} live during token rotation, server drops and a 500; ` +
      (unsettled.length
        ? `did not recover: ${unsettled.map((s) => s.name).join(', ')}`
        : 'recovered after each'),
  });

  // Every witness that saw the timers: the page hook, the page itself (the fixed client's debug
  // API, or the legacy client's own log) and the panel. The worst one decides.
  const witnesses: Array<[string, number | null]> = [
    ['page hook', maxOf(samples.map((s) => s.hookTimers))],
    ['debug API', maxOf(samples.map((s) => s.debugTimers))],
    ["the app's log", maxOf(samples.map((s) => s.logTimers ?? null))],
    ['panel', maxOf(samples.map((s) => s.panelTimers))],
  ];
  const seen = witnesses.filter((w): w is [string, number] => w[1] !== null);
  const timers = Math.max(0, ...seen.map(([, n]) => n));
  verdicts.push({
    criterion: 'On many errors in a row at most one reconnect timer is scheduled',
    pass: seen.length === 0 ? null : timers <= 1,
    evidence:
      `max ${timers} pending reconnect timer(s): ` +
      (seen.length
        ? seen.map(([name, n]) => `${name} ${n}`).join(', ')
        : 'no witness reported timers') +
      refusedNote(result),
  });
  return verdicts;
}

/** Names the errors-in-a-row step's outcome, so a reader sees the timers were put to the test. */
function refusedNote(result: Stage4Result): string {
  const step = result.steps.find((s) => /refuses every reconnect/.test(s.name));
  if (!step) return '';
  return step.timedOut
    ? ` (errors-in-a-row step: ${step.timedOut} did not happen)`
    : '; the server refused reconnects in a row after a reload';
}

/** The Markdown table the evidence summary and the README show. */
export function verdictTable(byMode: Readonly<Record<string, readonly Verdict[]>>): string {
  const modes = Object.keys(byMode);
  const criteria = byMode[modes[0]!]?.map((v) => v.criterion) ?? [];
  const mark = (v: Verdict | undefined) =>
    v === undefined || v.pass === null ? '— no data' : v.pass ? '✓' : '✗';
  const rows = criteria.map((criterion, i) => {
    const cells = modes.map((mode) => {
      const v = byMode[mode]![i];
      return `${mark(v)} ${v?.evidence ?? ''}`.replace(/\|/g, '\\|');
    });
    return `| ${criterion} | ${cells.join(' | ')} |`;
  });
  return [
    `| criterion | ${modes.join(' | ')} |`,
    `|---|${modes.map(() => '---').join('|')}|`,
    ...rows,
  ].join('\n');
}

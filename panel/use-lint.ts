/**
 * The stream lint of the current view, shared by the table, the summary and the detail: one
 * context and one set of totals per model version, threshold and census (panel/lint is pure; this
 * is its wiring to the stores).
 */
import { useInsight } from './acceptance/view-store';
import {
  createLintContext,
  lintTotals,
  type HostCensus,
  type LintContext,
  type LintTotals,
} from './lint';
import type { View } from './store';
import { usePanelStore } from './use-panel-store';

/**
 * The cross-tab census (`hostBudget`, filled where the background can ask other tabs' hooks):
 * read defensively, it may be absent from the store or hold anything.
 */
export function censusOf(v: unknown): HostCensus | null {
  if (typeof v !== 'object' || v === null) return null;
  const o = v as Record<string, unknown>;
  const ok = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 0;
  if (typeof o.host !== 'string' || !ok(o.live) || !ok(o.tabs)) return null;
  const protocol = typeof o.protocol === 'string' ? o.protocol.slice(0, 32) : '';
  return { host: o.host, live: o.live, tabs: o.tabs, protocol };
}

interface Cached {
  readonly data: View['data'];
  readonly version: number;
  readonly threshold: number;
  readonly budget: unknown;
  readonly context: LintContext;
  totals: LintTotals | null;
}

let cached: Cached | null = null;

function entry(view: View, threshold: number, budget: unknown): Cached {
  const c = cached;
  if (
    c &&
    c.data === view.data &&
    c.version === view.version &&
    c.threshold === threshold &&
    c.budget === budget
  )
    return c;
  cached = {
    data: view.data,
    version: view.version,
    threshold,
    budget,
    context: createLintContext(view.data.connections.values(), {
      stormPerMinute: threshold,
      census: censusOf(budget),
    }),
    totals: null,
  };
  return cached;
}

function useInputs(): [View, number, unknown] {
  const view = usePanelStore((s) => s.view);
  const budget = usePanelStore((s) => (s as { readonly hostBudget?: unknown }).hostBudget);
  const threshold = useInsight((s) => s.settings.reconnectStormPerMinute);
  return [view, threshold, budget];
}

export function useLintContext(): LintContext {
  return entry(...useInputs()).context;
}

export function useLintTotals(): LintTotals {
  const e = entry(...useInputs());
  e.totals ??= lintTotals(e.data.connections.values(), e.context);
  return e.totals;
}

/** The time window the acceptance criteria are judged over. */
import type { Recording } from '../recording/recording';
import type { TimeRange } from './verdict';

export type WindowChoice =
  | { readonly kind: 'session' }
  | { readonly kind: 'last'; readonly ms: number }
  | { readonly kind: 'range'; readonly from: number; readonly to: number };

export const SESSION_WINDOW: WindowChoice = { kind: 'session' };

/** "Last N" presets offered in the view, ms. */
export const LAST_PRESETS = [10_000, 60_000, 5 * 60_000, 15 * 60_000] as const;

/** The concrete [from, to] for a recording; null when the recording is empty. */
export function resolveWindow(choice: WindowChoice, rec: Recording): TimeRange | null {
  if (rec.start === null) return null;
  const end = Math.max(rec.end, rec.start);
  switch (choice.kind) {
    case 'session':
      return { from: rec.start, to: end };
    case 'last':
      return { from: Math.max(rec.start, end - choice.ms), to: end };
    case 'range': {
      const from = Math.max(rec.start, Math.min(choice.from, choice.to));
      const to = Math.min(end, Math.max(choice.from, choice.to));
      return to >= from ? { from, to } : null;
    }
  }
}

export function isWindowChoice(v: unknown): v is WindowChoice {
  if (typeof v !== 'object' || v === null) return false;
  const w = v as Record<string, unknown>;
  const finite = (x: unknown) => typeof x === 'number' && Number.isFinite(x);
  if (w.kind === 'session') return true;
  if (w.kind === 'last') return finite(w.ms) && (w.ms as number) > 0;
  if (w.kind === 'range') return finite(w.from) && finite(w.to);
  return false;
}

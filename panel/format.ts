/** Formatting for compact table cells. Units come from the UI language through `t()`. */
import { t } from './i18n';

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return t('duration.ms', { n: Math.round(ms) });
  const s = ms / 1000;
  if (s < 60) return t('duration.s', { n: s.toFixed(s < 10 ? 1 : 0) });
  const m = Math.floor(s / 60);
  if (m < 60) return t('duration.min', { m, s: Math.floor(s % 60) });
  const h = Math.floor(m / 60);
  return t('duration.h', { h, m: m % 60 });
}

export function formatTime(epochMs: number): string {
  const d = new Date(epochMs);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

export function formatBytes(n: number): string {
  if (n < 1024) return t('bytes.b', { n });
  if (n < 1024 * 1024) return t('bytes.kb', { n: (n / 1024).toFixed(1) });
  return t('bytes.mb', { n: (n / 1024 / 1024).toFixed(1) });
}

/** A debug-global field as short text (it is page data: never markup). */
export function formatValue(v: unknown): string {
  if (v === undefined) return '—';
  if (typeof v === 'string') return v;
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    // Values are JSON-safe by the protocol guard; a failure here means a forged value: show a mark.
    return '?';
  }
}

/**
 * Protocol builders for unit tests anywhere in the repo (hook, relay, background, panel): records
 * and `bg:records` messages, so tests read as sentences ("a page opened two connections") instead
 * of protocol literals. Test-only: nothing outside `*.test.*` files and test fixtures imports it.
 */
import {
  envelope,
  type BackgroundRecordsMessage,
  type HelloRecord,
  type HookRecord,
  type MessageSample,
} from '../index';

type Distribute<T> = T extends HookRecord
  ? Omit<T, 'seq' | 't'> & { seq?: number; t?: number }
  : never;
export type RecordInput = Distribute<HookRecord>;

export const SSE_URL = 'http://127.0.0.1:8080/v1/events/sse?token=[redacted]';
export const stackAt = (fn: string, file = 'app.js', line = 10, col = 5): string =>
  `at ${fn} (http://127.0.0.1:8080/assets/${file}:${line}:${col})\nat main (http://127.0.0.1:8080/assets/main.js:1:1)`;

/** Numbers records of one session from `from`, one ms apart. */
export function batch(
  session: string,
  records: readonly RecordInput[],
  options: { from?: number; documentId?: string; frameId?: number; frameUrl?: string } = {},
): BackgroundRecordsMessage {
  let seq = options.from ?? 1;
  const numbered = records.map((r) => {
    const s = r.seq ?? seq;
    seq = s + 1;
    return { t: 1_000 + s, ...r, seq: s } as HookRecord;
  });
  return envelope('bg:records', {
    session,
    records: numbered,
    frameId: options.frameId ?? 0,
    documentId: options.documentId ?? `doc-${session}`,
    frameUrl: options.frameUrl ?? 'http://127.0.0.1:8080/',
  });
}

export const conn = (
  id: number,
  extra: Partial<{ url: string; stack: string; parent: number; timer: number }> = {},
): RecordInput => ({
  k: 'conn',
  id,
  url: extra.url ?? SSE_URL,
  withCredentials: false,
  stack: extra.stack ?? stackAt('connect'),
  ...(extra.parent === undefined ? {} : { parent: extra.parent }),
  ...(extra.timer === undefined ? {} : { timer: extra.timer }),
});
export const open = (id: number): RecordInput => ({ k: 'open', id });
export const error = (id: number, readyState: 0 | 2): RecordInput => ({
  k: 'error',
  id,
  readyState,
});
export const close = (id: number, stack = stackAt('disconnect', 'app.js', 40, 3)): RecordInput => ({
  k: 'close',
  id,
  stack,
  readyState: 1,
});
export const timer = (
  timerId: number,
  id: number,
  phase: 'created' | 'fired' | 'cleared',
): RecordInput => ({
  k: 'timer',
  timer: timerId,
  id,
  phase,
  delay: 1000,
});
export const sample = (data: string, extra: Partial<MessageSample> = {}): MessageSample => ({
  type: 'message',
  id: '',
  size: data.length,
  t: 2_000,
  data,
  cut: false,
  ...extra,
});
export const msgs = (
  id: number,
  recent: readonly MessageSample[],
  count = recent.length,
): RecordInput => ({
  k: 'msgs',
  id,
  count,
  bytes: recent.reduce((n, s) => n + s.size, 0),
  byType: { message: count },
  lastEventId: '',
  lastAt: 2_000,
  recent,
  skipped: 0,
});
export const debug = (value: unknown): RecordInput => ({
  k: 'debug',
  name: '__zarizSSEDebug',
  ok: true,
  value,
  ms: 0.1,
});

/** The first record of a hook session (any valid record will do where shape is all that matters). */
export const helloRecord = (seq = 1, url = 'http://127.0.0.1/'): HelloRecord => ({
  seq,
  t: 1,
  k: 'hello',
  url,
  top: true,
  hookVersion: '1',
});

/**
 * Recorded sequences for the acceptance tests: hook records fed through the real recorder, so a
 * test reads like what a page did ("opened #1, then #2 before closing #1").
 */
import { createPanelModel } from '../model';
import { createRecorder } from '../recording/recorder';
import type { Recording } from '../recording/recording';
import { batch, type RecordInput } from '../../src/protocol/testing/records';
import type { AcceptanceOptions } from './verdict';

export const OPTIONS: AcceptanceOptions = {
  endpointPath: '/v1/events/sse',
  expected: 1,
  debugGlobals: ['__zarizSSEDebug', '__zarizSSE'],
  pollMs: 1_000,
};

/** Records at explicit times: `at(5_000, conn(1))`. */
export const at = (t: number, r: RecordInput): RecordInput => ({ ...r, t });

export const hello = (): RecordInput => ({
  k: 'hello',
  url: 'http://127.0.0.1:8080/',
  top: true,
  hookVersion: '1',
});
export const annotate = (id: number, reason: string): RecordInput => ({
  k: 'annotate',
  id,
  client: 'zariz-sse',
  marker: 'm1',
  reason,
});
export const debugAt = (
  t: number,
  value: Record<string, unknown>,
  name = '__zarizSSEDebug',
): RecordInput => ({
  k: 'debug',
  name,
  ok: true,
  value,
  ms: 0.1,
  t,
});

/** One document's records (numbered from seq 1), read at `end`. */
export function recordingOf(
  records: readonly RecordInput[],
  end: number,
  more: Array<[string, readonly RecordInput[]]> = [],
): Recording {
  const model = createPanelModel({ now: () => end });
  model.recordsReceived(batch('s1', records));
  for (const [session, list] of more) model.recordsReceived(batch(session, list));
  return createRecorder(model).snapshot(end);
}

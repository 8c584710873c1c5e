/**
 * The Server-Sent Events wire format, one frame at a time.
 * Spec: https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation
 *
 * Field values are single lines by definition: a CR or LF inside `event`/`id` would end the field
 * early and smuggle new fields into the stream, so they are replaced. Multi-line `data` is legal
 * and is split into one `data:` line per line (the browser joins them back with "\n").
 */

export interface SseEventFields {
  /** Event name; omitted → the browser dispatches a default `message` event. */
  readonly event?: string;
  /** Event id; omitted → the browser keeps its previous Last-Event-ID. */
  readonly id?: number | string;
  readonly data: string;
}

const LINE_BREAK = /\r\n|\r|\n/;
const LINE_BREAKS = /[\r\n]+/g;

function singleLine(value: string): string {
  // NUL in an id makes the browser ignore the field; drop it along with line breaks.
  return value.replace(LINE_BREAKS, ' ').replace(/\0/g, '');
}

/** Formats one event, terminated by the blank line that makes the browser dispatch it. */
export function formatSseEvent(fields: SseEventFields): string {
  let frame = '';
  if (fields.event !== undefined) frame += `event: ${singleLine(fields.event)}\n`;
  if (fields.id !== undefined) frame += `id: ${singleLine(String(fields.id))}\n`;
  for (const line of fields.data.split(LINE_BREAK)) frame += `data: ${line}\n`;
  return `${frame}\n`;
}

/** A comment line: ignored by EventSource, visible on the wire (useful as a keep-alive or marker). */
export function formatSseComment(text: string): string {
  return `: ${singleLine(text)}\n\n`;
}

/** Tells the browser how long to wait before reconnecting after a transient failure. */
export function formatSseRetry(ms: number): string {
  return `retry: ${Math.max(0, Math.floor(ms))}\n\n`;
}

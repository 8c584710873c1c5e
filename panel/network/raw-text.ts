/**
 * Raw stream bytes made readable without hiding what they are: line ends and other control
 * characters are shown as escapes (`\n`, `\r`, `\t`, `\x00`), because a missing blank line or a
 * stray `\r` is exactly what a user looks at raw bytes to find. A `\n` also breaks the line.
 */
export function visibleControls(text: string): string {
  // Matching control characters is the point here.
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f]/g, (ch) => {
    if (ch === '\n') return '\\n\n';
    if (ch === '\r') return '\\r';
    if (ch === '\t') return '\\t';
    return `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`;
  });
}

/** Bytes the network counted that no kept chunk shows (older chunks dropped, or never visible). */
export function bytesNotShown(total: number, chunks: readonly { readonly size: number }[]): number {
  return Math.max(0, total - chunks.reduce((n, c) => n + c.size, 0));
}

/** The headers that decide whether an event stream works, in the order a user checks them. */
export const SSE_HEADERS = [
  'content-type',
  'cache-control',
  'content-encoding',
  'x-accel-buffering',
  'connection',
] as const;

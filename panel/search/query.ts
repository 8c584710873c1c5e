/**
 * One query language for the row filter and the message search, after Chrome's Network filter:
 * plain text is a case-insensitive substring; `/…/` (optionally with flags, `/…/i`) is a regular
 * expression, case-insensitive unless flags are given. An invalid expression is a value
 * (`kind: 'invalid'`) the input shows as an error, never an exception.
 */

export type Query =
  | { readonly kind: 'empty' }
  | { readonly kind: 'text'; readonly needle: string }
  | { readonly kind: 'regex'; readonly source: string; readonly re: RegExp }
  | { readonly kind: 'invalid'; readonly source: string; readonly error: string };

/** `/body/flags`: flags limited to the ones that change what matches. */
const REGEX_LITERAL = /^\/(.+)\/([imsu]*)$/s;

export function parseQuery(text: string): Query {
  const trimmed = text.trim();
  if (!trimmed) return { kind: 'empty' };
  const literal = REGEX_LITERAL.exec(trimmed);
  if (!literal) return { kind: 'text', needle: trimmed.toLowerCase() };
  const [, source = '', flags = ''] = literal;
  try {
    // 'g' for highlighting every hit with lastIndex; 'i' by default, as Chrome's filter does.
    return { kind: 'regex', source, re: new RegExp(source, `g${flags || 'i'}`) };
  } catch (error) {
    // A half-typed or malformed pattern: the input shows why, the filter matches nothing new.
    return {
      kind: 'invalid',
      source,
      error: error instanceof Error ? error.message : String(error),
    };
  }
}

/** Whether `text` has a hit. An empty query matches everything, an invalid one nothing. */
export function queryMatches(query: Query, text: string): boolean {
  switch (query.kind) {
    case 'empty':
      return true;
    case 'invalid':
      return false;
    case 'text':
      return text.toLowerCase().includes(query.needle);
    case 'regex':
      query.re.lastIndex = 0;
      return query.re.test(text);
  }
}

/** A piece of text: `hit` pieces are rendered in `<mark>`. */
export interface Segment {
  readonly text: string;
  readonly hit: boolean;
}

/** Hits counted in one text at most (a `.` over 64 KiB must not build 64 K spans). */
export const MAX_HITS_PER_TEXT = 200;

/** The `[start, end)` ranges of the hits in `text`, left to right, non-overlapping. */
export function hitRanges(query: Query, text: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  if (query.kind === 'text') {
    const hay = text.toLowerCase();
    let from = 0;
    while (ranges.length < MAX_HITS_PER_TEXT) {
      const at = hay.indexOf(query.needle, from);
      if (at === -1) break;
      ranges.push([at, at + query.needle.length]);
      from = at + query.needle.length;
    }
  } else if (query.kind === 'regex') {
    const re = query.re;
    re.lastIndex = 0;
    while (ranges.length < MAX_HITS_PER_TEXT) {
      const m = re.exec(text);
      if (!m) break;
      if (m[0].length === 0) {
        // An empty match (`/x*/`) would loop forever and highlights nothing: step over it.
        re.lastIndex += 1;
        continue;
      }
      ranges.push([m.index, m.index + m[0].length]);
    }
  }
  return ranges;
}

/** `text` cut into plain and hit pieces, for rendering as text (never as HTML). */
export function highlight(text: string, ranges: ReadonlyArray<[number, number]>): Segment[] {
  const out: Segment[] = [];
  let at = 0;
  for (const [start, end] of ranges) {
    if (start > at) out.push({ text: text.slice(at, start), hit: false });
    out.push({ text: text.slice(start, end), hit: true });
    at = end;
  }
  if (at < text.length || out.length === 0) out.push({ text: text.slice(at), hit: false });
  return out;
}

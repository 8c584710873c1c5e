/**
 * Stacks arrive as text, one V8 frame per line: "at fn (url:line:col)" or "at url:line:col".
 * Parsing is done once per connection at ingest, never per render.
 */
import { en, type StringKey } from './locale/en';
export interface StackFrame {
  /** Function name as V8 printed it ('' for anonymous top-level code). */
  readonly fn: string;
  readonly url: string;
  /** 1-based, as printed by V8. */
  readonly line: number;
  /** 1-based, as printed by V8. */
  readonly column: number;
  /** The original line, trimmed: shown when the frame cannot be parsed. */
  readonly raw: string;
}

export interface CallSite {
  /** Stable grouping key: url:line:col. */
  readonly key: string;
  readonly frame: StackFrame;
}

/**
 * What the page hook sends as the stack when it has none to send (content/hook/stack-trace.ts,
 * STACK_NOT_CAPTURED and STACK_NOOP_CLOSE; components/StackTrace.test.tsx keeps the two in step):
 * shown as a sentence in the UI language rather than as a frame.
 */
const HOOK_PLACEHOLDERS: ReadonlyMap<string, StringKey> = new Map<string, StringKey>([
  [en['stack.notSampled'], 'stack.notSampled'],
  [en['stack.noopClose'], 'stack.noopClose'],
]);

/** The text key for a stack the hook did not capture, or null for a real stack. */
export function stackPlaceholderKey(stack: string): StringKey | null {
  return HOOK_PLACEHOLDERS.get(stack.trim()) ?? null;
}

const WITH_FN = /^at\s+(.*?)\s+\((.+):(\d+):(\d+)\)$/;
const BARE = /^at\s+(.+):(\d+):(\d+)$/;

/** Parses one line; `null` for lines that are not source frames ("at new Foo (<anonymous>)"). */
export function parseFrame(line: string): StackFrame | null {
  const raw = line.trim();
  const withFn = WITH_FN.exec(raw);
  if (withFn) {
    const [, fn = '', url = '', l = '0', c = '0'] = withFn;
    return { fn, url, line: Number(l), column: Number(c), raw };
  }
  const bare = BARE.exec(raw);
  if (bare) {
    const [, url = '', l = '0', c = '0'] = bare;
    return { fn: '', url, line: Number(l), column: Number(c), raw };
  }
  return null;
}

export interface StackLine {
  readonly raw: string;
  readonly frame: StackFrame | null;
}

/** Every line of a stack, parsed where possible (unparsed lines are still shown as text). */
export function parseStack(stack: string): StackLine[] {
  return stack
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0 && line !== 'Error')
    .map((raw) => ({ raw, frame: parseFrame(raw) }));
}

/**
 * Frames that are not the application's: the hook itself (MAIN-world content scripts run from
 * chrome-extension:// URLs), other extensions, DevTools, and engine internals.
 */
export function isApplicationFrame(frame: StackFrame): boolean {
  const url = frame.url;
  return !(
    url.startsWith('chrome-extension://') ||
    url.startsWith('moz-extension://') ||
    url.startsWith('devtools://') ||
    url.startsWith('chrome://') ||
    url.startsWith('node:') ||
    url === 'native' ||
    url === '<anonymous>'
  );
}

/** The construction call site: the first application frame of the stack. */
export function callSiteOf(stack: string): CallSite | null {
  for (const { frame } of parseStack(stack)) {
    if (frame && isApplicationFrame(frame)) {
      return { key: `${frame.url}:${frame.line}:${frame.column}`, frame };
    }
  }
  return null;
}

/** "fn (file.js:12:5)" — the short label used in tables; the full URL is in the title. */
export function frameLabel(frame: StackFrame): string {
  const file = fileName(frame.url);
  const where = `${file}:${frame.line}:${frame.column}`;
  return frame.fn ? `${frame.fn} (${where})` : where;
}

export function fileName(url: string): string {
  const noQuery = url.replace(/[?#].*$/, '');
  const slash = noQuery.lastIndexOf('/');
  const name = slash === -1 ? noQuery : noQuery.slice(slash + 1);
  return name || noQuery;
}

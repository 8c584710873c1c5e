/**
 * Generated stack positions → original file:line, through the page's own source maps.
 *
 * The script's text comes from the inspected page's resources (DevTools already holds it), its
 * `//# sourceMappingURL=` names the map: a `data:` URL is decoded here, any other URL must be on
 * the script's origin and is read by `readMap`. Each script is looked up once (the promise is
 * cached by script URL, failures included) and both texts are capped, so a huge bundle or map
 * costs one bounded read and never blocks a render. Mapping uses @jridgewell/trace-mapping
 * (https://github.com/jridgewell/sourcemaps/tree/main/packages/trace-mapping).
 */
import { originalPositionFor, TraceMap } from '@jridgewell/trace-mapping';

/** Bundles larger than this are not scanned for their map comment. */
export const MAX_SCRIPT_CHARS = 8 * 1024 * 1024;
/** Maps larger than this are not parsed. */
export const MAX_MAP_CHARS = 16 * 1024 * 1024;
/** Scripts whose lookup result is kept (oldest dropped first). */
export const MAX_CACHED_SCRIPTS = 64;

export interface GeneratedPosition {
  readonly url: string;
  /** 1-based, as V8 prints it. */
  readonly line: number;
  /** 1-based, as V8 prints it. */
  readonly column: number;
}

export interface OriginalPosition {
  /** The original source, resolved against the map's URL (or the script's, for a data: map). */
  readonly url: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based, like the generated position. */
  readonly column: number;
  readonly name: string | null;
}

export interface SourceMapIo {
  /** The script's text as the page loaded it, or null when the page has no such resource. */
  readScript(url: string): Promise<string | null>;
  /** The text at a same-origin map URL, or null when it cannot be read. */
  readMap(url: string): Promise<string | null>;
}

export interface SourceMapResolver {
  /** The original position, or null when the frame has no usable map. Never rejects. */
  resolve(position: GeneratedPosition): Promise<OriginalPosition | null>;
}

const MAP_COMMENT = /[#@]\s*sourceMappingURL=([^\s'"]+)\s*(?:\*\/)?\s*$/;

/** The last `sourceMappingURL` comment of a script (bundlers append it; earlier ones are stale). */
export function sourceMappingUrlOf(script: string): string | null {
  // Only the tail can hold the comment that applies; scanning from the end keeps this cheap.
  const lines = script.slice(-4096).split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = (lines[i] ?? '').trim();
    if (line === '') continue;
    if (!line.startsWith('//') && !line.startsWith('/*')) continue;
    const match = MAP_COMMENT.exec(line);
    if (match?.[1]) return match[1];
  }
  return null;
}

/** The JSON text of a `data:` URL map (base64 or percent-encoded), or null. */
export function decodeDataUrl(url: string): string | null {
  const comma = url.indexOf(',');
  if (!url.startsWith('data:') || comma === -1) return null;
  const meta = url.slice(5, comma);
  const body = url.slice(comma + 1);
  try {
    if (!/;base64$/i.test(meta)) return decodeURIComponent(body);
    const binary = atob(body);
    const bytes = Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
    return new TextDecoder().decode(bytes);
  } catch {
    // A malformed data URL is the page's mistake: the frame keeps its generated position.
    return null;
  }
}

function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    // Not absolute URLs (eval'd code, about:blank): nothing to compare, so nothing to read.
    return false;
  }
}

async function loadMap(io: SourceMapIo, scriptUrl: string): Promise<TraceMap | null> {
  const script = await io.readScript(scriptUrl);
  if (script === null || script.length > MAX_SCRIPT_CHARS) return null;
  const ref = sourceMappingUrlOf(script);
  if (!ref) return null;
  let text: string | null;
  let mapUrl: string;
  if (ref.startsWith('data:')) {
    text = decodeDataUrl(ref);
    mapUrl = scriptUrl;
  } else {
    mapUrl = new URL(ref, scriptUrl).href;
    // A cross-origin map is the page's business: the panel reads only what the page's origin serves.
    if (!sameOrigin(mapUrl, scriptUrl)) return null;
    text = await io.readMap(mapUrl);
  }
  if (text === null || text.length > MAX_MAP_CHARS) return null;
  return new TraceMap(text, mapUrl);
}

export function createSourceMapResolver(io: SourceMapIo): SourceMapResolver {
  const maps = new Map<string, Promise<TraceMap | null>>();
  const mapFor = (url: string): Promise<TraceMap | null> => {
    let entry = maps.get(url);
    if (!entry) {
      entry = loadMap(io, url).catch(() => null);
      maps.set(url, entry);
      if (maps.size > MAX_CACHED_SCRIPTS) {
        const oldest = maps.keys().next().value;
        if (oldest !== undefined) maps.delete(oldest);
      }
    }
    return entry;
  };
  return {
    async resolve(position) {
      if (!/^https?:/.test(position.url)) return null;
      const map = await mapFor(position.url);
      if (!map) return null;
      const found = originalPositionFor(map, {
        line: position.line,
        column: Math.max(0, position.column - 1),
      });
      if (found.source === null) return null;
      return { url: found.source, line: found.line, column: found.column + 1, name: found.name };
    },
  };
}

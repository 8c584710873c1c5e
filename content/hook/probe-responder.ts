/**
 * The "Why CLOSED?" probe's page side (network capture off): the panel holds only redacted URLs,
 * so it asks the hook to re-request one. The hook remembers, for the connections it redacted, the
 * real URL behind the redacted one (a bounded ring: strings only, never a page object), fetches it
 * with the page's own origin, cookies and CORS rules, and answers with status, status text,
 * content type and — for a refused stream only — a capped body with its secrets redacted. The
 * real URL and anything secret stay in the page.
 *
 * Runs only on the user's click (`relay:probe`): nothing here is on a hot path except
 * `remember`, which costs a string comparison per construction and a store when redacted.
 * Natives are captured at install, before the fetch patch: our request is not a page stream.
 */
import { LIMITS, REDACTED } from '../../src/protocol/limits';
import type { PageProbeResultMessage, ProbeAnswer } from '../../src/protocol/messages';
import { PROTOCOL_VERSION, SOURCE } from '../../src/protocol/version';
import { NO_ARGS, type AnyFn, type Natives } from './natives';

/** Redacted URLs remembered (the newest; an older one answers `unknown-url`). */
export const PROBE_URLS_KEPT = 128;
/** The probe's own request gives up after this long (the relay waits a little longer). */
export const PROBE_TIMEOUT_MS = 5_000;
/** Names whose values are redacted in bodies whatever the settings (as the panel's capture). */
const ALWAYS_SECRET = ['password', 'secret', 'api_key', 'apikey', 'session', 'jwt'];

export interface ProbeResponder {
  /** The hook redacted `real` into `redacted`: keep the pair for a later probe. */
  remember(redacted: string, real: string): void;
  /** Runs one probe; never throws. */
  probe(probeId: string, url: string, withCredentials: boolean): void;
}

export interface ProbeResponderOptions {
  readonly win: typeof globalThis;
  readonly natives: Natives;
  /** The query parameter names the user redacts (the hook's current settings). */
  readonly redactParams: () => readonly string[];
  readonly post: (message: PageProbeResultMessage) => void;
}

export function createProbeResponder(options: ProbeResponderOptions): ProbeResponder {
  const { win, natives } = options;
  const { apply, strSlice, strIndexOf, strToLowerCase, arrJoin } = natives;
  // Captured now: the page (and our own fetch patch) may replace them later.
  const fetchFn = win.fetch as AnyFn | undefined;
  const Abort = win.AbortController;
  const Decoder = win.TextDecoder;
  const Rx = win.RegExp;
  const replaceFn = win.String.prototype.replace as AnyFn;
  const headersGet = win.Headers?.prototype.get as AnyFn | undefined;
  const keys: string[] = [];
  const urls = natives.map<string, string>();
  let next = 0;

  const lower = (s: string): string => apply(strToLowerCase, s, NO_ARGS) as string;
  const replace = (s: string, rx: RegExp, fn: AnyFn): string =>
    apply(replaceFn, s, [rx, fn]) as string;

  /** JSON fields, name=value pairs and Bearer credentials (same rules as panel/network/redact-body.ts). */
  function redactBody(text: string): string {
    const params = options.redactParams();
    const names: string[] = [];
    for (let i = 0; i < params.length; i++)
      names[names.length] = replace(
        lower(params[i] as string),
        new Rx('[.*+?^${}()|[\\]\\\\]', 'g'),
        (m: string) => `\\${m}`,
      );
    for (let i = 0; i < ALWAYS_SECRET.length; i++) names[names.length] = ALWAYS_SECRET[i] as string;
    const alt = apply(arrJoin, names, ['|']) as string;
    let out = replace(
      text,
      new Rx(`("(?:${alt})"\\s*:\\s*)("(?:[^"\\\\]|\\\\.)*"|[^,}\\]\\s]+)`, 'gi'),
      (_m: string, head: string) => `${head}"${REDACTED}"`,
    );
    out = replace(
      out,
      new Rx(`(^|[?&;,\\s])((?:${alt})=)[^&;,\\s"'<>]*`, 'gi'),
      (_m: string, lead: string, head: string) => `${lead}${head}${REDACTED}`,
    );
    return replace(
      out,
      new Rx('(\\bBearer\\s+)[A-Za-z0-9\\-._~+/]+=*', 'gi'),
      (_m: string, head: string) => `${head}${REDACTED}`,
    );
  }

  const clip = (s: string, n: number): string =>
    s.length > n ? (apply(strSlice, s, [0, n]) as string) : s;

  function answer(probeId: string, a: ProbeAnswer): void {
    try {
      options.post({
        source: SOURCE,
        version: PROTOCOL_VERSION,
        kind: 'page:probe-result',
        probeId,
        answer: a,
      });
    } catch {
      // The channel is gone (the extension was reloaded): nobody waits for the answer any more.
    }
  }

  /** Up to `LIMITS.maxProbeBody` characters of the body, then the rest is canceled. */
  async function readCapped(response: Response): Promise<{ text: string; cut: boolean }> {
    const body = response.body;
    if (!body) return { text: '', cut: false };
    const reader = body.getReader();
    const decoder = new Decoder();
    let text = '';
    for (;;) {
      const chunk = await reader.read();
      if (chunk.done) return { text: text + decoder.decode(), cut: false };
      text += decoder.decode(chunk.value, { stream: true });
      if (text.length > LIMITS.maxProbeBody) {
        void reader.cancel().catch(() => undefined);
        return { text: clip(text, LIMITS.maxProbeBody), cut: true };
      }
    }
  }

  async function run(probeId: string, url: string, withCredentials: boolean): Promise<void> {
    const real = urls.get(url) ?? url;
    // A redacted URL the hook no longer (or never) knew: requesting it would send "[redacted]".
    if ((apply(strIndexOf, real, [REDACTED]) as number) >= 0 || fetchFn === undefined) {
      answer(probeId, { kind: 'unknown-url' });
      return;
    }
    const controller = new Abort();
    const timer = natives.setTimeout(() => controller.abort(), PROBE_TIMEOUT_MS);
    try {
      const response = (await apply(fetchFn, win, [
        real,
        {
          method: 'GET',
          credentials: withCredentials ? 'include' : 'same-origin',
          cache: 'no-store',
          signal: controller.signal,
          headers: { Accept: 'text/event-stream' },
        },
      ])) as Response;
      const type = headersGet
        ? (apply(headersGet, response.headers, ['content-type']) as string | null)
        : null;
      const contentType = clip(type ?? '', LIMITS.maxLabel);
      const ok = response.status >= 200 && response.status <= 299;
      const stream = (apply(strIndexOf, lower(contentType), ['text/event-stream']) as number) === 0;
      // A working stream is not read (it would never end): its headers are the answer.
      const body = ok && stream ? { text: '', cut: false } : await readCapped(response);
      answer(probeId, {
        kind: 'response',
        status: response.status,
        statusText: clip(response.statusText, LIMITS.maxLabel),
        contentType,
        redirected: response.redirected,
        body: clip(redactBody(body.text), LIMITS.maxProbeBody),
        bodyCut: body.cut,
      });
    } catch (error) {
      answer(probeId, {
        kind: 'network-error',
        message: clip(
          natives.String((error as { message?: unknown } | null)?.message ?? error),
          LIMITS.maxLabel,
        ),
      });
    } finally {
      natives.clearTimeout(timer);
      // The stream (if it is one) must not stay open as one more connection of the page.
      controller.abort();
    }
  }

  return {
    remember(redacted, real) {
      if (redacted === real) return;
      // The same redacted URL again (another token, same endpoint): the newest real one wins.
      if (urls.has(redacted)) {
        urls.set(redacted, real);
        return;
      }
      const old = keys[next];
      if (old !== undefined) urls.delete(old);
      keys[next] = redacted;
      next = (next + 1) % PROBE_URLS_KEPT;
      urls.set(redacted, real);
    },
    probe(probeId, url, withCredentials) {
      run(probeId, url, withCredentials).catch(() => {
        // run() answers every failure itself; this only keeps a bug of ours out of the page.
      });
    },
  };
}

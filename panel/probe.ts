/**
 * Opt-in check of why a stream was refused: ask the page itself to GET the URL (same origin,
 * cookies and CORS rules as its EventSource), read status and Content-Type, then abort so the
 * request does not stay open as one more stream.
 *
 * `inspectedWindow.eval` cannot await, so the probe starts the request, parks the result on a
 * page global with a random name and the panel polls that global, then deletes it.
 */
import type { DevtoolsApi } from './devtools-api';
import { isRedactedUrl } from './endpoint';

export type ProbeResult =
  | {
      readonly kind: 'response';
      readonly status: number;
      readonly contentType: string;
      readonly redirected: boolean;
      /** From the hook's probe (./hook-probe.ts): the page-eval probe reads neither. */
      readonly statusText?: string;
      /** Redacted, capped; read only when the stream was refused. */
      readonly body?: string;
      readonly bodyCut?: boolean;
    }
  | { readonly kind: 'network-error'; readonly message: string }
  | { readonly kind: 'redacted' }
  | { readonly kind: 'unavailable'; readonly message: string };

export interface ProbeOptions {
  readonly url: string;
  readonly withCredentials: boolean;
  readonly frameUrl?: string;
  readonly api: DevtoolsApi;
  readonly random?: () => number;
  readonly wait?: (ms: number) => Promise<void>;
  readonly attempts?: number;
}

export function probeExpression(slot: string, url: string, withCredentials: boolean): string {
  const s = JSON.stringify(slot);
  const u = JSON.stringify(url);
  const credentials = withCredentials ? "'include'" : "'same-origin'";
  return `(() => {
    const c = new AbortController();
    window[${s}] = { done: false };
    fetch(${u}, { method: 'GET', credentials: ${credentials}, cache: 'no-store', signal: c.signal,
                  headers: { Accept: 'text/event-stream' } })
      .then((r) => { window[${s}] = { done: true, status: r.status, contentType: r.headers.get('content-type') || '', redirected: r.redirected }; c.abort(); },
            (e) => { window[${s}] = { done: true, error: String(e && e.message || e) }; });
    return true;
  })()`;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function probeStream(options: ProbeOptions): Promise<ProbeResult> {
  if (isRedactedUrl(options.url)) return { kind: 'redacted' };
  const { api } = options;
  const wait = options.wait ?? sleep;
  const slot = `__sseDevtoolsProbe_${Math.floor((options.random ?? Math.random)() * 1e9)}`;
  const started = await api.evalInPage(
    probeExpression(slot, options.url, options.withCredentials),
    options.frameUrl,
  );
  if (started.error !== undefined) return { kind: 'unavailable', message: started.error };
  const attempts = options.attempts ?? 50;
  try {
    for (let i = 0; i < attempts; i++) {
      await wait(100);
      const read = await api.evalInPage(`window[${JSON.stringify(slot)}]`, options.frameUrl);
      if (read.error !== undefined) return { kind: 'unavailable', message: read.error };
      const v = read.value as Record<string, unknown> | undefined;
      if (!v || v.done !== true) continue;
      if (typeof v.error === 'string') return { kind: 'network-error', message: v.error };
      return {
        kind: 'response',
        status: typeof v.status === 'number' ? v.status : 0,
        contentType: typeof v.contentType === 'string' ? v.contentType : '',
        redirected: v.redirected === true,
      };
    }
    return { kind: 'unavailable', message: 'timeout' };
  } finally {
    await api.evalInPage(`delete window[${JSON.stringify(slot)}]`, options.frameUrl);
  }
}

/** Plain-language reading of a probe. */
export type ProbeVerdict = 'notOk' | 'wrongType' | 'looksFine' | 'corsOrNetwork';

export function probeVerdict(result: ProbeResult): ProbeVerdict | null {
  if (result.kind === 'network-error') return 'corsOrNetwork';
  if (result.kind !== 'response') return null;
  if (result.status !== 200) return 'notOk';
  if (!result.contentType.toLowerCase().startsWith('text/event-stream')) return 'wrongType';
  return 'looksFine';
}

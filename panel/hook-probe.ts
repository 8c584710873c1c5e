/**
 * The fallback "Why CLOSED?" probe through the page hook (network capture off): the panel holds
 * only the redacted URL, the hook in the connection's document holds the real one. The panel
 * sends `panel:probe` (its URL, credentials mode and document) over its port; the worker forwards
 * it to that document's relay, the relay to the hook, and the answer comes back the same way as
 * `bg:probe-result`, validated at every hop (src/protocol/guards.ts). Only status, status text,
 * content type and a capped body the hook already redacted ever arrive; the body is redacted here
 * once more with the panel's own rules (panel/network/redact-body.ts).
 */
import { createContext, useContext } from 'react';
import {
  envelope,
  type BackgroundProbeResultMessage,
  type PanelProbeMessage,
} from '../src/protocol';
import { redactBody } from './network/redact-body';
import type { ProbeResult } from './probe';

/** How long the panel waits for the hook's answer (the hook's fetch gives up after 5 s). */
export const HOOK_PROBE_TIMEOUT_MS = 10_000;

export interface HookProbeRequest {
  readonly url: string;
  readonly withCredentials: boolean;
  readonly documentId: string;
}

export interface HookProbe {
  request(request: HookProbeRequest): Promise<ProbeResult>;
  /** Feed every `bg:probe-result` here. */
  answered(message: BackgroundProbeResultMessage): void;
}

export interface HookProbeOptions {
  /** Posts to the worker; false when the port is not connected. */
  readonly send: (message: PanelProbeMessage) => boolean;
  readonly redactParams: () => readonly string[];
  readonly random?: () => number;
  readonly setTimeout?: (fn: () => void, ms: number) => unknown;
  readonly clearTimeout?: (handle: unknown) => void;
  readonly timeoutMs?: number;
}

export function createHookProbe(options: HookProbeOptions): HookProbe {
  const random = options.random ?? Math.random;
  const later = options.setTimeout ?? ((fn, ms) => setTimeout(fn, ms));
  const cancel = options.clearTimeout ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  const pending = new Map<string, { resolve: (r: ProbeResult) => void; timer: unknown }>();

  function settle(probeId: string, result: ProbeResult): void {
    const waiting = pending.get(probeId);
    if (!waiting) return;
    pending.delete(probeId);
    cancel(waiting.timer);
    waiting.resolve(result);
  }

  return {
    request(request) {
      const probeId = `p${Math.floor(random() * 1e12).toString(36)}`;
      return new Promise<ProbeResult>((resolve) => {
        const timer = later(
          () => settle(probeId, { kind: 'unavailable', message: 'timeout' }),
          options.timeoutMs ?? HOOK_PROBE_TIMEOUT_MS,
        );
        pending.set(probeId, { resolve, timer });
        const sent = options.send(envelope('panel:probe', { probeId, ...request }));
        if (!sent) settle(probeId, { kind: 'unavailable', message: 'not connected' });
      });
    },
    answered(message) {
      const a = message.answer;
      if (a.kind === 'response')
        settle(message.probeId, {
          kind: 'response',
          status: a.status,
          statusText: a.statusText,
          contentType: a.contentType,
          redirected: a.redirected,
          body: redactBody(a.body, options.redactParams()),
          bodyCut: a.bodyCut,
        });
      else if (a.kind === 'network-error')
        settle(message.probeId, { kind: 'network-error', message: a.message });
      else settle(message.probeId, { kind: 'redacted' });
    },
  };
}

const HookProbeContext = createContext<HookProbe | null>(null);
/** Absent (unit tests, the panel opened outside DevTools): the page-eval probe is the fallback. */
export const HookProbeProvider = HookProbeContext.Provider;
export const useHookProbe = (): HookProbe | null => useContext(HookProbeContext);

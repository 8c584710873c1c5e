import { describe, expect, test } from 'vitest';
import { envelope, type PanelProbeMessage } from '../src/protocol';
import { createHookProbe } from './hook-probe';

function setup(connected = true) {
  const sent: PanelProbeMessage[] = [];
  const timers: Array<() => void> = [];
  const probe = createHookProbe({
    send: (m) => (sent.push(m), connected),
    redactParams: () => ['token'],
    random: () => 0.5,
    setTimeout: (fn) => timers.push(fn),
    clearTimeout: () => undefined,
  });
  return { probe, sent, timers };
}

describe('the panel side of the hook probe', () => {
  test('asks by URL and document, and resolves with the answer of the same id, redacted again', async () => {
    const { probe, sent } = setup();
    const result = probe.request({
      url: 'http://h/s?token=[redacted]',
      withCredentials: true,
      documentId: 'D',
    });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ kind: 'panel:probe', documentId: 'D', withCredentials: true });
    probe.answered(
      envelope('bg:probe-result', {
        probeId: 'someone else',
        answer: { kind: 'unknown-url' as const },
      }),
    );
    probe.answered(
      envelope('bg:probe-result', {
        probeId: sent[0]!.probeId,
        answer: {
          kind: 'response' as const,
          status: 401,
          statusText: 'Unauthorized',
          contentType: 'application/json',
          redirected: false,
          body: 'token=abc',
          bodyCut: false,
        },
      }),
    );
    await expect(result).resolves.toMatchObject({
      kind: 'response',
      status: 401,
      body: 'token=[redacted]',
    });
  });

  test('gives up after the timeout, and at once when the port is not connected', async () => {
    const a = setup();
    const waiting = a.probe.request({ url: 'u', withCredentials: false, documentId: 'D' });
    a.timers[0]!();
    await expect(waiting).resolves.toEqual({ kind: 'unavailable', message: 'timeout' });
    const b = setup(false);
    await expect(
      b.probe.request({ url: 'u', withCredentials: false, documentId: 'D' }),
    ).resolves.toEqual({
      kind: 'unavailable',
      message: 'not connected',
    });
  });
});

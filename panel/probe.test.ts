import { describe, expect, test } from 'vitest';
import type { DevtoolsApi, EvalResult } from './devtools-api';
import { probeExpression, probeStream, probeVerdict } from './probe';

/** A page whose probe global reads `pending` times as not done, then `result`. */
function fakePage(result: Record<string, unknown> | null, pending = 1) {
  const calls: string[] = [];
  let reads = 0;
  const api: DevtoolsApi = {
    tabId: 1,
    themeName: 'default',
    openResource: () => Promise.resolve(),
    reloadInspectedPage: () => undefined,
    onNavigated: () => () => undefined,
    readResource: () => Promise.resolve(null),
    readSameOrigin: () => Promise.resolve(null),
    onThemeChange: () => () => undefined,
    openInNewTab: () => false,
    evalInPage(expression): Promise<EvalResult> {
      calls.push(expression);
      if (expression.startsWith('window[')) {
        reads += 1;
        return Promise.resolve({ value: reads <= pending ? { done: false } : result });
      }
      return Promise.resolve({ value: true });
    },
  };
  return { api, calls };
}
const noWait = () => Promise.resolve();

describe('probe', () => {
  test('refuses to re-request a URL whose parameters were redacted', async () => {
    const { api, calls } = fakePage(null);
    const result = await probeStream({
      api,
      url: 'http://h/sse?token=[redacted]',
      withCredentials: false,
      wait: noWait,
    });
    expect(result).toEqual({ kind: 'redacted' });
    expect(calls).toEqual([]);
  });

  test('reads status and content type, then removes its page global', async () => {
    const { api, calls } = fakePage(
      { done: true, status: 401, contentType: 'application/json', redirected: false },
      2,
    );
    const result = await probeStream({
      api,
      url: 'http://h/sse',
      withCredentials: false,
      wait: noWait,
      random: () => 0.5,
    });
    expect(result).toEqual({
      kind: 'response',
      status: 401,
      contentType: 'application/json',
      redirected: false,
    });
    expect(probeVerdict(result)).toBe('notOk');
    expect(calls.at(-1)).toBe('delete window["__sseDevtoolsProbe_500000000"]');
  });

  test('reports a failed fetch as CORS or network', async () => {
    const { api } = fakePage({ done: true, error: 'Failed to fetch' });
    const result = await probeStream({
      api,
      url: 'http://other/sse',
      withCredentials: true,
      wait: noWait,
    });
    expect(probeVerdict(result)).toBe('corsOrNetwork');
  });

  test('calls a 200 that is not text/event-stream a wrong type', () => {
    expect(
      probeVerdict({ kind: 'response', status: 200, contentType: 'text/html', redirected: false }),
    ).toBe('wrongType');
    expect(
      probeVerdict({
        kind: 'response',
        status: 200,
        contentType: 'text/event-stream; charset=utf-8',
        redirected: false,
      }),
    ).toBe('looksFine');
  });

  test('embeds the URL as a JSON string literal, never as code', () => {
    const expression = probeExpression('slot', `x'); alert(1); ('`, false);
    expect(expression).toContain(JSON.stringify(`x'); alert(1); ('`));
  });
});

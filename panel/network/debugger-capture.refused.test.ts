import { describe, expect, it } from 'vitest';
import {
  createNetworkCaptureController,
  type DebuggerApi,
  type DebuggerTarget,
} from './debugger-capture';

/** A debugger whose Fetch.getResponseBody answers `body` (or fails when it is an Error). */
function fakeApi(body: object | Error) {
  const calls: string[] = [];
  let onEvent: ((s: DebuggerTarget, m: string, p: unknown) => void) | null = null;
  const api: DebuggerApi = {
    hasPermission: () => Promise.resolve(true),
    requestPermission: () => Promise.resolve(true),
    attach: () => Promise.resolve(),
    detach: () => Promise.resolve(),
    sendCommand: (t, m, params) => {
      calls.push(`${t.sessionId ?? 'tab'} ${m} ${JSON.stringify(params ?? {})}`);
      if (m === 'Fetch.getResponseBody')
        return body instanceof Error ? Promise.reject(body) : Promise.resolve(body);
      return Promise.resolve({});
    },
    onEvent: (l) => ((onEvent = l), () => (onEvent = null)),
    onDetach: () => () => undefined,
  };
  return { api, calls, emit: (s: DebuggerTarget, m: string, p: unknown) => onEvent?.(s, m, p) };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

async function started(body: object | Error, redactParams?: () => readonly string[]) {
  const f = fakeApi(body);
  const c = createNetworkCaptureController({
    api: f.api,
    tabId: 7,
    onCapture: () => undefined,
    onStatus: () => undefined,
    ...(redactParams ? { redactParams } : {}),
  });
  c.turnOnFromClick();
  await flush();
  await flush();
  f.emit({ tabId: 7 }, 'Network.requestWillBeSent', {
    requestId: 'N1',
    request: { url: 'http://x/sse?token=abc', method: 'GET', headers: {} },
    timestamp: 1,
    wallTime: 2,
    type: 'EventSource',
  });
  f.calls.length = 0;
  return { f, c };
}

describe('the body of a refused EventSource, read while Chrome holds its response', () => {
  it('reads a 401’s body into its stream (redacted), then lets the response go on', async () => {
    const { f, c } = await started({ body: '{"token":"abc"}', base64Encoded: false });
    f.emit({ tabId: 7 }, 'Fetch.requestPaused', {
      requestId: 'I1',
      networkId: 'N1',
      responseStatusCode: 401,
    });
    await flush();
    expect(f.calls).toEqual([
      'tab Fetch.getResponseBody {"requestId":"I1"}',
      'tab Fetch.continueResponse {"requestId":"I1"}',
    ]);
    expect(c.capture.streams.get('|N1')?.body?.text).toBe('{"token":"[redacted]"}');
  });

  it('lets a 200 go on at once without reading it', async () => {
    const { f } = await started({ body: 'x', base64Encoded: false });
    f.emit({ tabId: 7 }, 'Fetch.requestPaused', {
      requestId: 'I2',
      networkId: 'N1',
      responseStatusCode: 200,
    });
    expect(f.calls).toEqual(['tab Fetch.continueResponse {"requestId":"I2"}']);
  });

  it('lets the response go on when reading its body fails', async () => {
    const { f, c } = await started(new Error('canceled'));
    f.emit({ tabId: 7, sessionId: 'W' }, 'Fetch.requestPaused', {
      requestId: 'I3',
      networkId: 'N9',
      responseStatusCode: 500,
    });
    await flush();
    expect(f.calls.at(-1)).toBe('W Fetch.continueResponse {"requestId":"I3"}');
    expect(c.capture.streams.get('|N1')?.body).toBeNull();
  });

  it('redacts with the names the user set, not only the defaults', async () => {
    const { f, c } = await started(
      { body: '{"sid":"abc","token":"t"}', base64Encoded: false },
      () => ['sid'],
    );
    f.emit({ tabId: 7 }, 'Fetch.requestPaused', {
      requestId: 'I4',
      networkId: 'N1',
      responseStatusCode: 403,
    });
    await flush();
    expect(c.capture.streams.get('|N1')?.body?.text).toBe('{"sid":"[redacted]","token":"t"}');
  });
});

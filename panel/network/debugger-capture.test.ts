import { describe, expect, it } from 'vitest';
import {
  createNetworkCaptureController,
  type CaptureStatus,
  type DebuggerApi,
  type DebuggerTarget,
} from './debugger-capture';

function fakeApi(granted: boolean) {
  const calls: string[] = [];
  let onEvent: ((s: DebuggerTarget, m: string, p: unknown) => void) | null = null;
  let onDetach: ((s: DebuggerTarget, r: string) => void) | null = null;
  const api: DebuggerApi = {
    hasPermission: () => Promise.resolve(granted),
    requestPermission: () => {
      calls.push('request');
      return Promise.resolve(granted);
    },
    attach: (t) => (calls.push(`attach ${t.tabId}`), Promise.resolve()),
    detach: (t) => (calls.push(`detach ${t.tabId}`), Promise.resolve()),
    sendCommand: (t, m) => (calls.push(`${t.sessionId ?? 'tab'} ${m}`), Promise.resolve({})),
    onEvent: (l) => ((onEvent = l), () => (onEvent = null)),
    onDetach: (l) => ((onDetach = l), () => (onDetach = null)),
  };
  return {
    api,
    calls,
    emit: (s: DebuggerTarget, m: string, p: unknown) => onEvent?.(s, m, p),
    detachByChrome: (r: string) => onDetach?.({ tabId: 7 }, r),
  };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('network capture controller', () => {
  it('asks in the click, attaches to the tab only, enables workers, follows Cancel', async () => {
    const f = fakeApi(true);
    const statuses: CaptureStatus[] = [];
    let changes = 0;
    const c = createNetworkCaptureController({
      api: f.api,
      tabId: 7,
      onCapture: () => (changes += 1),
      onStatus: (s) => statuses.push(s),
    });
    c.turnOnFromClick();
    // Synchronously, inside the click: Chrome prompts only with the user's activation.
    expect(f.calls).toEqual(['request']);
    await flush();
    await flush();
    expect(f.calls).toEqual([
      'request',
      'attach 7',
      'tab Network.enable',
      'tab Fetch.enable',
      'tab Target.setAutoAttach',
    ]);
    expect(statuses.at(-1)).toBe('on');
    // Auto-attached targets wait at their start until their Network domain is on.
    f.emit({ tabId: 7 }, 'Target.attachedToTarget', {
      sessionId: 'W',
      targetInfo: { type: 'worker', url: 'http://x/w.js' },
      waitingForDebugger: true,
    });
    expect(f.calls.slice(-4)).toEqual([
      'W Network.enable',
      'W Fetch.enable',
      'W Target.setAutoAttach',
      'W Runtime.runIfWaitingForDebugger',
    ]);
    f.emit({ tabId: 7 }, 'Target.attachedToTarget', {
      sessionId: 'W2',
      targetInfo: { type: 'worker', url: 'http://x/w2.js' },
    });
    expect(f.calls.slice(-3)).toEqual([
      'W2 Network.enable',
      'W2 Fetch.enable',
      'W2 Target.setAutoAttach',
    ]);
    f.emit({ tabId: 8 }, 'Network.requestWillBeSent', {});
    expect(c.capture.invalid).toBe(0);
    f.emit({ tabId: 7, sessionId: 'W' }, 'Network.requestWillBeSent', {
      requestId: 'r',
      request: { url: 'http://x/sse', method: 'GET', headers: {} },
      timestamp: 1,
      wallTime: 2,
      type: 'EventSource',
    });
    expect(changes).toBe(1);
    f.detachByChrome('canceled_by_user');
    expect(statuses.at(-1)).toBe('canceled');
  });

  it("marks when it starts seeing requests: once the tab's Network domain answered", async () => {
    const f = fakeApi(true);
    const c = createNetworkCaptureController({
      api: f.api,
      tabId: 7,
      onCapture: () => {},
      onStatus: () => {},
      now: () => (f.calls.includes('tab Network.enable') ? 2_000 : 1_000),
    });
    expect(c.capture.since).toBe(0);
    c.turnOnFromClick();
    await flush();
    await flush();
    expect(c.capture.since).toBe(2_000);
  });

  it('a refused prompt is "denied"; a remembered choice without the permission never prompts', async () => {
    const f = fakeApi(false);
    const statuses: CaptureStatus[] = [];
    const c = createNetworkCaptureController({
      api: f.api,
      tabId: 7,
      onCapture: () => undefined,
      onStatus: (s) => statuses.push(s),
    });
    c.restore();
    await flush();
    expect(f.calls).toEqual([]);
    expect(statuses.at(-1)).toBe('needsPermission');
    c.turnOnFromClick();
    await flush();
    expect(statuses.at(-1)).toBe('denied');
    expect(f.calls).toEqual(['request']);
  });

  it('turning off detaches', async () => {
    const f = fakeApi(true);
    const c = createNetworkCaptureController({
      api: f.api,
      tabId: 7,
      onCapture: () => undefined,
      onStatus: () => undefined,
    });
    c.turnOnFromClick();
    await flush();
    await flush();
    c.turnOff();
    expect(f.calls.at(-1)).toBe('detach 7');
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createNetworkCaptureController,
  SHARED_WORKER_SCAN_MS,
  type DebuggerApi,
  type DebuggerSource,
  type DebuggerTarget,
  type DebuggerTargetInfo,
} from './debugger-capture';

const PAGE: DebuggerTargetInfo = {
  id: 'P',
  type: 'page',
  url: 'http://a.test/app',
  title: 'app',
  tabId: 7,
};
const SHARED: DebuggerTargetInfo = {
  id: 'S',
  type: 'worker',
  url: 'http://a.test/s.js',
  title: '',
};
const SERVICE: DebuggerTargetInfo = {
  id: 'SW',
  type: 'worker',
  url: 'http://a.test/sw.js',
  title: 'Service Worker http://a.test/sw.js',
};
const OTHER_ORIGIN: DebuggerTargetInfo = {
  id: 'O',
  type: 'worker',
  url: 'http://b.test/s.js',
  title: '',
};

function fakeApi(targets: DebuggerTargetInfo[]) {
  const calls: string[] = [];
  let onEvent: ((s: DebuggerSource, m: string, p: unknown) => void) | null = null;
  let onDetach: ((s: DebuggerSource, r: string) => void) | null = null;
  const name = (t: DebuggerTarget) => t.targetId ?? t.sessionId ?? `tab ${t.tabId}`;
  const api: DebuggerApi = {
    hasPermission: () => Promise.resolve(true),
    requestPermission: () => Promise.resolve(true),
    attach: (t) => (calls.push(`attach ${name(t)}`), Promise.resolve()),
    detach: (t) => (calls.push(`detach ${name(t)}`), Promise.resolve()),
    sendCommand: (t, m) => (calls.push(`${name(t)} ${m}`), Promise.resolve({})),
    onEvent: (l) => ((onEvent = l), () => (onEvent = null)),
    onDetach: (l) => ((onDetach = l), () => (onDetach = null)),
    getTargets: () => Promise.resolve(targets),
  };
  return {
    api,
    calls,
    emit: (s: DebuggerSource, m: string, p: unknown) => onEvent?.(s, m, p),
    detachByChrome: (s: DebuggerSource, r: string) => onDetach?.(s, r),
  };
}

/** Lets the controller's promise chains run (fake timers do not run microtasks by themselves). */
const settle = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

describe('network capture: shared workers', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("attaches the page origin's shared workers by id, folds their events under the worker, detaches them when off", async () => {
    const targets = [PAGE, SERVICE, OTHER_ORIGIN];
    const f = fakeApi(targets);
    let changes = 0;
    const c = createNetworkCaptureController({
      api: f.api,
      tabId: 7,
      onCapture: () => (changes += 1),
      onStatus: () => undefined,
    });
    c.restore();
    await settle();
    // Neither the service worker nor another origin's worker is touched.
    expect(f.calls.filter((x) => x.startsWith('attach'))).toEqual(['attach tab 7']);

    // A shared worker the page starts later is found by the next listing.
    targets.push(SHARED);
    await vi.advanceTimersByTimeAsync(SHARED_WORKER_SCAN_MS);
    await settle();
    expect(f.calls).toContain('attach S');
    expect(f.calls).toContain('S Network.enable');
    await vi.advanceTimersByTimeAsync(SHARED_WORKER_SCAN_MS * 3);
    await settle();
    expect(f.calls.filter((x) => x === 'attach S')).toHaveLength(1);

    f.emit({ targetId: 'S' }, 'Network.requestWillBeSent', {
      requestId: 'r1',
      request: { url: 'http://a.test/events', method: 'GET', headers: {} },
      timestamp: 1,
      wallTime: 1_000,
      type: 'EventSource',
    });
    expect(changes).toBe(1);
    const [stream] = c.capture.streams.values();
    expect(stream?.target).toEqual({
      sessionId: 'shared:S',
      type: 'shared_worker',
      url: SHARED.url,
    });
    // Events of a target we did not attach are not ours.
    f.emit({ targetId: 'O' }, 'Network.requestWillBeSent', {
      requestId: 'r2',
      request: { url: 'http://b.test/events', method: 'GET', headers: {} },
      timestamp: 1,
      wallTime: 1_000,
      type: 'EventSource',
    });
    expect(c.capture.streams.size).toBe(1);

    c.turnOff();
    expect(f.calls).toContain('detach S');
    expect(f.calls).toContain('detach tab 7');
    const listed = f.calls.length;
    await vi.advanceTimersByTimeAsync(SHARED_WORKER_SCAN_MS * 5);
    await settle();
    expect(f.calls).toHaveLength(listed);
  });

  it('a shared worker that ends is forgotten, and found again if it comes back', async () => {
    const targets = [PAGE, SHARED];
    const f = fakeApi(targets);
    const c = createNetworkCaptureController({
      api: f.api,
      tabId: 7,
      onCapture: () => undefined,
      onStatus: () => undefined,
    });
    c.restore();
    await settle();
    await vi.advanceTimersByTimeAsync(SHARED_WORKER_SCAN_MS);
    await settle();
    expect(f.calls.filter((x) => x === 'attach S')).toHaveLength(1);
    f.detachByChrome({ targetId: 'S' }, 'target_closed');
    await vi.advanceTimersByTimeAsync(SHARED_WORKER_SCAN_MS);
    await settle();
    expect(f.calls.filter((x) => x === 'attach S')).toHaveLength(2);
    c.turnOff();
  });
});

import { describe, expect, it } from 'vitest';
import type { PortLike } from '../messaging/port';
import { panelPortName } from '../protocol/ports';
import { createCaptureRelease, type CaptureDebugger } from './capture-release';

function port(name: string) {
  let gone: (() => void) | null = null;
  const p: PortLike = {
    name,
    postMessage: () => undefined,
    onMessage: () => () => undefined,
    onDisconnect: (cb) => ((gone = () => cb()), () => undefined),
    disconnect: () => undefined,
  };
  return { port: p, close: () => gone?.() };
}

function fakeDebugger() {
  const calls: string[] = [];
  const dbg: CaptureDebugger = {
    detachTab: (tabId) => (calls.push(`tab ${tabId}`), Promise.resolve()),
    detachTarget: (id) => (calls.push(`target ${id}`), Promise.resolve()),
    targets: () =>
      Promise.resolve([
        { id: 'P1', type: 'page', url: 'http://a.test/', title: '', tabId: 1 },
        { id: 'P2', type: 'page', url: 'http://a.test/other', title: '', tabId: 2 },
        { id: 'S', type: 'worker', url: 'http://a.test/s.js', title: '' },
        { id: 'SW', type: 'worker', url: 'http://a.test/sw.js', title: 'Service Worker x' },
        { id: 'O', type: 'worker', url: 'http://b.test/s.js', title: '' },
      ]),
  };
  return { dbg, calls };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('capture release (service worker)', () => {
  it("detaches the tab and its origin's shared workers when the tab's last panel goes", async () => {
    const f = fakeDebugger();
    const release = createCaptureRelease(() => f.dbg);
    const a = port(panelPortName(1));
    const b = port(panelPortName(1));
    release.handleConnect(a.port);
    release.handleConnect(b.port);
    a.close();
    await settle();
    expect(f.calls).toEqual([]);
    b.close();
    await settle();
    expect(f.calls).toEqual(['tab 1', 'target S']);
  });

  it('leaves the shared workers to a panel still open on a tab of the same origin', async () => {
    const f = fakeDebugger();
    const release = createCaptureRelease(() => f.dbg);
    const one = port(panelPortName(1));
    const two = port(panelPortName(2));
    release.handleConnect(one.port);
    release.handleConnect(two.port);
    one.close();
    await settle();
    expect(f.calls).toEqual(['tab 1']);
  });

  it('does nothing without the permission, and ignores ports that are not panels', async () => {
    const release = createCaptureRelease(() => null);
    const p = port(panelPortName(1));
    release.handleConnect(p.port);
    p.close();
    await settle();
    const f = fakeDebugger();
    const other = createCaptureRelease(() => f.dbg);
    const relay = port('relay');
    other.handleConnect(relay.port);
    relay.close();
    await settle();
    expect(f.calls).toEqual([]);
  });
});

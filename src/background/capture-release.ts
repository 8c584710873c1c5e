/**
 * Ends network capture's `chrome.debugger` attachments when the last panel of a tab goes.
 *
 * The attachment belongs to the extension, not to the panel page: it outlives the panel, and
 * Chrome's "started debugging this browser" bar with it. The panel cannot undo it on the way
 * out: when DevTools closes, a `chrome.*` call made from the panel's `pagehide` or `unload`
 * never lands (verified in Chromium 156: neither a storage write nor the detach happened; the
 * e2e in tests/e2e/network-capture-b.e2e.test.ts failed until this module). The worker sees
 * its port go, so it detaches the tab and the shared workers of the tab's origin (which capture
 * attaches by target id), unless another open panel inspects a tab of that origin.
 */
import { parsePortName } from '../protocol/ports';
import type { PortLike } from '../messaging/port';

/** The part of `chrome.debugger` this needs; absent while the optional permission is not granted. */
export interface CaptureDebugger {
  detachTab(tabId: number): Promise<void>;
  detachTarget(targetId: string): Promise<void>;
  targets(): Promise<
    ReadonlyArray<{ id: string; type: string; url: string; title: string; tabId?: number }>
  >;
}

const originOf = (url: string | undefined): string | null => {
  try {
    return url ? new URL(url).origin : null;
  } catch {
    return null;
  }
};

export function createCaptureRelease(getDebugger: () => CaptureDebugger | null) {
  /** Open panel ports per inspected tab. */
  const panels = new Map<number, number>();
  const ignore = (): void => {
    // Not attached (capture was off, or Chrome detached already): nothing to end.
  };

  async function release(tabId: number): Promise<void> {
    const dbg = getDebugger();
    if (!dbg) return;
    // First, before anything awaits: a panel reopened at once attaches after this.
    dbg.detachTab(tabId).catch(ignore);
    const targets = await dbg.targets().catch(() => []);
    const origin = originOf(targets.find((t) => t.tabId === tabId)?.url);
    if (origin === null) return;
    const watched = new Set<string>();
    for (const t of targets)
      if (t.tabId !== undefined && (panels.get(t.tabId) ?? 0) > 0) {
        const o = originOf(t.url);
        if (o !== null) watched.add(o);
      }
    if (watched.has(origin)) return;
    for (const t of targets)
      if (
        t.type === 'worker' &&
        t.tabId === undefined &&
        !t.title.startsWith('Service Worker') &&
        originOf(t.url) === origin
      )
        dbg.detachTarget(t.id).catch(ignore);
  }

  return {
    handleConnect(port: PortLike): void {
      const parsed = parsePortName(port.name);
      if (parsed?.role !== 'panel') return;
      const { tabId } = parsed;
      panels.set(tabId, (panels.get(tabId) ?? 0) + 1);
      port.onDisconnect(() => {
        const left = (panels.get(tabId) ?? 1) - 1;
        if (left > 0) {
          panels.set(tabId, left);
          return;
        }
        panels.delete(tabId);
        void release(tabId);
      });
    },
  };
}

/** `chrome.debugger`, present only once the user granted the optional permission. */
export function chromeCaptureDebugger(
  dbg: typeof chrome.debugger | undefined,
): CaptureDebugger | null {
  if (!dbg) return null;
  return {
    detachTab: (tabId) => dbg.detach({ tabId }),
    detachTarget: (targetId) => dbg.detach({ targetId }),
    targets: () => dbg.getTargets(),
  };
}

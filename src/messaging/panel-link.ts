/**
 * The DevTools panel's link to the service worker: port "panel:<tabId>", reconnecting.
 *
 * On every (re)connect it sends `panel:attach` with fresh cursors from `getCursors()` (per hook
 * session, the last seq the panel holds) and the current settings. That is what makes the stream
 * lossless across a stopped service worker or a late-opened panel: the relays attach the hooks
 * with those cursors and each hook replays everything after them. Consequently the panel store
 * must accept records idempotently: drop a record whose seq it already holds.
 *
 * Incoming messages are validated here, once: `onMessage` receives typed messages only. Each
 * invalid one is counted by reason (`rejected()`, running totals) and reported once, as an
 * increment:
 * - to `onInvalid(message, reason)` when given (the panel's store counts a protocol version
 *   mismatch apart from garbage);
 * - otherwise through `onMessage` as a synthetic `bg:rejected { reason: 'panel-link:<reason>',
 *   count: 1 }`, beside the background's refusal counters. Like every `bg:rejected`, `count` is
 *   an increment: add them up.
 *
 * Usage (panel/main.tsx):
 *   const link = createPanelLink({
 *     tabId: chrome.devtools.inspectedWindow.tabId,
 *     connect: (name) => createRuntimePort(browser.runtime, name),
 *     getCursors: () => store.getState().getCursors(),
 *     getSettings: () => store.getState().settings,
 *     onMessage: (message) => store.getState().messageReceived(message),
 *     onInvalid: (_message, reason) => store.getState().invalidReceived(reason),
 *     onStatus: (status) => store.getState().linkStatusChanged(status),
 *     isContextValid: () => isExtensionContextValid(browser.runtime),
 *   });
 *   // on a settings change: link.pushSettings(settings); when the store forgot sessions:
 *   // link.refreshCursors(); on pagehide: link.close()
 */
import {
  envelope,
  envelopeProblem,
  isBackgroundToPanel,
  panelPortName,
  type BackgroundToPanel,
  type Cursors,
  type HookSettings,
  type PanelProbeMessage,
  type RejectReason,
} from '../protocol';
import type { PortLike } from './port';
import { createReconnectingPort } from './reconnecting-port';
import type { Clock, Random, Timers } from '../shared/timers';

export type PanelLinkStatus = 'connected' | 'reconnecting' | 'closed';

export interface PanelLinkOptions {
  /** `browser.devtools.inspectedWindow.tabId`. */
  readonly tabId: number;
  /** Opens a runtime port (`(name) => createRuntimePort(browser.runtime, name)`). */
  connect(name: string): PortLike;
  /** Called on every (re)connect: last seq held per hook session. */
  getCursors(): Cursors;
  /** Called on every (re)connect: the settings the hooks should use. */
  getSettings(): HookSettings;
  /** Every valid message from the background (plus synthetic `bg:rejected`, see `onInvalid`). */
  onMessage(message: BackgroundToPanel): void;
  /** An invalid message from the background. Default: a synthetic `bg:rejected` to `onMessage`. */
  onInvalid?(message: unknown, reason: RejectReason): void;
  onStatus?(status: PanelLinkStatus): void;
  /** False once the extension context is gone (default: always valid). */
  isContextValid?(): boolean;
  /** Backoff cap, ms (default 2000: the panel should come back fast after a worker restart). */
  readonly maxDelayMs?: number;
  readonly timers?: Timers;
  readonly random?: Random;
  readonly now?: Clock;
}

export interface PanelLink {
  /**
   * Sends `panel:settings` now if connected. While disconnected nothing is queued: the attach of
   * the next connect carries `getSettings()`, so make sure it returns the new settings too.
   */
  pushSettings(settings: HookSettings): void;
  /**
   * Sends a fresh `panel:attach` now if connected. Call it when the store forgot sessions (a
   * page it dropped on navigation): the background remembers the cursors of the last attach and
   * gives them to every relay that connects later, so a document restored from the back/forward
   * cache would otherwise replay only after a cursor the panel no longer holds, and its first
   * records would be lost to the panel.
   */
  refreshCursors(): void;
  /** Asks the worker for a socket census now (`panel:census-request`), if connected. */
  requestCensus(): void;
  /** Sends a `panel:probe` (panel/hook-probe.ts); false when not connected. */
  sendProbe(message: PanelProbeMessage): boolean;
  readonly status: PanelLinkStatus;
  /** Totals of invalid messages from the background, by reason (`panel-link:shape`...). */
  rejected(): Readonly<Record<string, number>>;
  close(): void;
}

export function createPanelLink(options: PanelLinkOptions): PanelLink {
  const rejected: Record<string, number> = {};

  const handleMessage = (message: unknown): void => {
    if (isBackgroundToPanel(message)) return options.onMessage(message);
    const problem = envelopeProblem(message) ?? 'shape';
    const reason = `panel-link:${problem}`;
    rejected[reason] = (rejected[reason] ?? 0) + 1;
    if (options.onInvalid) return options.onInvalid(message, problem);
    options.onMessage(envelope('bg:rejected', { reason, count: 1 }));
  };

  const attachMessage = () =>
    envelope('panel:attach', {
      cursors: options.getCursors(),
      settings: options.getSettings(),
    });

  const port = createReconnectingPort({
    name: panelPortName(options.tabId),
    connect: options.connect,
    isContextValid: options.isContextValid,
    onMessage: handleMessage,
    onConnect: (send) => send(attachMessage()),
    onStatus: (status) => options.onStatus?.(toPanelStatus(status)),
    // Nothing is worth queueing: every connect starts with a complete attach.
    maxQueue: 0,
    initialDelayMs: 50,
    maxDelayMs: options.maxDelayMs ?? 2000,
    ...(options.timers && { timers: options.timers }),
    ...(options.random && { random: options.random }),
    ...(options.now && { now: options.now }),
  });

  return {
    pushSettings(settings) {
      if (port.status === 'connected') port.postMessage(envelope('panel:settings', { settings }));
    },
    refreshCursors() {
      // While disconnected nothing to do: the next connect's attach is fresh anyway.
      if (port.status === 'connected') port.postMessage(attachMessage());
    },
    requestCensus() {
      // While disconnected nothing to do: every attach starts a census round anyway.
      if (port.status === 'connected') port.postMessage(envelope('panel:census-request', {}));
    },
    sendProbe(message) {
      if (port.status !== 'connected') return false;
      port.postMessage(message);
      return true;
    },
    get status() {
      return toPanelStatus(port.status);
    },
    rejected: () => ({ ...rejected }),
    close: () => port.close(),
  };
}

function toPanelStatus(status: string): PanelLinkStatus {
  if (status === 'connected' || status === 'closed') return status;
  return 'reconnecting';
}

/**
 * Opt-in network capture: attaches `chrome.debugger` to the inspected tab only, enables the CDP
 * `Network` domain there and in every worker and frame target Chrome auto-attaches under it
 * (flat sessions), and hands each event to the pure reducer (./cdp-reducer.ts).
 *
 * `debugger` is an optional permission: `request()` must run inside the user's click (Chrome
 * refuses `permissions.request` without a user gesture). While attached Chrome shows its
 * "… started debugging this browser" bar; a click on its Cancel detaches us (`onDetach`,
 * reason `canceled_by_user`), and the panel's switch follows.
 *
 * References: https://developer.chrome.com/docs/extensions/reference/api/debugger,
 * https://chromedevtools.github.io/devtools-protocol/tot/Target/#method-setAutoAttach
 */
import { applyCdpEvent, createNetworkCapture, isRefused, type NetworkCapture } from './cdp-reducer';

/** Where a CDP command goes: the tab, or a flat session of a target attached under it. */
export interface DebuggerTarget {
  readonly tabId: number;
  readonly sessionId?: string;
  /**
   * A target outside the tab's tree, attached by its own id (a shared worker: Chrome never
   * auto-attaches it under the tab). Commands go to `{ targetId }`; `sessionId` then only names
   * it for the reducer.
   */
  readonly targetId?: string;
}

/** Where Chrome says an event came from: `{ tabId, sessionId? }`, or `{ targetId }`. */
export type DebuggerSource = Partial<DebuggerTarget>;

/** One entry of `chrome.debugger.getTargets()`. */
export interface DebuggerTargetInfo {
  readonly id: string;
  readonly type: string;
  readonly url: string;
  readonly title: string;
  readonly tabId?: number;
}

/** The part of `chrome.debugger` and `chrome.permissions` capture needs (fakes in unit tests). */
export interface DebuggerApi {
  hasPermission(): Promise<boolean>;
  /** Must be called synchronously from a click handler. */
  requestPermission(): Promise<boolean>;
  attach(target: DebuggerTarget): Promise<void>;
  detach(target: DebuggerTarget): Promise<void>;
  sendCommand(target: DebuggerTarget, method: string, params?: object): Promise<unknown>;
  /** CDP events of every target; returns the unsubscribe. */
  onEvent(listener: (source: DebuggerSource, method: string, params: unknown) => void): () => void;
  onDetach(listener: (source: DebuggerSource, reason: string) => void): () => void;
  /** Every debuggable target of the browser (absent: shared workers are not looked for). */
  getTargets?(): Promise<readonly DebuggerTargetInfo[]>;
}

export type CaptureStatus =
  /** Switch off. */
  | 'off'
  /** Waiting for the permission prompt or the attach. */
  | 'starting'
  | 'on'
  /** The user refused the permission. */
  | 'denied'
  /** Switch on (remembered for this origin) but the permission is not granted: needs a click. */
  | 'needsPermission'
  /** Chrome detached us: the user clicked Cancel on the debugging bar, or DevTools took over. */
  | 'canceled'
  /** Attach failed (another debugger is attached, or the tab cannot be debugged). */
  | 'error';

export interface NetworkCaptureController {
  /** From the user's click: asks for the permission inside the gesture, then attaches. */
  turnOnFromClick(): void;
  /** Restores a remembered choice: attaches only if the permission is already granted. */
  restore(): void;
  turnOff(): void;
  readonly capture: NetworkCapture;
}

export interface NetworkCaptureOptions {
  readonly api: DebuggerApi;
  readonly tabId: number;
  /** The capture changed (called at most once per animation frame's worth of events by the caller). */
  readonly onCapture: (capture: NetworkCapture) => void;
  readonly onStatus: (status: CaptureStatus, detail: string) => void;
  /** The user's redacted parameter names, applied to kept bodies and raw bytes (default: the hook's defaults). */
  readonly redactParams?: () => readonly string[];
  /** Epoch ms (default Date.now): when the capture started seeing requests. */
  readonly now?: () => number;
}

const PROTOCOL_VERSION = '1.3';
/**
 * Workers and frames wait at their start until their Network domain listens (then
 * `Runtime.runIfWaitingForDebugger`): otherwise a worker that opens its stream at once does so
 * before our `Network.enable` reaches it, and that request is never seen (Chromium 156: about one
 * run in three of the network-capture e2e test, when the panel was busy as the worker started).
 */
const AUTO_ATTACH = { autoAttach: true, waitForDebuggerOnStart: true, flatten: true };
/**
 * Each EventSource pauses at its response headers (`Fetch.requestPaused`) so the body of a
 * refused one (status ≥ 400) can be read before Chrome aborts it. Without the pause the body is
 * lost whenever it arrives after the headers: verified in Chromium 156, the aborted request's
 * `getResponseBody` answers "No data found" and `streamResourceContent` often answers empty.
 * Every other response is continued at once; the cost is one round trip per EventSource.
 */
const PAUSE_EVENT_SOURCES = {
  patterns: [{ resourceType: 'EventSource', requestStage: 'Response' }],
};
/** A refused body that does not end (a 500 that streams) is not waited for longer than this. */
export const REFUSED_BODY_WAIT_MS = 2_000;
/**
 * How often the browser's targets are listed for new shared workers. Chrome does not attach
 * them under the tab and refuses `Target.setDiscoverTargets` to extensions, so listing is the
 * only way; a worker found later than its first request misses that request (reload to see it).
 */
export const SHARED_WORKER_SCAN_MS = 100;

const originOf = (url: string | undefined): string | null => {
  try {
    return url ? new URL(url).origin : null;
  } catch {
    return null;
  }
};

/**
 * A shared worker of the inspected page's origin. `getTargets` types shared and service workers
 * both as `worker` with no tab; Chrome titles service workers "Service Worker <url>", and
 * attaching to one would keep it alive, which the page could observe.
 */
function isSharedWorkerOf(t: DebuggerTargetInfo, origin: string): boolean {
  return (
    t.type === 'worker' &&
    t.tabId === undefined &&
    !t.title.startsWith('Service Worker') &&
    originOf(t.url) === origin
  );
}

export function createNetworkCaptureController(
  options: NetworkCaptureOptions,
): NetworkCaptureController {
  const { api, tabId } = options;
  const now = options.now ?? Date.now;
  const tab: DebuggerTarget = { tabId };
  let capture = createNetworkCapture();
  let attached = false;
  /** Bumped on every on/off so a late attach of an earlier attempt undoes itself. */
  let generation = 0;
  let unsubscribe: Array<() => void> = [];
  /** Shared workers attached by target id → the session name their events fold under. */
  const shared = new Map<string, string>();
  let scanTimer: ReturnType<typeof setInterval> | null = null;

  const status = (s: CaptureStatus, detail = ''): void => options.onStatus(s, detail);
  const send = (target: DebuggerTarget, method: string, params?: object): void => {
    api.sendCommand(target, method, params).catch(() => {
      // A worker that ended between its attach and our command: nothing left to capture there.
    });
  };

  const onEvent = (from: DebuggerSource, method: string, params: unknown): void => {
    const source =
      fromSharedWorker(from) ?? (from.tabId === tabId ? (from as DebuggerTarget) : null);
    if (source === null) return;
    if (options.redactParams) capture.redactParams = options.redactParams();
    if (method === 'Fetch.requestPaused') {
      readPausedRefusal(source, params);
      return;
    }
    if (method === 'Target.attachedToTarget') {
      const sid = (params as { sessionId?: unknown } | null)?.sessionId;
      if (typeof sid === 'string') {
        const child: DebuggerTarget = { tabId, sessionId: sid };
        send(child, 'Network.enable');
        send(child, 'Fetch.enable', PAUSE_EVENT_SOURCES);
        // A frame's own workers attach under its session.
        send(child, 'Target.setAutoAttach', AUTO_ATTACH);
        // A session runs its commands in order: the target resumes with all of the above on.
        if ((params as { waitingForDebugger?: unknown }).waitingForDebugger === true)
          send(child, 'Runtime.runIfWaitingForDebugger');
      }
    }
    if (applyCdpEvent(capture, method, params, source.sessionId)) options.onCapture(capture);
    if (method === 'Network.responseReceived') {
      // Raw bytes of every stream (fetch streams' bodies, `retry:` fields of EventSources, the
      // body of a refused one) arrive as dataReceived.data only after streamResourceContent. A
      // refused EventSource is aborted as its headers arrive; verified in Chromium 156: the
      // command still answers with its body as bufferedData, getResponseBody no longer does.
      const requestId = (params as { requestId?: unknown } | null)?.requestId;
      if (
        typeof requestId === 'string' &&
        capture.streams.has(`${source.sessionId ?? ''}|${requestId}`)
      )
        fold(source, 'Network.streamResourceContent', requestId);
    }
    if (method === 'Network.loadingFinished' || method === 'Network.loadingFailed')
      readRefusedBody(source, params);
  };

  /** Sends a command whose result the reducer folds in under the command's name. */
  function fold(source: DebuggerTarget, method: string, requestId: string): void {
    const folding = capture;
    api.sendCommand(source, method, { requestId }).then(
      (result) => {
        if (folding !== capture || typeof result !== 'object' || result === null) return;
        if (applyCdpEvent(capture, method, { ...result, requestId }, source.sessionId))
          options.onCapture(capture);
      },
      () => {
        // The request is gone from Chrome's buffer (evicted, or the target ended): no bytes to show.
      },
    );
  }

  /** The body of a refused stream, read once it ended (Chrome holds it until the next navigation). */
  function readRefusedBody(source: DebuggerTarget, params: unknown): void {
    const requestId = (params as { requestId?: unknown } | null)?.requestId;
    if (typeof requestId !== 'string') return;
    const s = capture.streams.get(`${source.sessionId ?? ''}|${requestId}`);
    if (s && s.body === null && isRefused(s)) fold(source, 'Network.getResponseBody', requestId);
  }

  /**
   * An EventSource paused at its response headers: a refused one's body is read into its stream
   * (keyed by the network's request id), then the response goes on to the page, always.
   */
  function readPausedRefusal(source: DebuggerTarget, params: unknown): void {
    const p = params as { requestId?: unknown; networkId?: unknown; responseStatusCode?: unknown };
    const requestId = p?.requestId;
    if (typeof requestId !== 'string') return;
    const resume = (): void => send(source, 'Fetch.continueResponse', { requestId });
    const status = p.responseStatusCode;
    const networkId = p.networkId;
    if (typeof status !== 'number' || status < 400 || typeof networkId !== 'string') {
      resume();
      return;
    }
    const folding = capture;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const waited = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), REFUSED_BODY_WAIT_MS);
    });
    Promise.race([api.sendCommand(source, 'Fetch.getResponseBody', { requestId }), waited])
      .then(
        (result) => {
          if (folding !== capture || typeof result !== 'object' || result === null) return;
          const body = { ...result, requestId: networkId };
          if (applyCdpEvent(capture, 'Network.getResponseBody', body, source.sessionId))
            options.onCapture(capture);
        },
        () => {
          // The request was canceled while paused (the page closed it): nothing to read.
        },
      )
      .finally(() => {
        clearTimeout(timer);
        resume();
      });
  }

  /** Events of a shared worker we attached carry only its target id. */
  function fromSharedWorker(from: DebuggerSource): DebuggerTarget | null {
    if (from.targetId === undefined || from.tabId !== undefined) return null;
    const sessionId = shared.get(from.targetId);
    return sessionId === undefined ? null : { tabId, targetId: from.targetId, sessionId };
  }

  const onDetach = (source: DebuggerSource, reason: string): void => {
    if (source.targetId !== undefined && source.tabId === undefined) {
      // The shared worker ended (or its attach was taken over): found again if it comes back.
      shared.delete(source.targetId);
      return;
    }
    if (source.tabId !== tabId || source.sessionId !== undefined || !attached) return;
    attached = false;
    stopListening();
    releaseSharedWorkers();
    status(reason === 'canceled_by_user' ? 'canceled' : 'error', reason);
  };

  function stopListening(): void {
    for (const u of unsubscribe) u();
    unsubscribe = [];
  }

  function scanSharedWorkers(gen: number): void {
    const list = api.getTargets;
    if (!list) return;
    list().then(
      (targets) => {
        if (gen !== generation || !attached) return;
        const origin = originOf(targets.find((t) => t.tabId === tabId)?.url);
        if (origin === null) return;
        for (const t of targets)
          if (!shared.has(t.id) && isSharedWorkerOf(t, origin)) attachSharedWorker(gen, t);
      },
      () => {
        // Listing failed (the browser is shutting down): the next scan tries again.
      },
    );
  }

  function attachSharedWorker(gen: number, t: DebuggerTargetInfo): void {
    const sessionId = `shared:${t.id}`;
    const target: DebuggerTarget = { tabId, targetId: t.id, sessionId };
    // Claimed before the attach resolves so the next scan does not attach twice; a failed attach
    // stays claimed (another debugger holds it) rather than being retried every scan.
    shared.set(t.id, sessionId);
    api.attach(target).then(
      () => {
        if (gen !== generation || !attached) {
          api.detach(target).catch(() => {
            // Already gone: nothing to undo.
          });
          return;
        }
        applyCdpEvent(capture, 'Target.attachedToTarget', {
          sessionId,
          targetInfo: { type: 'shared_worker', url: t.url },
        });
        send(target, 'Network.enable');
        // No Fetch pause here: a refused stream's body in a shared worker is not read (its row
        // still has the status and headers). With the pause the worker's streams went unseen in
        // some e2e runs; not worth the risk for a rare case.
      },
      () => {
        // The worker ended between the listing and the attach, or cannot be debugged.
      },
    );
  }

  function releaseSharedWorkers(): void {
    if (scanTimer !== null) clearInterval(scanTimer);
    scanTimer = null;
    for (const [targetId, sessionId] of shared)
      api.detach({ tabId, targetId, sessionId }).catch(() => {
        // The worker ended first: it is detached already.
      });
    shared.clear();
  }

  async function attach(gen: number): Promise<void> {
    try {
      unsubscribe = [api.onEvent(onEvent), api.onDetach(onDetach)];
      await api.attach(tab);
      if (gen !== generation) {
        await api.detach(tab);
        return;
      }
      attached = true;
      capture = createNetworkCapture();
      await api.sendCommand(tab, 'Network.enable');
      capture.since = now();
      send(tab, 'Fetch.enable', PAUSE_EVENT_SOURCES);
      await api.sendCommand(tab, 'Target.setAutoAttach', AUTO_ATTACH);
      if (gen !== generation) return;
      status('on');
      if (api.getTargets) {
        scanSharedWorkers(gen);
        scanTimer = setInterval(() => scanSharedWorkers(gen), SHARED_WORKER_SCAN_MS);
      }
    } catch (error) {
      if (gen !== generation) return;
      stopListening();
      releaseSharedWorkers();
      attached = false;
      status('error', error instanceof Error ? error.message : String(error));
    }
  }

  return {
    get capture() {
      return capture;
    },
    turnOnFromClick() {
      const gen = ++generation;
      status('starting');
      // Called synchronously here: the click's user activation is what lets Chrome prompt.
      api.requestPermission().then(
        (granted) => {
          if (gen !== generation) return;
          if (granted) void attach(gen);
          else status('denied');
        },
        (error: unknown) => {
          if (gen === generation)
            status('error', error instanceof Error ? error.message : String(error));
        },
      );
    },
    restore() {
      const gen = ++generation;
      void api.hasPermission().then(
        (granted) => {
          if (gen !== generation) return;
          if (granted) {
            status('starting');
            void attach(gen);
          } else status('needsPermission');
        },
        () => {
          if (gen === generation) status('needsPermission');
        },
      );
    },
    turnOff() {
      generation += 1;
      stopListening();
      releaseSharedWorkers();
      if (attached) {
        attached = false;
        api.detach(tab).catch(() => {
          // Already detached (the tab closed, or the user's Cancel raced us): the goal is reached.
        });
      }
      status('off');
    },
  };
}

/** Chrome's debuggee of a target: a target attached by id is addressed by that id alone. */
const debuggee = (t: DebuggerTarget): chrome.debugger.DebuggerSession =>
  t.targetId !== undefined
    ? { targetId: t.targetId }
    : t.sessionId !== undefined
      ? { tabId: t.tabId, sessionId: t.sessionId }
      : { tabId: t.tabId };

/** The Chrome implementation: `chrome.debugger` exists only once the permission is granted. */
export function createChromeDebuggerApi(c: typeof chrome): DebuggerApi {
  const dbg = (): typeof chrome.debugger => {
    if (!c.debugger) throw new Error('chrome.debugger is unavailable (permission not granted)');
    return c.debugger;
  };
  const perm = { permissions: ['debugger'] } as chrome.permissions.Permissions;
  return {
    hasPermission: () => c.permissions.contains(perm),
    requestPermission: () => c.permissions.request(perm),
    attach: (target) => dbg().attach(debuggee(target), PROTOCOL_VERSION),
    detach: (target) => dbg().detach(debuggee(target)),
    sendCommand: (target, method, params) =>
      dbg().sendCommand(debuggee(target), method, params as { [key: string]: unknown } | undefined),
    getTargets: () =>
      dbg()
        .getTargets()
        .then((targets) =>
          targets.map((t) => ({
            id: t.id,
            type: t.type,
            url: t.url,
            title: t.title,
            ...(t.tabId === undefined ? {} : { tabId: t.tabId }),
          })),
        ),
    onEvent(listener) {
      const l = (source: chrome.debugger.Debuggee, method: string, params?: object): void =>
        listener(source as DebuggerSource, method, params);
      dbg().onEvent.addListener(l);
      return () => c.debugger?.onEvent.removeListener(l);
    },
    onDetach(listener) {
      const l = (source: chrome.debugger.Debuggee, reason: string): void =>
        listener(source as DebuggerSource, reason);
      dbg().onDetach.addListener(l);
      return () => c.debugger?.onDetach.removeListener(l);
    },
  };
}

/**
 * The one port shape every piece of messaging logic talks to. Real `runtime.Port`s are wrapped by
 * the adapters below; unit tests use the in-memory pair from `./testing/fake-port`.
 *
 * Nothing here imports an extension API: the callers hand in `browser.runtime` (extension pages,
 * through webextension-polyfill, see ./browser-apis.ts) or `chrome.runtime` (the relay, see
 * ./chrome-apis.ts). Both give the same port objects, so one structural shape fits both.
 */

export type Unsubscribe = () => void;

/** What the background may read about the other end (set by the browser, never by the page). */
export interface PortSender {
  readonly tab?: { readonly id?: number };
  readonly frameId?: number;
  readonly documentId?: string;
  readonly url?: string;
}

export interface PortLike {
  readonly name: string;
  /** Throws when the port is already disconnected (as Chrome does). */
  postMessage(message: unknown): void;
  onMessage(callback: (message: unknown) => void): Unsubscribe;
  /** Fires once, when the other end goes away (never for our own `disconnect()`). */
  onDisconnect(callback: (error?: string) => void): Unsubscribe;
  disconnect(): void;
  readonly sender?: PortSender;
}

type LastError = { message?: string } | null | undefined;

/** An event of a `runtime.Port` (`onMessage`, `onDisconnect`). */
interface PortEvent<Listener> {
  addListener(listener: Listener): void;
  removeListener(listener: Listener): void;
}

/**
 * A `runtime.Port` as Chrome and webextension-polyfill both hand it out (the polyfill passes
 * Chrome's port objects through unchanged).
 */
export interface RuntimePort {
  readonly name: string;
  readonly sender?: unknown;
  readonly error?: LastError;
  postMessage(message: unknown): void;
  disconnect(): void;
  readonly onMessage: PortEvent<(message: unknown) => void>;
  readonly onDisconnect: PortEvent<() => void>;
}

/** The part of `browser.runtime` / `chrome.runtime` the port adapters need. */
export interface RuntimeLike {
  connect(connectInfo: { name: string }): RuntimePort;
  readonly lastError?: LastError;
}

/**
 * Wraps a `runtime.Port`. `readLastError` is called inside the disconnect listener: reading
 * `runtime.lastError` there is what keeps Chrome from logging "Unchecked runtime.lastError: Could
 * not establish connection" into the page's console.
 */
export function wrapRuntimePort(
  port: RuntimePort,
  readLastError: () => LastError = () => undefined,
): PortLike {
  return {
    name: port.name,
    sender: port.sender as PortSender | undefined,
    postMessage: (message) => port.postMessage(message),
    onMessage(callback) {
      const listener = (message: unknown): void => callback(message);
      port.onMessage.addListener(listener);
      return () => port.onMessage.removeListener(listener);
    },
    onDisconnect(callback) {
      const listener = (): void => {
        const error = readLastError() ?? port.error;
        callback(error?.message);
      };
      port.onDisconnect.addListener(listener);
      return () => port.onDisconnect.removeListener(listener);
    },
    disconnect: () => port.disconnect(),
  };
}

/** `runtime.connect({ name })` behind the adapter. Throws "Extension context invalidated." after an extension reload. */
export function createRuntimePort(runtime: RuntimeLike, name: string): PortLike {
  return wrapRuntimePort(runtime.connect({ name }), () => runtime.lastError);
}

/** True while this script's extension is still loaded (false after an extension reload/update). */
export function isExtensionContextValid(runtime: { readonly id?: string } | undefined): boolean {
  try {
    return typeof runtime?.id === 'string' && runtime.id.length > 0;
  } catch {
    // Reading the runtime after invalidation can itself throw in some Chrome versions: gone.
    return false;
  }
}

/** Chrome's wording for "the extension was reloaded under this script". */
export function isContextInvalidatedError(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return message.includes('Extension context invalidated');
}

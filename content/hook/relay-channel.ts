/**
 * The hook's side of the page ↔ relay hop: `window.postMessage` to the ISOLATED-world relay of
 * the same frame, using natives captured at install.
 *
 * Incoming messages are accepted only from `event.source === window` and only if they pass
 * `isRelayToPage` (page script can forge them too; the guard makes sure a forged one is at least
 * well-formed; relay-messages.ts mirrors the protocol's `isRelayToPage`). Our own outgoing
 * `page:records` come back to this same listener and are ignored before any validation work.
 * Posting never throws into the page: failures are counted.
 *
 * `document.open()` (implied by `document.write()` on a loaded document, e.g. an about:blank
 * frame filled by its parent) erases every listener of the window, ours included, while the
 * window, its globals and our patched EventSource live on. A MutationObserver on the document's
 * own children is not erased and sees the content being replaced, so the listener is re-added
 * at that microtask checkpoint — before any posted message is dispatched. The observer is
 * invisible to the page; re-adding a listener that is still there is a no-op.
 */
import type { PageProbeResultMessage, PageToRelay, RelayToPage } from '../../src/protocol/messages';
import { captureGetter, NO_ARGS, type AnyFn, type Natives } from './natives';
import { createRelayMessageGuard } from './relay-messages';

export interface PageChannel {
  /** False when posting threw (counted by the caller). */
  post(message: PageToRelay | PageProbeResultMessage): boolean;
  dispose(): void;
}

export interface ChannelHandlers {
  message(message: RelayToPage): void;
  /** An envelope of ours that failed validation (forged or from another version). */
  rejected(): void;
}

export type ChannelFactory = (handlers: ChannelHandlers) => PageChannel;

export function createRelayChannel(
  win: typeof globalThis,
  natives: Natives,
  nativeAddListener: AnyFn,
): ChannelFactory {
  const { apply } = natives;
  const postMessage = win.postMessage as unknown as AnyFn;
  const removeListener = win.EventTarget.prototype.removeEventListener as unknown as AnyFn;
  const dataGet = captureGetter(win.MessageEvent?.prototype, 'data');
  const sourceGet = captureGetter(win.MessageEvent?.prototype, 'source');
  const isRelayToPage = createRelayMessageGuard(natives);
  const doc = win.document as Document | undefined;
  const Observer = win.MutationObserver as typeof MutationObserver | undefined;
  const observe = Observer?.prototype.observe as unknown as AnyFn | undefined;
  const disconnect = Observer?.prototype.disconnect as unknown as AnyFn | undefined;

  return (handlers) => {
    const onMessage = (event: MessageEvent): void => {
      try {
        const source: unknown = sourceGet ? apply(sourceGet, event, NO_ARGS) : event.source;
        if (source !== win) return;
        const data: unknown = dataGet ? apply(dataGet, event, NO_ARGS) : event.data;
        if (typeof data !== 'object' || data === null) return;
        const kind = (data as { kind?: unknown }).kind;
        if (kind === 'page:records') return;
        if (typeof kind !== 'string' || kind.length < 6 || kind[0] !== 'r' || kind[5] !== ':')
          return;
        if (!isRelayToPage(data)) {
          handlers.rejected();
          return;
        }
        handlers.message(data);
      } catch {
        // A throwing getter on a forged message: not ours to handle, and never the page's problem.
        handlers.rejected();
      }
    };
    const listen = (): void => {
      try {
        apply(nativeAddListener, win, ['message', onMessage]);
      } catch {
        // Nothing the page can do makes the native throw; if it ever does, we only go deaf.
      }
    };
    listen();
    let observer: MutationObserver | null = null;
    if (doc && Observer && observe && disconnect) {
      try {
        observer = natives.construct(Observer, [listen]) as MutationObserver;
        apply(observe, observer, [doc, { __proto__: null, childList: true }]);
      } catch {
        // No MutationObserver usable here: we only miss a listener erased by document.open().
        observer = null;
      }
    }
    return {
      post(message) {
        try {
          apply(postMessage, win, [message, '*']);
          return true;
        } catch {
          // DataCloneError or a page that broke postMessage: the caller counts it.
          return false;
        }
      },
      dispose() {
        if (observer !== null) apply(disconnect!, observer, NO_ARGS);
        apply(removeListener, win, ['message', onMessage]);
      },
    };
  };
}

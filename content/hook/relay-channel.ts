/**
 * The hook's side of the page ↔ relay hop: `window.postMessage` to the ISOLATED-world relay of
 * the same frame, using natives captured at install.
 *
 * Incoming messages are accepted only from `event.source === window` and only if they pass
 * `isRelayToPage` (page script can forge them too; the guard makes sure a forged one is at least
 * well-formed; relay-messages.ts mirrors the protocol's `isRelayToPage`). Our own outgoing `page:records` come back to this same listener and are ignored
 * before any validation work. Posting never throws into the page: failures are counted.
 */
import type { PageToRelay, RelayToPage } from '../../src/protocol/messages';
import { captureGetter, NO_ARGS, type AnyFn, type Natives } from './natives';
import { createRelayMessageGuard } from './relay-messages';

export interface PageChannel {
  /** False when posting threw (counted by the caller). */
  post(message: PageToRelay): boolean;
  dispose(): void;
}

export interface ChannelHandlers {
  message(message: RelayToPage): void;
  /** An envelope of ours that failed validation (forged or from another version). */
  rejected(): void;
}

export type ChannelFactory = (handlers: ChannelHandlers) => PageChannel;

export function createWindowChannel(
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

  return (handlers) => {
    const onMessage = (event: MessageEvent): void => {
      try {
        const source: unknown = sourceGet ? apply(sourceGet, event, NO_ARGS) : event.source;
        if (source !== win) return;
        const data: unknown = dataGet ? apply(dataGet, event, NO_ARGS) : event.data;
        if (typeof data !== 'object' || data === null) return;
        const kind = (data as { kind?: unknown }).kind;
        if (kind === 'page:records') return;
        if (typeof kind !== 'string' || kind.length < 6 || kind[0] !== 'r' || kind[5] !== ':') return;
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
    apply(nativeAddListener, win, ['message', onMessage]);
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
        apply(removeListener, win, ['message', onMessage]);
      },
    };
  };
}

/**
 * Adapter over `window.postMessage` for the relay (ISOLATED world) ↔ page hook (MAIN world) hop.
 * Both worlds share the window's `message` events, so anything arriving here may have been posted
 * by page script: this adapter only filters out what is clearly not ours (other windows, other
 * libraries' traffic) and hands the rest on as `unknown` for the guards to judge.
 */
import { envelopeProblem } from '../protocol';
import type { Unsubscribe } from './port';

/** The part of `window` the channel needs (tests pass a fake). */
export interface WindowLike {
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  postMessage(message: unknown, targetOrigin: string): void;
}

export interface WindowChannel {
  /** Posts to this same window (the page hook listens in the MAIN world). */
  post(message: unknown): void;
  /**
   * Adds the listener again after `document.open()` erased the window's listeners (see
   * document-replaced.ts). A no-op while it is still there; nothing after `close()`.
   */
  relisten(): void;
  close: Unsubscribe;
}

export interface WindowChannelOptions {
  readonly win: WindowLike;
  /** Called with our envelopes only (right source tag); the payload is still unvalidated. */
  onMessage(data: unknown): void;
}

export function createWindowChannel({ win, onMessage }: WindowChannelOptions): WindowChannel {
  const listener = (event: MessageEvent): void => {
    // Messages from other windows (iframes, openers) are never the hook of this frame.
    if (event.source !== win) return;
    const data: unknown = event.data;
    // Someone else's traffic (React DevTools, the app itself...): not ours, not counted.
    if (envelopeProblem(data) === 'not-ours') return;
    onMessage(data);
  };
  let closed = false;
  win.addEventListener('message', listener);
  return {
    // '*' because the target is this very window: an explicit origin would throw in opaque-origin
    // frames (sandboxed iframes, data: URLs) whose origin serializes as "null".
    post: (message) => win.postMessage(message, '*'),
    relisten: () => {
      if (!closed) win.addEventListener('message', listener);
    },
    close: () => {
      closed = true;
      win.removeEventListener('message', listener);
    },
  };
}

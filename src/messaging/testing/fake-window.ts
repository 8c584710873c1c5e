/**
 * A window stand-in for relay tests: `postMessage` dispatches a `message` event whose source is
 * this window (like a same-window post), `postFrom` simulates another window's post.
 * Dispatch is synchronous and the data is structured-cloned, like the real thing.
 */
import type { WindowLike } from '../window-channel';

export interface FakeWindow extends WindowLike {
  /** Everything posted through `postMessage`, oldest first. */
  readonly posted: unknown[];
  postFrom(source: unknown, data: unknown): void;
  /** Delivers `data` as if this window posted it, without recording it (page script posts). */
  pageScriptPost(data: unknown, clone?: boolean): void;
  readonly listenerCount: number;
  /** What `document.open()` does to a real window: every listener is gone. */
  eraseListeners(): void;
}

export function createFakeWindow(): FakeWindow {
  const listeners = new Set<(event: MessageEvent) => void>();
  const dispatch = (source: unknown, data: unknown): void => {
    const event = { source, data } as MessageEvent;
    for (const listener of [...listeners]) listener(event);
  };
  const win: FakeWindow = {
    posted: [],
    addEventListener: (_type, listener) => void listeners.add(listener),
    removeEventListener: (_type, listener) => void listeners.delete(listener),
    postMessage(message) {
      const copy = structuredClone(message);
      win.posted.push(copy);
      dispatch(win, copy);
    },
    postFrom: (source, data) => dispatch(source, structuredClone(data)),
    pageScriptPost: (data, clone = true) => dispatch(win, clone ? structuredClone(data) : data),
    eraseListeners: () => listeners.clear(),
    get listenerCount() {
      return listeners.size;
    },
  };
  return win;
}

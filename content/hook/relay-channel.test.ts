import { JSDOM } from 'jsdom';
import { describe, expect, test } from 'vitest';
import { captureNatives, type AnyFn } from './natives';
import { createRelayChannel } from './relay-channel';

const flushMicrotasks = () => new Promise<void>((resolve) => queueMicrotask(resolve));

/** A recording stand-in for the native addEventListener (the real one does the work). */
function spyAdd(win: typeof globalThis) {
  const native = win.EventTarget.prototype.addEventListener;
  const added: Array<[string, unknown]> = [];
  const add: AnyFn = function (this: EventTarget, type: string, listener: EventListener) {
    added.push([type, listener]);
    native.call(this, type, listener);
  };
  return { add, added };
}

describe('hook relay channel', () => {
  test('listens again once document.open() replaced the document, and not after dispose', async () => {
    // A window of its own: vitest's jsdom environment only copies a window's properties onto
    // Node's global, which is no EventTarget.
    const { window } = new JSDOM('<!doctype html><p>page</p>');
    const { document } = window;
    const win = window as unknown as typeof globalThis;
    const { add, added } = spyAdd(win);
    const channel = createRelayChannel(
      win,
      captureNatives(win),
      add,
    )({
      message: () => {},
      rejected: () => {},
    });
    expect(added).toHaveLength(1);
    // What document.open() does to the tree (jsdom does not erase listeners; Chromium does, which
    // the e2e "about:blank frame written by document.write" case checks).
    const root = document.documentElement;
    document.removeChild(root);
    document.appendChild(document.createElement('html'));
    await flushMicrotasks();
    expect(added).toHaveLength(2);
    expect(added[1]).toEqual(added[0]);

    channel.dispose();
    document.replaceChild(root, document.documentElement);
    await flushMicrotasks();
    expect(added).toHaveLength(2);
  });
});

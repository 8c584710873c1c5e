// @vitest-environment jsdom
import { describe, expect, test } from 'vitest';
import { watchDocumentReplaced } from './document-replaced';

const flushMicrotasks = () => new Promise<void>((resolve) => queueMicrotask(resolve));

describe('watchDocumentReplaced', () => {
  test('fires when the root element is replaced, not for edits below it, and stops on unsubscribe', async () => {
    let calls = 0;
    const stop = watchDocumentReplaced(document, MutationObserver, () => calls++);
    document.body.appendChild(document.createElement('p'));
    await flushMicrotasks();
    expect(calls).toBe(0);

    const root = document.documentElement;
    document.removeChild(root);
    document.appendChild(document.createElement('html'));
    await flushMicrotasks();
    expect(calls).toBe(1);

    stop();
    document.replaceChild(root, document.documentElement);
    await flushMicrotasks();
    expect(calls).toBe(1);
  });
});

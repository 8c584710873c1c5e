/**
 * Tells when `document.open()` replaced a document's content in place.
 *
 * `document.write()` on a loaded document (typically an about:blank frame its parent fills)
 * implies `document.open()`, which erases every event listener of the document, its nodes and
 * its window — a content script's included — while the window and the document object live on,
 * and no content script runs again. A MutationObserver registered on the document itself is not
 * erased, and sees the old root element go and the new one come; its callback runs at the
 * microtask checkpoint, before any message posted meanwhile is dispatched. So re-adding the
 * listeners there loses nothing.
 *
 * The observer watches the document's own children only (doctype and root element): it fires
 * once while the parser inserts `<html>` and then only on such a replacement, never per DOM edit.
 * Callers must make their re-adding idempotent (addEventListener with the same listener is).
 */
import type { Unsubscribe } from './port';

/** The part of `MutationObserver` used here (tests pass a fake). */
export interface ObserverLike {
  observe(target: object, init: { childList: boolean }): void;
  disconnect(): void;
}
export type ObserverConstructor = new (callback: () => void) => ObserverLike;

export function watchDocumentReplaced(
  doc: object,
  Observer: ObserverConstructor,
  onReplaced: () => void,
): Unsubscribe {
  const observer = new Observer(() => onReplaced());
  observer.observe(doc, { childList: true });
  return () => observer.disconnect();
}

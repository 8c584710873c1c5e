/**
 * The document/session registry: which documents (one per frame load) and hook sessions the panel
 * holds, which of them are retired (unloaded), and the rules that decide when a page is gone.
 * No record ever says "this document unloaded"; the registry infers it in order with the records:
 * - a new top-level document (frame 0) retires every document held as current;
 * - a retired top-level document that speaks again was restored from the back/forward cache: it is
 *   current again and the page shown since is retired;
 * - a navigation event retires the current documents only when the page now holds a hook session
 *   the registry does not know as current (DevTools' onNavigated also fires for pushState).
 */
import type { DocumentInfo, DocumentOrigin, SessionInfo } from './types';

export interface Seen {
  /** Documents the arrival ends (empty when it ends nothing). */
  readonly retire: ReadonlySet<string>;
  /** A document restored from the back/forward cache, or null. */
  readonly restored: string | null;
  /** True when the document was not held before. */
  readonly isNew: boolean;
}

export interface DocumentRegistry {
  readonly documents: ReadonlyMap<string, DocumentInfo>;
  readonly sessions: ReadonlyMap<string, SessionInfo>;
  /** Registers a document whose records arrived, and says what that arrival ends. */
  seen(origin: DocumentOrigin, at: number): Seen;
  /** The session's entry, created on first sight. */
  session(session: string, documentId: string): SessionInfo;
  /**
   * A navigation happened; `currentSession` is the hook session the page holds now (null: no
   * hook, undefined: unknown). Returns the documents it unloaded.
   */
  unloaded(currentSession: string | null | undefined): ReadonlySet<string>;
  /** The documents held as current. */
  current(): Set<string>;
  sessionsOf(documentIds: ReadonlySet<string>): Set<string>;
  retire(documentIds: ReadonlySet<string>): void;
  restore(documentId: string): void;
  /** Drops the documents and their sessions (cursors included) altogether. */
  forget(documentIds: ReadonlySet<string>): void;
}

const NOTHING: ReadonlySet<string> = new Set();

export function createDocumentRegistry(): DocumentRegistry {
  const documents = new Map<string, DocumentInfo>();
  const sessions = new Map<string, SessionInfo>();

  const current = (): Set<string> => {
    const out = new Set<string>();
    for (const d of documents.values()) if (!d.retired) out.add(d.documentId);
    return out;
  };
  const hasCurrentTop = (): boolean => {
    for (const d of documents.values()) if (d.frameId === 0 && !d.retired) return true;
    return false;
  };

  return {
    documents,
    sessions,
    current,

    seen(origin, at) {
      const known = documents.get(origin.documentId);
      if (!known) {
        // A new top-level document means the previous page is gone: that is the navigation, in
        // order with the records (a navigation event may come earlier, later or twice).
        const retire = origin.frameId === 0 && hasCurrentTop() ? current() : NOTHING;
        documents.set(origin.documentId, { ...origin, firstSeenAt: at, retired: false });
        return { retire, restored: null, isNew: true };
      }
      if (origin.frameId === 0 && known.retired) {
        return { retire: current(), restored: origin.documentId, isNew: false };
      }
      return { retire: NOTHING, restored: null, isNew: false };
    },

    session(session, documentId) {
      let info = sessions.get(session);
      if (!info) {
        info = { documentId, hello: null, cursor: 0, covered: [] };
        sessions.set(session, info);
      }
      return info;
    },

    unloaded(currentSession) {
      if (currentSession === undefined) return NOTHING;
      const info = currentSession === null ? undefined : sessions.get(currentSession);
      const doc = info ? documents.get(info.documentId) : undefined;
      if (doc && !doc.retired) return NOTHING;
      return current();
    },

    sessionsOf(documentIds) {
      const out = new Set<string>();
      for (const [session, info] of sessions)
        if (documentIds.has(info.documentId)) out.add(session);
      return out;
    },

    retire(documentIds) {
      for (const id of documentIds) {
        const doc = documents.get(id);
        if (doc) doc.retired = true;
      }
    },

    restore(documentId) {
      const doc = documents.get(documentId);
      if (doc) doc.retired = false;
    },

    forget(documentIds) {
      for (const [session, info] of sessions)
        if (documentIds.has(info.documentId)) sessions.delete(session);
      for (const id of documentIds) documents.delete(id);
    },
  };
}

/** A set of observer callbacks where one that throws is reported and does not stop the others. */
export interface ListenerSet<A extends unknown[]> {
  /** Returns an unsubscribe. */
  add(listener: (...args: A) => void): () => void;
  emit(...args: A): void;
  clear(): void;
}

export function createListenerSet<A extends unknown[]>(
  onThrow: (error: unknown) => void,
): ListenerSet<A> {
  const listeners = new Set<(...args: A) => void>();
  return {
    add(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    emit(...args) {
      // A copy: a listener may unsubscribe itself or others while being called.
      for (const listener of [...listeners]) {
        try {
          listener(...args);
        } catch (error) {
          onThrow(error);
        }
      }
    },
    clear: () => listeners.clear(),
  };
}

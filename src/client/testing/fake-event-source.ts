/**
 * Hand-written EventSource fake for unit tests (jsdom and Node have no EventSource). Each call of
 * `createFakeEventSource()` returns an independent class with its own instance registry, so tests
 * share no state. The constructor records how many non-closed instances existed at that instant:
 * "never two live EventSources" is checked at every construction, not only at the end. The live
 * set is kept incrementally (added at construction, removed at the first close), so that check and
 * `live()` cost O(live), not O(constructed): a 10 000-reconnect storm stays linear.
 */
import type { EventSourceConstructor, EventSourceLike } from '../types';

type Listener = (event: Event) => void;

export interface FakeEventSource extends EventSourceLike {
  readonly url: string;
  readonly withCredentials: boolean;
  readyState: number;
  readonly closed: boolean;
  simulateOpen(): void;
  /** Dispatch a message; `event` names an SSE event (default `message`). */
  simulateMessage(data: string, init?: { event?: string; lastEventId?: string }): void;
  /**
   * Dispatch `error`. `transient` sets readyState CONNECTING first (the browser would retry),
   * `terminal` sets CLOSED (non-200, wrong content type, CORS). Works on closed instances too, to
   * model late events from a replaced connection.
   */
  simulateError(kind?: 'transient' | 'terminal'): void;
  listenerCount(type: string): number;
}

export interface FakeEventSourceKit {
  readonly EventSource: EventSourceConstructor;
  readonly instances: FakeEventSource[];
  /** Instances not closed. */
  live(): FakeEventSource[];
  /** The newest instance; throws when none was constructed. */
  latest(): FakeEventSource;
  /** Highest number of live instances seen at any construction (including the new one). */
  maxLiveAtConstruction(): number;
  /** Make `close()` throw (models a polyfill that already tore the instance down). */
  throwOnClose(enabled: boolean): void;
}

export function createFakeEventSource(): FakeEventSourceKit {
  const instances: FakeEventSource[] = [];
  /** Non-closed instances in construction order (a Set keeps insertion order). */
  const liveSet = new Set<FakeEventSource>();
  let maxLive = 0;
  let closeThrows = false;

  class Fake implements FakeEventSource {
    static readonly CONNECTING = 0;
    static readonly OPEN = 1;
    static readonly CLOSED = 2;
    readyState = 0;
    closed = false;
    readonly withCredentials: boolean;
    private readonly listeners = new Map<string, Set<Listener>>();

    constructor(
      readonly url: string,
      init?: { withCredentials?: boolean },
    ) {
      this.withCredentials = init?.withCredentials === true;
      instances.push(this);
      liveSet.add(this);
      maxLive = Math.max(maxLive, liveSet.size);
    }

    addEventListener(type: string, listener: Listener): void {
      let set = this.listeners.get(type);
      if (set === undefined) {
        set = new Set();
        this.listeners.set(type, set);
      }
      set.add(listener);
    }

    listenerCount(type: string): number {
      return this.listeners.get(type)?.size ?? 0;
    }

    close(): void {
      this.readyState = 2;
      this.closed = true;
      liveSet.delete(this);
      if (closeThrows) throw new Error('close() failed (fake)');
    }

    simulateOpen(): void {
      this.readyState = 1;
      this.dispatch({ type: 'open' });
    }

    simulateMessage(data: string, init: { event?: string; lastEventId?: string } = {}): void {
      this.dispatch({ type: init.event ?? 'message', data, lastEventId: init.lastEventId ?? '' });
    }

    simulateError(kind: 'transient' | 'terminal' = 'transient'): void {
      if (!this.closed) this.readyState = kind === 'terminal' ? 2 : 0;
      this.dispatch({ type: 'error' });
    }

    private dispatch(event: { type: string; data?: string; lastEventId?: string }): void {
      for (const listener of [...(this.listeners.get(event.type) ?? [])])
        listener(event as unknown as Event);
    }
  }

  return {
    EventSource: Fake,
    instances,
    live: () => [...liveSet],
    latest: () => {
      const last = instances.at(-1);
      if (last === undefined) throw new Error('no EventSource was constructed');
      return last;
    },
    maxLiveAtConstruction: () => maxLive,
    throwOnClose: (enabled) => {
      closeThrows = enabled;
    },
  };
}

/** A controllable token source. */
export function createFakeAuth(initial: string | null) {
  let token = initial;
  const listeners = new Set<(token: string | null) => void>();
  return {
    getToken: () => token,
    subscribe(listener: (token: string | null) => void) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    set(next: string | null) {
      token = next;
      for (const listener of [...listeners]) listener(next);
    },
    listenerCount: () => listeners.size,
  };
}

/** A controllable reachability source. */
export function createFakeOnline(initial = true) {
  let isOnline = initial;
  const listeners = new Set<() => void>();
  return {
    isOnline: () => isOnline,
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    goOffline() {
      isOnline = false;
    },
    goOnline() {
      isOnline = true;
      for (const listener of [...listeners]) listener();
    },
    listenerCount: () => listeners.size,
  };
}

/** A controllable page lifecycle: `hide()` / `show()` fire `pagehide` / `pageshow`. */
export function createFakeLifecycle() {
  const hideListeners = new Set<(persisted: boolean) => void>();
  const showListeners = new Set<(persisted: boolean) => void>();
  return {
    subscribe(onHide: (persisted: boolean) => void, onShow: (persisted: boolean) => void) {
      hideListeners.add(onHide);
      showListeners.add(onShow);
      return () => {
        hideListeners.delete(onHide);
        showListeners.delete(onShow);
      };
    },
    hide(persisted = true) {
      for (const listener of [...hideListeners]) listener(persisted);
    },
    show(persisted = true) {
      for (const listener of [...showListeners]) listener(persisted);
    },
    listenerCount: () => hideListeners.size + showListeners.size,
  };
}

/** A logger that records every line, for assertions on dev logs. */
export function createRecordingLogger() {
  const lines: { level: string; message: string; details: unknown }[] = [];
  return {
    lines,
    log: (level: string, message: string, details?: unknown) => {
      lines.push({ level, message, details });
    },
    messages: () => lines.map((line) => line.message),
  };
}

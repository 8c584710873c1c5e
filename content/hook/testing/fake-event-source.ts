/**
 * Hand-written EventSource for unit tests (jsdom has none). Shaped like the native one where the
 * hook looks: accessors on the prototype (url, withCredentials, readyState, on*), statics, an
 * EventTarget base. `simulate*` dispatch the events the browser would. While an event is being
 * dispatched `currentFakeEvent()` returns it — the role `window.event` plays in a browser (jsdom
 * does not set it for plain EventTargets).
 */

// Captured before any hook is installed: our own on* plumbing must not count as a page listener.
const nativeAdd = EventTarget.prototype.addEventListener;
// Also captured before the hook: events the browser dispatches never pass the page's dispatchEvent.
const nativeDispatch = EventTarget.prototype.dispatchEvent;
let current: Event | undefined;

export const currentFakeEvent = (): Event | undefined => current;

export class FakeEventSource extends EventTarget {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 2;
  static instances: FakeEventSource[] = [];

  #url: string;
  #withCredentials: boolean;
  #readyState: 0 | 1 | 2 = 0;
  readonly #handlers: Record<string, unknown> = {};
  // Accessors defined on the prototype below (like WebIDL attributes); typed here only.
  declare onopen: ((this: EventSource, ev: Event) => unknown) | null;
  declare onmessage: ((this: EventSource, ev: MessageEvent) => unknown) | null;
  declare onerror: ((this: EventSource, ev: Event) => unknown) | null;

  constructor(url: string | URL, init?: EventSourceInit) {
    super();
    if (arguments.length === 0)
      throw new TypeError("Failed to construct 'EventSource': 1 argument required.");
    this.#url = new URL(String(url), document.baseURI).href;
    this.#withCredentials = init?.withCredentials === true;
    FakeEventSource.instances.push(this);
  }

  get url(): string {
    return this.#url;
  }
  get withCredentials(): boolean {
    return this.#withCredentials;
  }
  get readyState(): 0 | 1 | 2 {
    return this.#readyState;
  }

  close(): void {
    this.#readyState = 2;
  }

  simulateOpen(): void {
    this.#readyState = 1;
    this.#fire(new Event('open'));
  }

  simulateMessage(data: string, options: { type?: string; lastEventId?: string } = {}): void {
    this.#fire(
      new MessageEvent(options.type ?? 'message', { data, lastEventId: options.lastEventId ?? '' }),
    );
  }

  simulateError(readyState: 0 | 2 = 0): void {
    this.#readyState = readyState;
    this.#fire(new Event('error'));
  }

  /**
   * An event dispatched the way the browser does it (as its own task, not through the page's
   * `dispatchEvent`), e.g. to see which listeners are registered by then.
   */
  simulateBrowserEvent(
    type: 'open' | 'error',
    readyState: 0 | 1 | 2 = type === 'open' ? 1 : 0,
  ): void {
    this.#readyState = readyState;
    const previous = current;
    const event = new Event(type);
    current = event;
    try {
      nativeDispatch.call(this, event);
    } finally {
      current = previous;
    }
  }

  #fire(event: Event): void {
    const previous = current;
    current = event;
    try {
      this.dispatchEvent(event);
    } finally {
      current = previous;
    }
  }

  static {
    for (const type of ['open', 'message', 'error']) {
      const get = function (this: FakeEventSource): unknown {
        return this.#handlers[type] ?? null;
      };
      const set = function (this: FakeEventSource, value: unknown): void {
        const first = !(type in this.#handlers);
        this.#handlers[type] = typeof value === 'function' ? value : null;
        if (first) {
          nativeAdd.call(this, type, (event: Event) => {
            const handler = this.#handlers[type];
            if (typeof handler === 'function') handler.call(this, event);
          });
        }
      };
      // Named like WebIDL accessors ("get onmessage"), as the hook's wrappers must preserve.
      Object.defineProperty(get, 'name', { value: `get on${type}` });
      Object.defineProperty(set, 'name', { value: `set on${type}` });
      Object.defineProperty(FakeEventSource.prototype, `on${type}`, {
        configurable: true,
        enumerable: true,
        get,
        set,
      });
    }
  }
}

/**
 * In-memory one-shot messaging for unit tests (see ../one-shot.ts). Messages are structured-cloned
 * like the real thing; answers are promises, so tests await a settled microtask queue.
 */
import type { Unsubscribe } from '../port';
import type {
  MessageEvents,
  MessageHandler,
  MessageSender,
  RuntimeMessenger,
  TabMessenger,
} from '../one-shot';

export interface FakeRuntimeMessenger extends RuntimeMessenger {
  /** Everything sent, oldest first (cloned). */
  readonly sent: unknown[];
}

/**
 * A fake `runtime.sendMessage`: `answer` plays the receiving end. Throwing from it rejects the
 * send (as "Receiving end does not exist" or "Extension context invalidated." would).
 */
export function createFakeRuntimeMessenger(
  answer: (message: unknown) => unknown,
): FakeRuntimeMessenger {
  const messenger: FakeRuntimeMessenger = {
    sent: [],
    sendMessage(message) {
      const copy = structuredClone(message);
      messenger.sent.push(copy);
      try {
        return Promise.resolve(structuredClone(answer(copy)));
      } catch (error) {
        // The receiving end "threw": the send rejects, as Chrome's would.
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    },
  };
  return messenger;
}

export interface FakeMessageEvents extends MessageEvents {
  /** Delivers a message to every handler; returns the first answer (like Chrome). */
  dispatch(message: unknown, sender?: MessageSender): unknown;
  readonly handlerCount: number;
}

export function createFakeMessageEvents(): FakeMessageEvents {
  const handlers = new Set<MessageHandler>();
  return {
    onMessage(handler): Unsubscribe {
      handlers.add(handler);
      return () => void handlers.delete(handler);
    },
    dispatch(message, sender = {}) {
      let first: unknown;
      for (const handler of [...handlers]) {
        const answer = handler(structuredClone(message), sender);
        if (first === undefined) first = answer;
      }
      return first;
    },
    get handlerCount() {
      return handlers.size;
    },
  };
}

export interface FakeTabMessenger extends TabMessenger {
  /** Everything sent, oldest first (cloned). */
  readonly sent: { tabId: number; message: unknown }[];
  /** Set to make every send reject (e.g. "Receiving end does not exist"). */
  failWith: Error | undefined;
}

export function createFakeTabMessenger(): FakeTabMessenger {
  const messenger: FakeTabMessenger = {
    sent: [],
    failWith: undefined,
    sendMessage(tabId, message) {
      messenger.sent.push({ tabId, message: structuredClone(message) });
      return messenger.failWith ? Promise.reject(messenger.failWith) : Promise.resolve(undefined);
    },
  };
  return messenger;
}

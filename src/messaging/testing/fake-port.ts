/**
 * In-memory ports for unit tests: two connected ends with Chrome's semantics — delivery only to
 * the other end, messages structured-cloned, `onDisconnect` fires on the other end only, posting
 * on a disconnected port throws. Delivery is synchronous so tests stay deterministic.
 */
import type { PortLike, PortSender } from '../port';

export interface FakePort extends PortLike {
  readonly connected: boolean;
  /** Messages this end has posted (already cloned), oldest first. */
  readonly sent: unknown[];
  /** Both ends lose the connection, as when the service worker is stopped. */
  simulateDisconnect(error?: string): void;
}

interface Internal extends FakePort {
  deliver(message: unknown): void;
  lose(error?: string): void;
}

function createEnd(
  name: string,
  sender: PortSender | undefined,
  state: { connected: boolean },
): Internal {
  const messageListeners = new Set<(message: unknown) => void>();
  const disconnectListeners = new Set<(error?: string) => void>();
  let peer: Internal | undefined;
  const end: Internal & { link(p: Internal): void } = {
    name,
    sender,
    sent: [],
    get connected() {
      return state.connected;
    },
    postMessage(message) {
      if (!state.connected) throw new Error('Attempting to use a disconnected port object');
      const copy = structuredClone(message);
      end.sent.push(copy);
      peer?.deliver(copy);
    },
    onMessage(callback) {
      messageListeners.add(callback);
      return () => messageListeners.delete(callback);
    },
    onDisconnect(callback) {
      disconnectListeners.add(callback);
      return () => disconnectListeners.delete(callback);
    },
    disconnect() {
      if (!state.connected) return;
      state.connected = false;
      peer?.lose();
    },
    simulateDisconnect(error) {
      if (!state.connected) return;
      state.connected = false;
      end.lose(error);
      peer?.lose(error);
    },
    deliver(message) {
      for (const listener of [...messageListeners]) listener(message);
    },
    lose(error) {
      for (const listener of [...disconnectListeners]) listener(error);
    },
    link(p) {
      peer = p;
    },
  };
  return end;
}

/** A connected pair: `client` is what `runtime.connect` returns, `server` what `onConnect` gets. */
export function createFakePort(
  name: string,
  sender?: PortSender,
): { client: FakePort; server: FakePort } {
  const state = { connected: true };
  const client = createEnd(name, undefined, state) as Internal & { link(p: Internal): void };
  const server = createEnd(name, sender, state) as Internal & { link(p: Internal): void };
  client.link(server);
  server.link(client);
  return { client, server };
}

/**
 * A fake `runtime.connect`: each call creates a pair and hands the server end to `onConnect`
 * (the background under test, or a test's own handler). Set `failWith` to make connect throw.
 */
export function createFakeConnector(onConnect: (server: FakePort) => void = () => undefined) {
  const connector = {
    clients: [] as FakePort[],
    servers: [] as FakePort[],
    failWith: undefined as Error | undefined,
    sender: undefined as PortSender | undefined,
    connect(name: string): FakePort {
      if (connector.failWith) throw connector.failWith;
      const { client, server } = createFakePort(name, connector.sender);
      connector.clients.push(client);
      connector.servers.push(server);
      onConnect(server);
      return client;
    },
    get lastServer(): FakePort | undefined {
      return connector.servers[connector.servers.length - 1];
    },
  };
  return connector;
}

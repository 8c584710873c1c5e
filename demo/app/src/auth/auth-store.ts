/**
 * A fake auth client: holds the access token the SSE URL carries and tells subscribers when it
 * changes (ticket 29, stage 2 step 2: a token change must cause one controlled reconnect).
 * Tokens look like the demo server expects: `tok-` + 16 url-safe characters.
 */
export type TokenListener = (token: string | null) => void;

export interface AuthStore {
  getToken(): string | null;
  /** Calls `listener` with the new token after every change; returns an unsubscribe. */
  subscribe(listener: TokenListener): () => void;
  /** Issues a new token (what a refresh-token exchange would do) and returns it. */
  rotate(): string;
  /** Sets a token by hand (e.g. an invalid one, to see a 401). */
  setToken(token: string | null): void;
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

export function createToken(random: () => number, length = 16): string {
  let body = '';
  for (let i = 0; i < length; i++)
    body += ALPHABET[Math.floor(random() * ALPHABET.length) % ALPHABET.length];
  return `tok-${body}`;
}

export interface AuthStoreOptions {
  /** Default Math.random (looked up at call time). */
  readonly random?: () => number;
  /** Default: a fresh token. */
  readonly initialToken?: string | null;
}

export function createAuthStore(options: AuthStoreOptions = {}): AuthStore {
  const random = (): number => (options.random ?? Math.random)();
  let token: string | null =
    options.initialToken === undefined ? createToken(random) : options.initialToken;
  const listeners = new Set<TokenListener>();

  const store: AuthStore = {
    getToken: () => token,
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    rotate() {
      const next = createToken(random);
      store.setToken(next);
      return next;
    },
    setToken(next) {
      if (next === token) return;
      token = next;
      // A copy: a listener that unsubscribes while being notified must not skip another one.
      for (const listener of [...listeners]) listener(token);
    },
  };
  return store;
}

/** `tok-abcd…` — enough to tell tokens apart on screen without showing a whole credential. */
export function maskToken(token: string | null): string {
  if (token === null) return '(none)';
  return token.length <= 8 ? token : `${token.slice(0, 8)}…`;
}

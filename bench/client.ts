/**
 * Figure 6: the fixed client under an error storm — 10 000 consecutive `error`s through
 * `src/client` with a manual scheduler: max pending reconnect timers, max live EventSources, and
 * CPU per error. (Pure Node: the browser adds nothing to what is measured here.)
 */
import { createSSEClient } from '../src/client';
import type { EventSourceLike } from '../src/client/types';
import { atMost, type Figure } from './figure';

type Listener = (event: Event) => void;

export async function benchClient(opts: { errors: number }): Promise<Figure[]> {
  let live = 0;
  let maxLive = 0;
  // In an object so TypeScript sees the constructor's assignment (closure narrowing would not).
  const latest: { source: StormSource | null } = { source: null };
  class StormSource implements EventSourceLike {
    readyState = 0;
    private readonly listeners = new Map<string, Listener[]>();
    constructor(readonly url: string) {
      live++;
      maxLive = Math.max(maxLive, live);
      latest.source = this;
    }
    addEventListener(type: string, listener: Listener) {
      this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
    }
    close() {
      if (this.readyState !== 2) live--;
      this.readyState = 2;
    }
    fail() {
      this.readyState = 0; // transient: the browser would retry on its own
      for (const l of this.listeners.get('error') ?? []) l({ type: 'error' } as Event);
    }
  }

  // A manual scheduler: timers fire only when we say so, so every error lands while the
  // previous reconnect timer may still be pending (the situation that used to stack timers).
  const pending = new Map<number, () => void>();
  let nextId = 1;
  let maxPending = 0;
  let now = 0;
  const client = createSSEClient({
    url: '/v1/events/sse',
    EventSource: StormSource,
    debug: false,
    heartbeatTimeoutMs: 0,
    random: () => 0.5,
    now: () => now,
    online: { isOnline: () => true, subscribe: () => () => {} },
    setTimeout: (fn, _ms) => {
      const id = nextId++;
      pending.set(id, fn);
      maxPending = Math.max(maxPending, pending.size);
      return id;
    },
    clearTimeout: (id) => {
      pending.delete(id as number);
    },
  });
  const unsubscribe = client.subscribe(() => {});
  const fireAll = () => {
    for (const [id, fn] of [...pending]) {
      pending.delete(id);
      fn();
    }
  };

  const cpu0 = process.cpuUsage();
  for (let i = 0; i < opts.errors; i++) {
    // Errors in bursts of 3 (a late error on the replaced source included), then the timer fires.
    const source = latest.source;
    source?.fail();
    source?.fail();
    if (i % 3 === 0) fireAll();
    now += 10;
  }
  const cpu = process.cpuUsage(cpu0);
  unsubscribe();
  client.dispose();
  const perErrorUs = (cpu.user + cpu.system) / opts.errors;
  return [
    {
      id: 'client-max-timers',
      label: `Client: ${opts.errors.toLocaleString('en')} errors, max pending reconnect timers`,
      value: maxPending,
      unit: '',
      ...atMost(maxPending, 1),
    },
    {
      id: 'client-max-live',
      label: `Client: ${opts.errors.toLocaleString('en')} errors, max live EventSources`,
      value: maxLive,
      unit: '',
      ...atMost(maxLive, 1),
    },
    {
      id: 'client-cpu-per-error',
      label: 'Client: CPU per error',
      value: perErrorUs,
      unit: 'µs',
      target: 'report',
      holds: true,
    },
  ];
}

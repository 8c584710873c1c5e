import { describe, expect, test } from 'vitest';
import { envelope } from './envelope';
import {
  isBackgroundToRelay,
  isHookRecord,
  isBackgroundWake,
  isRelayHello,
  isRelayHelloAnswer,
  isRelayToBackground,
} from './guards';
import { PROTOCOL_VERSION, SOURCE } from './version';

const throwing = new Proxy(
  {},
  {
    get() {
      throw new Error('gotcha');
    },
    ownKeys() {
      throw new Error('gotcha');
    },
  },
);

const garbage: [string, unknown][] = [
  ['undefined', undefined],
  ['null', null],
  ['a number', 42],
  ['a string', 'relay:hello'],
  ['an array', [SOURCE, PROTOCOL_VERSION, 'relay:hello']],
  ['an empty object', {}],
  ['a proxy whose getters throw', throwing],
  ['someone else\u2019s traffic', { source: 'react-devtools', kind: 'relay:hello' }],
  ['a kind that is not a string', { source: SOURCE, version: PROTOCOL_VERSION, kind: 1 }],
];

describe('isRelayHello', () => {
  test('accepts the envelope', () => {
    expect(isRelayHello(envelope('relay:hello', {}))).toBe(true);
  });

  test.each(garbage)('refuses %s', (_label, value) => {
    expect(isRelayHello(value)).toBe(false);
  });

  test('refuses another protocol version and other kinds', () => {
    expect(isRelayHello({ ...envelope('relay:hello', {}), version: PROTOCOL_VERSION + 1 })).toBe(
      false,
    );
    expect(isRelayHello(envelope('bg:wake', {}))).toBe(false);
    expect(isRelayHello(envelope('relay:stats', { rejected: {} }))).toBe(false);
  });

  test('is never accepted on the relay port', () => {
    expect(isRelayToBackground(envelope('relay:hello', {}))).toBe(false);
  });
});

describe('isBackgroundWake', () => {
  test('accepts the envelope', () => {
    expect(isBackgroundWake(envelope('bg:wake', {}))).toBe(true);
  });

  test.each(garbage)('refuses %s', (_label, value) => {
    expect(isBackgroundWake(value)).toBe(false);
  });

  test('refuses another protocol version and other kinds', () => {
    expect(isBackgroundWake({ ...envelope('bg:wake', {}), version: 0 })).toBe(false);
    expect(isBackgroundWake(envelope('bg:detach', {}))).toBe(false);
    expect(isBackgroundWake(envelope('relay:hello', {}))).toBe(false);
  });

  test('is never accepted on the relay port', () => {
    expect(isBackgroundToRelay(envelope('bg:wake', {}))).toBe(false);
  });
});

describe('isRelayHelloAnswer', () => {
  test.each([true, false])('accepts { watched: %s }', (watched) => {
    expect(isRelayHelloAnswer({ watched })).toBe(true);
  });

  test.each([
    ...garbage,
    ['a string watched', { watched: 'true' }],
    ['a numeric watched', { watched: 1 }],
    ['an array', [true]],
  ])('refuses %s', (_label, value) => {
    expect(isRelayHelloAnswer(value)).toBe(false);
  });
});

describe('isHookRecord: fetch-stream fields', () => {
  const conn = { k: 'conn', seq: 1, t: 1, id: 1, url: 'u', withCredentials: false, stack: '' };

  test('accepts a fetch connection, its status, end and retry', () => {
    expect(isHookRecord({ ...conn, kind: 'fetch', method: 'POST' })).toBe(true);
    expect(isHookRecord({ k: 'open', seq: 2, t: 1, id: 1, status: 200 })).toBe(true);
    expect(isHookRecord({ k: 'error', seq: 3, t: 1, id: 1, readyState: 2, end: 'server' })).toBe(
      true,
    );
    const close = { k: 'close', seq: 4, t: 1, id: 1, stack: '', readyState: 1, end: 'cancel' };
    expect(isHookRecord(close)).toBe(true);
    // A close in the constructing task: `unsent` is true or absent, nothing else.
    const early = { k: 'close', seq: 4, t: 1, id: 1, stack: '', readyState: 0, unsent: true };
    expect(isHookRecord(early)).toBe(true);
    expect(isHookRecord({ ...early, unsent: false })).toBe(false);
    expect(isHookRecord({ ...early, unsent: 1 })).toBe(false);
    const msgs = {
      k: 'msgs',
      seq: 5,
      t: 1,
      id: 1,
      count: 0,
      bytes: 0,
      byType: {},
      lastEventId: '',
      lastAt: 0,
      recent: [],
      skipped: 0,
      retry: 3000,
    };
    expect(isHookRecord(msgs)).toBe(true);
    // Messages whose size is estimated: a count, never more than the interval's count.
    const flood = { ...msgs, count: 300, bytes: 1200, unmeasured: 150 };
    expect(isHookRecord(flood)).toBe(true);
    expect(isHookRecord({ ...flood, unmeasured: 301 })).toBe(false);
    expect(isHookRecord({ ...flood, unmeasured: -1 })).toBe(false);
    expect(isHookRecord({ ...flood, unmeasured: '150' })).toBe(false);
  });

  test('refuses an unknown kind, end or a non-integer status', () => {
    expect(isHookRecord({ ...conn, kind: 'websocket' })).toBe(false);
    expect(isHookRecord({ k: 'open', seq: 2, t: 1, id: 1, status: 'ok' })).toBe(false);
    expect(isHookRecord({ k: 'error', seq: 3, t: 1, id: 1, readyState: 2, end: 'gone' })).toBe(
      false,
    );
  });
});

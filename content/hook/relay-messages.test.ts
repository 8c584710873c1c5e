import { describe, expect, test } from 'vitest';
import { isRelayToPage } from '../../src/protocol/guards';
import { DEFAULT_HOOK_SETTINGS } from '../../src/protocol/records';
import { captureNatives } from './natives';
import { createRelayMessageGuard } from './relay-messages';

const guard = createRelayMessageGuard(captureNatives(globalThis));
const env = { source: 'sse-devtools', version: 1 };
const settings = DEFAULT_HOOK_SETTINGS;

const samples: Array<[string, unknown]> = [
  ['attach', { ...env, kind: 'relay:attach', cursors: { s1: 5 }, settings }],
  ['detach', { ...env, kind: 'relay:detach' }],
  ['settings', { ...env, kind: 'relay:settings', settings }],
  ['our own records', { ...env, kind: 'page:records', session: 's', records: [] }],
  ['another version', { ...env, version: 2, kind: 'relay:detach' }],
  ['someone else', { source: 'other', version: 1, kind: 'relay:detach' }],
  ['negative cursor', { ...env, kind: 'relay:attach', cursors: { s: -1 }, settings }],
  ['fractional cursor', { ...env, kind: 'relay:attach', cursors: { s: 1.5 }, settings }],
  ['array cursors', { ...env, kind: 'relay:attach', cursors: [], settings }],
  ['missing settings', { ...env, kind: 'relay:attach', cursors: {} }],
  ['tiny buffer', { ...env, kind: 'relay:settings', settings: { ...settings, bufferBytes: 1 } }],
  ['fast polling', { ...env, kind: 'relay:settings', settings: { ...settings, pollMs: 10 } }],
  ['huge dataCap', { ...env, kind: 'relay:settings', settings: { ...settings, dataCap: 1e9 } }],
  [
    'non-string param',
    { ...env, kind: 'relay:settings', settings: { ...settings, redactParams: [1] } },
  ],
  [
    'too many globals',
    {
      ...env,
      kind: 'relay:settings',
      settings: { ...settings, debugGlobals: Array(17).fill('x') },
    },
  ],
  [
    'long label',
    { ...env, kind: 'relay:settings', settings: { ...settings, redactParams: ['x'.repeat(300)] } },
  ],
  ['unknown kind', { ...env, kind: 'relay:nope' }],
  ['null', null],
  ['string', 'relay:attach'],
  [
    'throwing getter',
    Object.defineProperty({ ...env }, 'kind', {
      enumerable: true,
      get() {
        throw new Error('forged');
      },
    }),
  ],
];

describe('relay → page validation inside the hook', () => {
  test.each(samples)('agrees with the protocol isRelayToPage on: %s', (_name, message) => {
    expect(guard(message)).toBe(isRelayToPage(message));
  });

  test('accepts the three relay kinds', () => {
    expect(samples.slice(0, 3).every(([, m]) => guard(m))).toBe(true);
  });
});

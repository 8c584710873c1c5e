import { describe, expect, test } from 'vitest';
import { isRelayToPage } from '../../src/protocol/guards';
import { HOOK_SETTING_BOUNDS } from '../../src/protocol/limits';
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
  ['a census request (not on this hop)', { ...env, kind: 'relay:census-request', round: 3 }],
  ['our own census answer', { ...env, kind: 'page:census', round: 3, hosts: [] }],
  ['another version', { ...env, version: 2, kind: 'relay:detach' }],
  ['someone else', { source: 'other', version: 1, kind: 'relay:detach' }],
  ['negative cursor', { ...env, kind: 'relay:attach', cursors: { s: -1 }, settings }],
  ['fractional cursor', { ...env, kind: 'relay:attach', cursors: { s: 1.5 }, settings }],
  ['array cursors', { ...env, kind: 'relay:attach', cursors: [], settings }],
  ['missing settings', { ...env, kind: 'relay:attach', cursors: {} }],
  ['tiny buffer', { ...env, kind: 'relay:settings', settings: { ...settings, bufferBytes: 1 } }],
  ['fast polling', { ...env, kind: 'relay:settings', settings: { ...settings, pollMs: 10 } }],
  ['huge dataCap', { ...env, kind: 'relay:settings', settings: { ...settings, dataCap: 1e9 } }],
  ['slow polling', { ...env, kind: 'relay:settings', settings: { ...settings, pollMs: 600_000 } }],
  ['no data kept', { ...env, kind: 'relay:settings', settings: { ...settings, dataCap: 0 } }],
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

  test.each(['pollMs', 'bufferBytes', 'dataCap'] as const)(
    'both guards accept %s from min to max of HOOK_SETTING_BOUNDS and nothing beyond',
    (key) => {
      const { min, max } = HOOK_SETTING_BOUNDS[key];
      const at = (value: number) => ({
        ...env,
        kind: 'relay:settings',
        settings: { ...settings, [key]: value },
      });
      for (const value of [min, max]) {
        expect(guard(at(value))).toBe(true);
        expect(isRelayToPage(at(value))).toBe(true);
      }
      for (const value of [min - 1, max + 1]) {
        expect(guard(at(value))).toBe(false);
        expect(isRelayToPage(at(value))).toBe(false);
      }
    },
  );
});

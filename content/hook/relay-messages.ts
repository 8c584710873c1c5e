/**
 * Validation of relay → page messages inside the hook bundle.
 *
 * Same rules as `isRelayToPage` in src/protocol/guards.ts (relay-messages.test.ts checks both give
 * the same answer on valid and forged samples), re-stated here because the shared guard's
 * `check()` switch drags every record validator into the MAIN-world bundle, which must stay tiny,
 * and because it calls natives (`Object.keys`, `Array.prototype.every`) that page code may have
 * replaced by the time a message arrives. This version uses only natives captured at install.
 */
import { HOOK_SETTING_BOUNDS, LIMITS } from '../../src/protocol/limits';
import type { RelayToPage } from '../../src/protocol/messages';
import { PROTOCOL_VERSION, SOURCE } from '../../src/protocol/version';
import type { Natives } from './natives';

type Obj = Record<string, unknown>;

export function createRelayMessageGuard(
  natives: Natives,
): (message: unknown) => message is RelayToPage {
  const { keys, isArray, isFinite } = natives;
  const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !isArray(v);
  const isCount = (v: unknown): v is number =>
    typeof v === 'number' && isFinite(v) && v >= 0 && v % 1 === 0;

  function isLabelList(v: unknown, max: number): boolean {
    if (!isArray(v) || v.length > max) return false;
    for (let i = 0; i < v.length; i++) {
      const item: unknown = v[i];
      if (typeof item !== 'string' || item.length > LIMITS.maxLabel) return false;
    }
    return true;
  }

  const isIn = (v: unknown, bounds: { readonly min: number; readonly max: number }): boolean =>
    isCount(v) && v >= bounds.min && v <= bounds.max;

  function isSettings(v: unknown): boolean {
    const b = HOOK_SETTING_BOUNDS;
    return (
      isObj(v) &&
      isLabelList(v.redactParams, b.redactParams) &&
      isLabelList(v.debugGlobals, b.debugGlobals) &&
      isIn(v.pollMs, b.pollMs) &&
      isIn(v.bufferBytes, b.bufferBytes) &&
      isIn(v.dataCap, b.dataCap)
    );
  }

  function isCursors(v: unknown): boolean {
    if (!isObj(v)) return false;
    const names = keys(v);
    if (names.length > 10_000) return false;
    for (let i = 0; i < names.length; i++) {
      const name = names[i] as string;
      if (name.length > LIMITS.maxLabel || !isCount(v[name])) return false;
    }
    return true;
  }

  return (message: unknown): message is RelayToPage => {
    try {
      if (!isObj(message) || message.source !== SOURCE || message.version !== PROTOCOL_VERSION)
        return false;
      switch (message.kind) {
        case 'relay:attach':
          return isCursors(message.cursors) && isSettings(message.settings);
        case 'relay:settings':
          return isSettings(message.settings);
        case 'relay:detach':
          return true;
        case 'relay:probe':
          return (
            typeof message.probeId === 'string' &&
            message.probeId.length > 0 &&
            message.probeId.length <= 64 &&
            typeof message.url === 'string' &&
            message.url.length <= LIMITS.maxUrl &&
            typeof message.withCredentials === 'boolean'
          );
        default:
          return false;
      }
    } catch {
      // Throwing getters on a forged message: refuse it.
      return false;
    }
  };
}

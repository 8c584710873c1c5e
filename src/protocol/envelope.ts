import { PROTOCOL_VERSION, SOURCE } from './version';

/** Builds an envelope of the current protocol version. */
export function envelope<K extends string, P extends object>(
  kind: K,
  payload: P,
): { source: typeof SOURCE; version: typeof PROTOCOL_VERSION; kind: K } & P {
  return { source: SOURCE, version: PROTOCOL_VERSION, kind, ...payload };
}

/** "Copy as JSON" of one connection: everything the panel knows, stable key order. */
import type { Connection } from './store';

export function connectionToJson(c: Connection): string {
  const { callSite, ...rest } = c;
  return JSON.stringify({ ...rest, callSite: callSite?.key ?? null }, null, 2);
}

/**
 * Redaction applied again at export time, with the settings in force then: the hook redacted with
 * the rule it had when it saw the URL, and a report leaves the machine, so we do not rely on that.
 */
import { REDACTED } from '../../src/protocol/limits';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Replaces the values of the named query parameters anywhere in `text` (URLs inside stacks too). */
export function redactText(text: string, params: readonly string[]): string {
  if (params.length === 0 || !text) return text;
  const names = params.map(escape).join('|');
  const re = new RegExp(`([?&](?:${names})=)[^&#\\s)"'<>]*`, 'gi');
  return text.replace(re, (_m, head: string) => `${head}${REDACTED}`);
}

/**
 * Redacts secrets from URLs before they leave the page: query parameters whose (decoded,
 * case-insensitive) name is in the rule, and the password of `user:pass@` userinfo. The rest of
 * the URL is kept byte for byte (no re-serialisation through URLSearchParams, which would change
 * encodings the developer is trying to debug).
 *
 * The input is `eventSource.url`, already absolute (the native resolved it against
 * document.baseURI), so we never coerce the page's argument a second time.
 */
import { LIMITS, REDACTED } from '../../src/protocol/limits';
import { dict, type Natives } from './natives';

export interface UrlRedactor {
  setParams(names: readonly string[]): void;
  redact(url: string): string;
}

export function createUrlRedactor(natives: Natives, params: readonly string[]): UrlRedactor {
  const { apply, strIndexOf, strSlice, strSplit, strToLowerCase, arrJoin } = natives;
  const indexOf = (s: string, needle: string, from = 0): number =>
    apply(strIndexOf, s, [needle, from]) as number;
  const slice = (s: string, a: number, b?: number): string =>
    apply(strSlice, s, b === undefined ? [a] : [a, b]) as string;
  let rule = dict<true>();

  function decodeName(raw: string): string {
    const spaced = apply(arrJoin, apply(strSplit, raw, ['+']), [' ']) as string;
    try {
      return apply(strToLowerCase, natives.decodeURIComponent(spaced), []) as string;
    } catch {
      // Malformed percent-encoding: compare the raw name instead (still case-insensitive).
      return apply(strToLowerCase, spaced, []) as string;
    }
  }

  function redactUserinfo(url: string): string {
    const scheme = indexOf(url, '://');
    if (scheme < 0) return url;
    const hostStart = scheme + 3;
    let hostEnd = url.length;
    const stops = ['/', '?', '#'];
    for (let i = 0; i < stops.length; i++) {
      const at = indexOf(url, stops[i] as string, hostStart);
      if (at >= 0 && at < hostEnd) hostEnd = at;
    }
    const authority = slice(url, hostStart, hostEnd);
    const atSign = apply(natives.strLastIndexOf, authority, ['@']) as number;
    if (atSign < 0) return url;
    const colon = indexOf(authority, ':');
    if (colon < 0 || colon > atSign) return url;
    return (
      slice(url, 0, hostStart) +
      slice(authority, 0, colon + 1) +
      REDACTED +
      slice(authority, atSign) +
      slice(url, hostEnd)
    );
  }

  const redactor: UrlRedactor = {
    setParams(names) {
      const next = dict<true>();
      for (let i = 0; i < names.length; i++) {
        next[apply(strToLowerCase, names[i] as string, []) as string] = true;
      }
      rule = next;
    },
    redact(input) {
      const url = redactUserinfo(input);
      const hashAt = indexOf(url, '#');
      const main = hashAt < 0 ? url : slice(url, 0, hashAt);
      const hash = hashAt < 0 ? '' : slice(url, hashAt);
      const queryAt = indexOf(main, '?');
      let out = main;
      if (queryAt >= 0) {
        const parts = apply(strSplit, slice(main, queryAt + 1), ['&']) as string[];
        for (let i = 0; i < parts.length; i++) {
          const part = parts[i] as string;
          const eq = indexOf(part, '=');
          const rawName = eq < 0 ? part : slice(part, 0, eq);
          if (rule[decodeName(rawName)] === true) parts[i] = `${rawName}=${REDACTED}`;
        }
        out = `${slice(main, 0, queryAt + 1)}${apply(arrJoin, parts, ['&']) as string}`;
      }
      out += hash;
      return out.length > LIMITS.maxUrl ? slice(out, 0, LIMITS.maxUrl - 1) + '…' : out;
    },
  };
  redactor.setParams(params);
  return redactor;
}

/**
 * Add (or replace) one query parameter, keeping any `#fragment` and working on relative URLs
 * (no base URL is needed, so this runs the same in a page, a worker and Node).
 */
export function withQueryParam(url: string, name: string, value: string): string {
  const hashAt = url.indexOf('#');
  const hash = hashAt === -1 ? '' : url.slice(hashAt);
  const beforeHash = hashAt === -1 ? url : url.slice(0, hashAt);
  const queryAt = beforeHash.indexOf('?');
  const path = queryAt === -1 ? beforeHash : beforeHash.slice(0, queryAt);
  const query = queryAt === -1 ? '' : beforeHash.slice(queryAt + 1);
  const params = new URLSearchParams(query);
  params.set(name, value);
  return `${path}?${params.toString()}${hash}`;
}

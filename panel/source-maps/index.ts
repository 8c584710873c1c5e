/**
 * The panel's source-map lookups: one resolver per DevTools adapter (so one cache per panel), and
 * a hook that resolves a stack frame after render and re-renders when the answer arrives.
 */
import { useEffect, useState } from 'react';
import type { DevtoolsApi } from '../devtools-api';
import type { StackFrame } from '../stack';
import {
  createSourceMapResolver,
  MAX_MAP_CHARS,
  type OriginalPosition,
  type SourceMapResolver,
} from './resolver';

export type { OriginalPosition } from './resolver';

const resolvers = new WeakMap<DevtoolsApi, SourceMapResolver>();

export function sourceMapResolverFor(api: DevtoolsApi): SourceMapResolver {
  let resolver = resolvers.get(api);
  if (!resolver) {
    resolver = createSourceMapResolver({
      readScript: (url) => api.readResource(url),
      // A map the page fetched as a resource is read from DevTools; otherwise the page reads it.
      readMap: async (url) =>
        (await api.readResource(url)) ?? api.readSameOrigin(url, MAX_MAP_CHARS),
    });
    resolvers.set(api, resolver);
  }
  return resolver;
}

/** The original position of `frame` once resolved; null while unknown or when there is none. */
export function useOriginalPosition(
  api: DevtoolsApi,
  frame: StackFrame | null,
): OriginalPosition | null {
  const [found, setFound] = useState<{ raw: string; at: OriginalPosition | null } | null>(null);
  const raw = frame?.raw ?? '';
  useEffect(() => {
    if (!frame) return undefined;
    let live = true;
    void sourceMapResolverFor(api)
      .resolve(frame)
      .then((at) => {
        if (live) setFound({ raw: frame.raw, at });
      });
    return () => {
      live = false;
    };
    // The frame's text is its identity: a new object with the same text needs no new lookup.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, raw]);
  return found && found.raw === raw ? found.at : null;
}

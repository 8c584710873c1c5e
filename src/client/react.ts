/**
 * React entry point of the SSE client (the package's `./react` subpath): the hooks only. The core
 * never imports React, so `react` is a peer dependency of this entry alone.
 */
export { useSSEEvents, useSSEStatus, type UseSSEOptions } from './use-sse-events';

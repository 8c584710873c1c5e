/** React entry point of the SSE client: the hooks only (the core never imports React). */
export { useSSEEvents, useSSEStatus, type UseSSEOptions } from './use-sse-events';

/**
 * The `chrome.storage.local` entry that lets the panel expose its store as
 * `window.__SSE_PANEL_STORE__` (see test-global.ts). Nothing in the extension sets it: the e2e
 * harness, the benchmarks and the evidence and soak runs write it through the service worker before
 * they open the panel (tests/e2e/harness/test-global.ts), so they drive the exact build that ships.
 * Kept in its own dependency-free file so that Node-side scripts can import it.
 */
export const EXPOSE_TEST_GLOBAL_KEY = 'sse-devtools:expose-test-global';

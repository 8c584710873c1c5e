/**
 * SSE DevTools page hook — MAIN world, document_start, all frames (about:blank included).
 *
 * Built by crxjs as a standalone IIFE (vite.config.ts STANDALONE_CONTENT_SCRIPTS) so it runs
 * before any page script. May import only `content/hook/*` and type/constant-level code from
 * `src/protocol` (plus its pure guard): no polyfill, no `chrome.*`, no dynamic import.
 *
 * Hop chain: page hook ──window.postMessage──▶ relay (content/relay.ts, ISOLATED world)
 *            ──runtime port──▶ service worker ──▶ SSE panel. See content/hook/install.ts.
 */
import { installHook } from './hook/install';

installHook();

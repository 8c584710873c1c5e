/**
 * SSE DevTools page hook — MAIN world, document_start, all frames (about:blank included).
 *
 * Built by crxjs as a standalone IIFE (vite.config.ts STANDALONE_CONTENT_SCRIPTS) so it runs
 * before any page script. It shares the page's globals, so the page can see, patch or break
 * whatever it touches. Rules for everything under content/hook (enforced by the override for
 * content/hook in eslint.config.js; test files excepted):
 * - Imports: only `content/hook/*` and the constants and types of `src/protocol` (not its
 *   guards: they call built-ins the page can replace; relay-messages.ts re-states the one the
 *   hook needs with captured natives). No webextension-polyfill, React, zustand or
 *   `src/messaging`; no dynamic import.
 * - No `chrome.*` / `browser.*`: the page's world has no extension APIs. The relay
 *   (content/relay.ts) is the only way out.
 * - No `for…of` and no array or argument spread: both call `Symbol.iterator`, which page code
 *   can replace. Use index loops, and natives captured at install (content/hook/natives.ts).
 * - Never throw into page code: every call from the page is wrapped, and an intentional catch
 *   is `} catch {` with a first-line comment saying why the error is expected, then handles it
 *   (often `internalError()`, which the stats count).
 * - Stay cheap on the hot paths (each SSE message, each construction): aggregate and defer.
 *
 * Hop chain: page hook ──window.postMessage──▶ relay (content/relay.ts, ISOLATED world)
 *            ──runtime port──▶ service worker ──▶ SSE panel. See content/hook/install.ts.
 */
import { installHook } from './hook/install';

installHook();

/**
 * Wire protocol version shared by every hop (page hook, relay, service worker, panel).
 *
 * Bump rule: increment when a message or record changes shape in a way an older peer would
 * misread (a field removed or retyped, a kind renamed). Adding an optional field does not bump.
 * Every hop drops envelopes of another version and counts them; the panel shows the mismatch
 * (a page tab still running an old hook after the extension was updated is the usual cause).
 */
export const PROTOCOL_VERSION = 1;

/** Tag carried by every envelope so we never confuse our traffic with the page's own messages. */
export const SOURCE = 'sse-devtools' as const;

/**
 * DOM event types of the census hop between a relay and its hook (src/protocol/messages.ts).
 * Not window.postMessage: every `message` listener of the page would see those, in tabs nobody
 * inspects, every round. A CustomEvent of our own type reaches only listeners of that type;
 * the request's `detail` is the round (a number), the answer's the JSON of a `page:census`
 * (primitives cross the two worlds as they are).
 */
export const CENSUS_REQUEST_EVENT = 'sse-devtools:census-request';
export const CENSUS_ANSWER_EVENT = 'sse-devtools:census';

/**
 * DOM event type the hook dispatches on `performance` at its first stream (EventSource or fetch
 * event stream) to wake its frame's relay. Until then the relay has touched neither
 * `chrome.runtime` nor `document` (≈ 0.3 and 0.4 ms of every frame's start in an isolated world:
 * bench, bystander install cost), so a frame without SSE pays for neither. `performance`, not the
 * window: `document.open()` erases the window's listeners, never those of `performance`. The
 * event carries nothing; a page that dispatches it only makes its relay start early.
 */
export const RELAY_WAKE_EVENT = 'sse-devtools:wake';

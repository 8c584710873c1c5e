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

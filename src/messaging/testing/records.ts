/** Record builders shared by the messaging, relay and router unit tests. */
import type { HelloRecord } from '../../protocol';

/** The first record of a hook session (any valid record will do where shape is all that matters). */
export const helloRecord = (seq = 1, url = 'http://127.0.0.1/'): HelloRecord => ({
  seq,
  t: 1,
  k: 'hello',
  url,
  top: true,
  hookVersion: '1',
});

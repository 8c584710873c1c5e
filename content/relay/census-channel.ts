/**
 * The relay's side of the census hop to its hook (ISOLATED world ⇄ MAIN world): a CustomEvent of
 * our own type each way on the window's `performance` (CENSUS_REQUEST_EVENT in
 * src/protocol/version.ts), so the page's `message` listeners never see it, and `document.open()`,
 * which erases the window's listeners on both sides, leaves these in place. The request carries the round as `detail`; the
 * answer's `detail` is the JSON of a `page:census`, parsed here and validated by the relay.
 * Page script can dispatch either type too: the relay takes an answer only for its own pending
 * round, and the hook answers at most once per gap.
 */
import { CENSUS_ANSWER_EVENT, CENSUS_REQUEST_EVENT } from '../../src/protocol';

/** Characters of an answer's JSON (64 hosts of ≤ 256-character origins fit in ~20 000). */
export const MAX_CENSUS_JSON = 64 * 1024;

export interface CensusChannel {
  ask(round: number): void;
  /** `data` is the parsed answer, or undefined when it was not a JSON string within the cap. */
  onAnswer(handler: (data: unknown) => void): () => void;
}

/** The part of an EventTarget (`performance`) used here. */
export interface CensusEventTarget {
  addEventListener(type: string, listener: (event: Event) => void): void;
  removeEventListener(type: string, listener: (event: Event) => void): void;
  dispatchEvent(event: Event): boolean;
}

export function createDomCensusChannel(
  target: CensusEventTarget,
  Custom: typeof CustomEvent = CustomEvent,
): CensusChannel {
  return {
    ask(round) {
      target.dispatchEvent(new Custom(CENSUS_REQUEST_EVENT, { detail: round }));
    },
    onAnswer(handler) {
      const listener = (event: Event): void => {
        const detail: unknown = (event as CustomEvent<unknown>).detail;
        if (typeof detail !== 'string' || detail.length > MAX_CENSUS_JSON)
          return handler(undefined);
        let data: unknown;
        try {
          data = JSON.parse(detail);
        } catch {
          // Not JSON: a page script's event of our type. The relay counts it as refused.
          data = undefined;
        }
        handler(data);
      };
      target.addEventListener(CENSUS_ANSWER_EVENT, listener);
      return () => target.removeEventListener(CENSUS_ANSWER_EVENT, listener);
    },
  };
}

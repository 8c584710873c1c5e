/**
 * fetch figures, hooked vs native, A/B interleaved over rounds, DevTools closed:
 * - a fetch() whose response is not an event stream (n sequential small JSON requests): the
 *   hook's cost there is its fetch wrapper, one stack capture and one header read per call;
 * - a fetch SSE message path (n messages read with getReader() and parsed by the page): the
 *   hook's cost is its pull-through byte stream and scanning each chunk's bytes.
 * Both pages run as with DevTools closed (puppeteer's Runtime domain off: with it on, V8 records
 * every `new Error()` for the inspector too, which a user without DevTools never pays). Each round
 * launches both browsers afresh and warms each side up with WARM_UP runs first: the stream path measured 1.6 s, 1.3 s, 1.1 s, 0.6 s,
 * 0.25 s in its first runs on one page (JIT, GC heap growth), so a single warm-up left the first
 * rounds measuring that instead of the steady state.
 */
import { openSide } from './browsers';
import { atMost, type Figure } from './figure';
import { freshPairRounds } from './rounds';
import { median, pairedRatio } from './stats';

/** Warm-up runs a side per round and measurement. */
const WARM_UP = 4;

/** Runs per side in one round, each side keeping its best (rounds.ts). */
const RUNS_PER_ROUND = 3;

export async function benchFetch(
  url: string,
  opts: { requests: number; messages: number; rounds: number },
): Promise<Figure[]> {
  // Fresh browsers every round, in alternating order (rounds.ts `freshPairRounds` says why).
  const [plain, stream] = (await freshPairRounds(
    (name) => openSide(name, url, false, { inspector: false }),
    { rounds: opts.rounds, perRound: RUNS_PER_ROUND, warmUp: WARM_UP },
    [
      (side) =>
        side.page.evaluate(
          (n: number) =>
            (window as unknown as { runFetchPlain(n: number): Promise<number> }).runFetchPlain(n),
          opts.requests,
        ),
      (side) =>
        side.page.evaluate(
          (n: number) =>
            (
              window as unknown as { runFetchStream(n: number, s: number): Promise<number> }
            ).runFetchStream(n, 8),
          opts.messages,
        ),
    ],
  )) as [{ a: number[]; b: number[] }, { a: number[]; b: number[] }];
  const p = pairedRatio(plain.a, plain.b);
  const s = pairedRatio(stream.a, stream.b);
  const perCall = (ms: number[]) => ((median(ms) * 1000) / opts.requests).toFixed(0);
  const rounds = (ratios: number[]) =>
    `${ratios.length} rounds (best of ${RUNS_PER_ROUND} runs a side each): ${ratios.map((r) => r.toFixed(2)).join(', ')}`;
  const rate = (ms: number[]) =>
    Math.round(opts.messages / (median(ms) / 1000)).toLocaleString('en');
  return [
    {
      id: 'fetch-plain',
      label: `fetch() not an event stream (${opts.requests.toLocaleString('en')} sequential requests): hooked / native time`,
      value: p.ratio,
      unit: '×',
      spread: p.spread,
      ...atMost(p.ratio, 1.05),
      detail: `native ${perCall(plain.a)} µs/request, hooked ${perCall(plain.b)} µs/request; ${rounds(p.ratios)}`,
    },
    {
      id: 'fetch-stream',
      label: `fetch SSE message path (${opts.messages.toLocaleString('en')} msgs, getReader): hooked / native time`,
      value: s.ratio,
      unit: '×',
      spread: s.spread,
      ...atMost(s.ratio, 1.1),
      detail: `native ${rate(stream.a)} msgs/s, hooked ${rate(stream.b)} msgs/s; ${rounds(s.ratios)}`,
    },
  ];
}

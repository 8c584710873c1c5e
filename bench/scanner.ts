/**
 * The hook's fetch stream scanner (content/hook/fetch-sse-parser.ts) alone, in this Node's V8:
 * its data lines' end found four bytes at a time (as the hook runs it) vs byte by byte (the same
 * scanner without `words`), ns per message, side by side over interleaved rounds. Chrome hands a
 * fast stream's body over in chunks of 100 KB–2 MB, so the scan is the hook's per-message cost of
 * a fetch stream; the page-level fetch-SSE figure cannot resolve a change of it (≈ 1 % of that
 * page's time). Two message sizes: the fetch figure's 33 bytes and a 225-byte one (an AI SDK's
 * token event is of that order).
 */
import { createSseScanner, type ByteNatives } from '../content/hook/fetch-sse-parser';
import { byteNatives } from '../content/hook/fetch-streams';
import { captureNatives } from '../content/hook/natives';
import type { Figure } from './figure';
import { median, pairedRatio } from './stats';

const CHUNK = 256 * 1024;

/** The hook's own byte natives (fetch-streams.ts), with or without the word search. */
function natives(words: boolean): ByteNatives {
  return byteNatives(
    captureNatives(globalThis as never),
    TextDecoder as never,
    Uint8Array as never,
    words ? (Uint32Array as never) : undefined,
  );
}

/** ms to scan `chunks` once with a fresh scanner (the hook's 20 samples per chunk). */
function scanOnce(chunks: readonly Uint8Array[], bytes: ByteNatives): number {
  let events = 0;
  const scanner = createSseScanner(captureNatives(globalThis as never), bytes, 20, {
    counted: (n) => {
      events += n;
    },
    sampled: () => {
      events += 1;
    },
    retry: () => {},
  });
  const t0 = performance.now();
  for (const chunk of chunks) scanner.push(chunk);
  const ms = performance.now() - t0;
  if (events === 0) throw new Error('the scanner counted no event');
  return ms;
}

export async function benchScanner(opts: { messages: number; rounds: number }): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const [name, pad] of [
    ['small', 8],
    ['large', 200],
  ] as const) {
    let text = '';
    for (let i = 0; i < opts.messages; i++) text += `data: {"i":${i},"v":"${'x'.repeat(pad)}"}\n\n`;
    const body = new TextEncoder().encode(text);
    const size = Math.round(body.length / opts.messages);
    const chunks: Uint8Array[] = [];
    for (let at = 0; at < body.length; at += CHUNK) chunks.push(body.subarray(at, at + CHUNK));
    const byBytes = natives(false);
    const byWords = natives(true);
    // Warm-up: both paths optimized before the first round.
    for (let i = 0; i < 5; i++) {
      scanOnce(chunks, byBytes);
      scanOnce(chunks, byWords);
    }
    const a: number[] = [];
    const b: number[] = [];
    for (let round = 0; round < opts.rounds; round++) {
      // Best of three a side per round, alternating who goes first.
      let bestA = Infinity;
      let bestB = Infinity;
      for (let i = 0; i < 3; i++) {
        if ((round + i) % 2 === 0) {
          bestA = Math.min(bestA, scanOnce(chunks, byBytes));
          bestB = Math.min(bestB, scanOnce(chunks, byWords));
        } else {
          bestB = Math.min(bestB, scanOnce(chunks, byWords));
          bestA = Math.min(bestA, scanOnce(chunks, byBytes));
        }
      }
      a.push(bestA);
      b.push(bestB);
      await new Promise((r) => setImmediate(r));
    }
    const { ratio, spread, ratios } = pairedRatio(a, b);
    const ns = (ms: number[]) => ((median(ms) * 1e6) / opts.messages).toFixed(1);
    figures.push({
      id: `fetch-scanner-${name}`,
      label: `fetch stream scanner alone (V8 in Node, ${size}-byte messages): word / byte line-end search time`,
      value: ratio,
      unit: '×',
      spread,
      target: 'report',
      holds: true,
      detail: `byte by byte ${ns(a)} ns/msg, four bytes at a time ${ns(b)} ns/msg; ${opts.rounds} rounds (best of 3 a side): ${ratios.map((r) => r.toFixed(2)).join(', ')}`,
    });
  }
  return figures;
}

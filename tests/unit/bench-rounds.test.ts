import { describe, expect, test } from 'vitest';
import { bestOfRounds, freshPairRounds } from '../../bench/rounds';

describe('bench best-of rounds', () => {
  test('alternates sides run by run and round by round, keeping each side its best', async () => {
    const order: string[] = [];
    const times: Record<string, number[]> = { A: [5, 3, 4, 9, 8, 7], B: [6, 6, 2, 1, 9, 9] };
    const result = await bestOfRounds('A', 'B', { rounds: 2, perRound: 3 }, async (side) => {
      order.push(side);
      return times[side]!.shift()!;
    });
    expect(order.join('')).toBe('ABBAAB' + 'BAABBA');
    expect(result).toEqual({ a: [3, 7], b: [2, 1] });
  });
});

describe('bench fresh-pair rounds', () => {
  test('launches both sides afresh each round in alternating order, warms up, closes both', async () => {
    const log: string[] = [];
    let launches = 0;
    const open = async (name: 'native' | 'hooked') => {
      const id = `${name[0]}${launches++}`;
      log.push(`open ${id}`);
      return { name, id, launched: { close: async () => void log.push(`close ${id}`) } };
    };
    // Native runs take 10 ms, hooked 11 ms, plus the run's index in its side (warm-up included).
    const runs: Record<string, number> = {};
    const measure = async (side: { name: string; id: string }) => {
      log.push(`run ${side.id}`);
      runs[side.id] = (runs[side.id] ?? 0) + 1;
      return (side.name === 'native' ? 10 : 11) + runs[side.id]!;
    };
    const [result] = await freshPairRounds(open, { rounds: 2, perRound: 2, warmUp: 1 }, [measure]);
    expect(log.join(', ')).toBe(
      [
        // Round 0: native launched first; a warm-up run each; best of 2, who starts alternates.
        'open n0, open h1, run n0, run h1, run n0, run h1, run h1, run n0, close n0, close h1',
        // Round 1: hooked launched first (and warmed up first).
        'open h2, open n3, run h2, run n3, run h2, run n3, run n3, run h2, close n3, close h2',
      ].join(', '),
    );
    // Best of each round (the warm-up run is not counted): 10 + 2 and 11 + 2.
    expect(result).toEqual({ a: [12, 12], b: [13, 13] });
  });

  test('a second launch that fails closes the first browser', async () => {
    const closed: string[] = [];
    const open = async (name: 'native' | 'hooked') => {
      if (name === 'hooked') throw new Error('no browser');
      return { name, launched: { close: async () => void closed.push(name) } };
    };
    await expect(
      freshPairRounds(open, { rounds: 1, perRound: 1, warmUp: 0 }, [async () => 1]),
    ).rejects.toThrow('no browser');
    expect(closed).toEqual(['native']);
  });
});

import { describe, expect, test } from 'vitest';
import { bestOfRounds } from '../../bench/rounds';

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

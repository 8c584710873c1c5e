import { describe, expect, test } from 'vitest';
import { createFaultController, parseFaultInput } from './faults';

describe('parseFaultInput', () => {
  test('accepts a mode with an optional count and delay', () => {
    expect(parseFaultInput({ mode: 'slow', count: 2, delayMs: 50 })).toEqual({
      ok: true,
      value: { mode: 'slow', count: 2, delayMs: 50 },
    });
  });

  test.each([
    [null, 'expected a JSON object'],
    [{ mode: 'explode' }, '"mode" must be one of'],
    [{ mode: 'drop', count: 0 }, '"count" must be an integer'],
    [{ mode: 'drop', count: 1.5 }, '"count" must be an integer'],
    [{ mode: 'slow', delayMs: -1 }, '"delayMs" must be an integer'],
    [{ mode: 'drop', forever: true }, 'unknown field "forever"'],
  ])('rejects %j with a message naming the problem', (input, message) => {
    const result = parseFaultInput(input);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.error).toContain(message);
  });
});

describe('createFaultController', () => {
  test('applies no fault by default', () => {
    expect(createFaultController().take()).toEqual({ mode: 'none', delayMs: 0 });
  });

  test('applies a counted fault that many times, then resets to none', () => {
    const faults = createFaultController();
    faults.set({ mode: 'status500', count: 2 });
    expect([faults.take().mode, faults.take().mode, faults.take().mode]).toEqual([
      'status500',
      'status500',
      'none',
    ]);
    expect(faults.current()).toMatchObject({ mode: 'none', remaining: null, served: 2 });
  });

  test('applies an uncounted fault until it is reset', () => {
    const faults = createFaultController();
    faults.set({ mode: 'drop' });
    for (let i = 0; i < 5; i++) expect(faults.take().mode).toBe('drop');
    faults.set({ mode: 'none' });
    expect(faults.take().mode).toBe('none');
  });

  test('gives slow a default delay so it is observably slow', () => {
    const faults = createFaultController();
    expect(faults.set({ mode: 'slow' }).delayMs).toBeGreaterThan(0);
  });
});

import { describe, expect, test } from 'vitest';
import { createDeferredQueue, type DeferredSteps } from './deferred-queue';
import { captureNatives } from './natives';

const natives = captureNatives(globalThis);
const source = (name: string) => ({ name }) as unknown as EventSource;

function setUp(overrides: Partial<DeferredSteps<string, string>> = {}) {
  const log: string[] = [];
  let errors = 0;
  const queue = createDeferredQueue<string, string>(natives, {
    settle: (es, conn, withInit) =>
      log.push(`settle ${conn} ${(es as unknown as { name: string }).name} ${withInit}`),
    finish: (record, conn, error) => log.push(`finish ${record} ${conn} ${String(error)}`),
    internalError: () => errors++,
    ...overrides,
  });
  return { queue, log, errors: () => errors };
}

describe('deferred queue', () => {
  test('settles each construction once, in order, at the microtask checkpoint', async () => {
    const { queue, log } = setUp();
    queue.constructed(source('a'), 'c1', false, 'conn1', null);
    queue.closed('c0', 'close0', 'e0');
    queue.constructed(source('b'), 'c2', true, 'conn2', 'e2');
    expect(log).toEqual([]);
    await Promise.resolve();
    expect(log).toEqual(['settle c1 a false', 'settle c2 b true']);
    queue.settle();
    expect(log).toHaveLength(2);
  });

  test('finalize settles what is left, then finishes every entry in order and empties', () => {
    const { queue, log } = setUp();
    queue.constructed(source('a'), 'c1', false, 'conn1', null);
    queue.closed('c1', 'close1', 'e1');
    queue.finalize();
    expect(log).toEqual(['settle c1 a false', 'finish conn1 c1 null', 'finish close1 c1 e1']);
    queue.finalize();
    expect(log).toHaveLength(3);
  });

  test('an entry added while finishing (a page constructing inside prepareStackTrace) waits for the next round', () => {
    let reentered = false;
    const finished: string[] = [];
    const { queue } = setUp({
      finish(record) {
        finished.push(record);
        if (!reentered) {
          reentered = true;
          queue.closed('c9', 'close9', null);
        }
      },
    });
    queue.closed('c1', 'close1', null);
    queue.finalize();
    expect(finished).toEqual(['close1']);
    queue.finalize();
    expect(finished).toEqual(['close1', 'close9']);
  });

  test('a step that throws is counted and the other entries still run', () => {
    const settled: string[] = [];
    const { queue, errors } = setUp({
      settle(_es, conn) {
        if (conn === 'c1') throw new Error('getter');
        settled.push(conn);
      },
    });
    queue.constructed(source('a'), 'c1', false, 'conn1', null);
    queue.constructed(source('b'), 'c2', false, 'conn2', null);
    queue.settle();
    expect(settled).toEqual(['c2']);
    expect(errors()).toBe(1);
  });
});

import { afterEach, describe, expect, test } from 'vitest';
import type { RecordDraft } from '../../src/protocol/records';
import { patchFetch, type FetchStreams } from './fetch-streams';
import { createFunctionMask, type FunctionMask } from './function-mask';
import { captureNatives } from './natives';
import { createStackCapture } from './stack-trace';

const encoder = new TextEncoder();

/** A native-like event-stream body whose source counts pulls and sees cancel. */
function sseBody(chunks: string[], keepOpen = false) {
  const seen = { pulls: 0, cancelled: null as unknown };
  let i = 0;
  const stream = new ReadableStream<Uint8Array>({
    type: 'bytes',
    pull(controller) {
      seen.pulls++;
      if (i < chunks.length) controller.enqueue(encoder.encode(chunks[i++]));
      else if (!keepOpen) controller.close();
    },
    cancel(reason) {
      seen.cancelled = reason;
    },
  });
  return { stream, seen };
}

let mask: FunctionMask | null = null;
afterEach(() => mask?.restoreAll());

function setup(respond: () => Response) {
  const natives = captureNatives(globalThis);
  mask = createFunctionMask(natives, Function.prototype);
  const records: RecordDraft[] = [];
  let nextId = 1;
  const win = {
    fetch: (_input: unknown, _init?: unknown) => Promise.resolve(respond()),
  } as unknown as typeof globalThis;
  Object.setPrototypeOf(win, globalThis);
  const streams = patchFetch({
    win,
    natives,
    mask,
    allocateId: () => nextId++,
    emit: (draft) => records.push(draft),
    resize: () => {},
    wake: () => {},
    now: () => 1,
    redact: (url) => url,
    formatStack: () => 'stack',
    dataCap: () => 100,
    lineage: () => null,
    stacks: createStackCapture(natives, { take: () => true }),
    internalError: () => {
      throw new Error('internal error');
    },
  }) as FetchStreams;
  return { win, streams, records };
}

const kinds = (records: RecordDraft[]) => records.map((r) => r.k);

describe('patchFetch', () => {
  test('pages without SSE keep Response natives; stream natives wait for the first fetch()', async () => {
    const urlGetter = Object.getOwnPropertyDescriptor(Response.prototype, 'url')?.get;
    const nativeClone = Response.prototype.clone;
    const body = sseBody(['data: 1\n\n']);
    let sse = false;
    const { win } = setup(() =>
      sse
        ? new Response(body.stream, { headers: { 'content-type': 'text/event-stream' } })
        : new Response('{}', { headers: { 'content-type': 'application/json' } }),
    );
    let reads = 0;
    Object.defineProperty(win, 'ReadableStream', {
      get: () => {
        reads++;
        return ReadableStream;
      },
    });
    const untouched = () =>
      Object.getOwnPropertyDescriptor(Response.prototype, 'url')?.get === urlGetter &&
      Response.prototype.clone === nativeClone;
    expect(reads).toBe(0);
    expect(untouched()).toBe(true);
    await win.fetch('/plain');
    expect(reads).toBe(1);
    expect(untouched()).toBe(true);
    sse = true;
    const res = await win.fetch('/sse');
    expect(reads).toBe(1);
    expect(untouched()).toBe(false);
    expect(await res.text()).toBe('data: 1\n\n');
  });

  test('a response that is not an event stream is the native object, unread', async () => {
    const native = new Response('{"a":1}', { headers: { 'content-type': 'application/json' } });
    const { win, records } = setup(() => native);
    const res = await win.fetch('/x');
    expect(res).toBe(native);
    expect(res.bodyUsed).toBe(false);
    expect(records).toEqual([]);
  });

  test('an event stream: same bytes for the page, events counted, server end recorded', async () => {
    const body = sseBody(['event: up\ndata: 1\n\n', 'data: 2\nid: 9\n\nretry: 50\n\n']);
    const native = new Response(body.stream, {
      status: 201,
      headers: { 'content-type': 'text/event-stream; charset=utf-8', 'x-a': 'b' },
    });
    const { win, streams, records } = setup(() => native);
    const res = await win.fetch('/sse', { method: 'post' });
    expect(res).not.toBe(native);
    expect([res.status, res.headers, res.url, res.type]).toEqual([
      201,
      native.headers,
      native.url,
      native.type,
    ]);
    expect(res.bodyUsed).toBe(false);
    expect(await res.text()).toBe('event: up\ndata: 1\n\ndata: 2\nid: 9\n\nretry: 50\n\n');
    expect(res.bodyUsed).toBe(true);
    streams.flushTraffic();
    streams.finalize();
    expect(kinds(records)).toEqual(['conn', 'open', 'msgs', 'error']);
    expect(records[0]).toMatchObject({ kind: 'fetch', method: 'POST', stack: 'stack' });
    expect(records[1]).toMatchObject({ status: 201 });
    expect(records[2]).toMatchObject({ count: 2, byType: { up: 1, message: 1 }, retry: 50 });
    expect(records[3]).toMatchObject({ readyState: 2, end: 'server' });
    expect(streams.failed()).toBeDefined();
  });

  test('reads on demand only, and the page cancelling cancels the native body', async () => {
    const body = sseBody(['data: 1\n\n', 'data: 2\n\n', 'data: 3\n\n'], true);
    const native = new Response(body.stream, { headers: { 'content-type': 'text/event-stream' } });
    const { win, streams, records } = setup(() => native);
    const res = await win.fetch('/sse');
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(body.seen.pulls).toBeLessThanOrEqual(1);
    const reader = res.body!.getReader();
    await reader.read();
    await new Promise((resolve) => setTimeout(resolve, 10));
    // One chunk read by the page: the native source was asked for at most one more.
    expect(body.seen.pulls).toBeLessThanOrEqual(2);
    await reader.cancel('bye');
    expect(body.seen.cancelled).toBe('bye');
    streams.finalize();
    expect(kinds(records)).toEqual(['conn', 'open', 'msgs', 'close']);
    expect(records[3]).toMatchObject({ end: 'cancel', readyState: 1, stack: 'stack' });
    expect(streams.snapshot()[0]).toMatchObject({ kind: 'fetch', closedBy: 'page', end: 'cancel' });
  });

  test('a clone reads the same stream and keeps the original url and headers', async () => {
    const body = sseBody(['data: x\n\n']);
    const native = new Response(body.stream, { headers: { 'content-type': 'text/event-stream' } });
    const { win } = setup(() => native);
    const res = await win.fetch('/sse');
    const copy = res.clone();
    expect(copy.headers).toBe(native.headers);
    expect([await res.text(), await copy.text()]).toEqual(['data: x\n\n', 'data: x\n\n']);
  });
});

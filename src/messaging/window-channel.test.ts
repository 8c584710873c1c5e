import { describe, expect, test } from 'vitest';
import { envelope } from '../protocol';
import { createFakeWindow } from './testing/fake-window';
import { createWindowChannel } from './window-channel';

describe('createWindowChannel', () => {
  test('hands our envelopes from this window to onMessage, unvalidated', () => {
    const win = createFakeWindow();
    const seen: unknown[] = [];
    createWindowChannel({ win, onMessage: (m) => seen.push(m) });
    win.pageScriptPost({ source: 'sse-devtools', version: 999, kind: 'whatever' });
    expect(seen).toEqual([{ source: 'sse-devtools', version: 999, kind: 'whatever' }]);
  });

  test('ignores messages from other windows', () => {
    const win = createFakeWindow();
    const seen: unknown[] = [];
    createWindowChannel({ win, onMessage: (m) => seen.push(m) });
    win.postFrom({}, envelope('page:records', { session: 's', records: [] }));
    win.postFrom(null, envelope('page:records', { session: 's', records: [] }));
    expect(seen).toEqual([]);
  });

  test.each([
    ['a string', 'hello'],
    ['null', null],
    ['another library', { source: 'react-devtools-bridge', payload: 1 }],
    ['an array', ['sse-devtools']],
  ])('ignores %s', (_label, data) => {
    const win = createFakeWindow();
    const seen: unknown[] = [];
    createWindowChannel({ win, onMessage: (m) => seen.push(m) });
    win.pageScriptPost(data);
    expect(seen).toEqual([]);
  });

  test('post sends to this same window with "*" and close removes the listener', () => {
    const win = createFakeWindow();
    const seen: unknown[] = [];
    const channel = createWindowChannel({ win, onMessage: (m) => seen.push(m) });
    channel.post(envelope('relay:detach', {}));
    expect(win.posted).toEqual([{ source: 'sse-devtools', version: 1, kind: 'relay:detach' }]);
    channel.close();
    expect(win.listenerCount).toBe(0);
  });

  test('relisten restores the listener document.open() erased, once, and never after close', () => {
    const win = createFakeWindow();
    const seen: unknown[] = [];
    const channel = createWindowChannel({ win, onMessage: (m) => seen.push(m) });
    win.eraseListeners();
    win.pageScriptPost(envelope('page:records', { session: 'lost', records: [] }));
    channel.relisten();
    channel.relisten();
    expect(win.listenerCount).toBe(1);
    win.pageScriptPost(envelope('page:records', { session: 'back', records: [] }));
    expect(seen).toEqual([envelope('page:records', { session: 'back', records: [] })]);
    channel.close();
    channel.relisten();
    expect(win.listenerCount).toBe(0);
  });
});

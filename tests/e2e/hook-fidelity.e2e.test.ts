/**
 * FIDELITY: the page hook must not change anything a page can observe of EventSource, timers or
 * Function.prototype.toString (ENGINEERING.md). The same probe runs in a Chromium WITHOUT the
 * extension and in one WITH it, against the same real SSE server, and the results must be equal.
 * A second part checks the hook actually recorded what the probe did (so equality is not just
 * "the hook was not there").
 */
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchBrowser, launchHarness, type Harness } from './harness/index';
import type { LaunchedBrowser } from './harness/launch';

const FIXTURE = '/hook-fidelity.html';
const FIXTURE_HTML =
  '<!doctype html><meta charset="utf-8"><title>hook fidelity</title><p>fidelity</p>';

/**
 * Runs in the page. Plain JS in a string: Vitest rewrites functions passed to evaluate().
 * Returns a JSON-able object; every entry is something page code could observe.
 */
const FIDELITY_PROBE = String.raw`async () => {
  const r = {};
  const ES = window.EventSource;
  const base = location.origin;
  const good = '/v1/events/sse?token=tok-fidelity';
  const wait = (cond, ms = 10000) => new Promise((resolve, reject) => {
    const started = performance.now();
    const tick = () => {
      let v; try { v = cond(); } catch (e) { v = false; }
      if (v) return resolve(v);
      if (performance.now() - started > ms) return reject(new Error('timeout'));
      window.setTimeout(tick, 10);
    };
    tick();
  });
  const err = (fn) => { try { fn(); return 'no error'; } catch (e) { return e.name + ': ' + e.message; } };
  const desc = (o, k) => {
    const d = Object.getOwnPropertyDescriptor(o, k);
    if (!d) return null;
    return { writable: d.writable, enumerable: d.enumerable, configurable: d.configurable,
      value: typeof d.value, get: typeof d.get, set: typeof d.set };
  };
  const fnInfo = (f) => ({ name: f.name, length: f.length, toString: Function.prototype.toString.call(f),
    template: '' + f, hasPrototype: 'prototype' in f, tag: Object.prototype.toString.call(f),
    ownKeys: Reflect.ownKeys(f).map(String).sort() });

  // ── the constructor and its statics ──
  r.typeofES = typeof ES;
  r.ctor = fnInfo(ES);
  r.statics = [ES.CONNECTING, ES.OPEN, ES.CLOSED];
  r.protoStatics = [ES.prototype.CONNECTING, ES.prototype.OPEN, ES.prototype.CLOSED];
  r.protoCtorIsES = ES.prototype.constructor === ES;
  r.protoNames = Object.getOwnPropertyNames(ES.prototype).sort();
  r.protoChain = Object.getPrototypeOf(ES.prototype) === EventTarget.prototype;
  r.ctorProto = Object.getPrototypeOf(ES) === Function.prototype;
  r.descriptors = {
    windowEventSource: desc(window, 'EventSource'),
    constructor: desc(ES.prototype, 'constructor'),
    close: desc(ES.prototype, 'close'),
    onmessage: desc(ES.prototype, 'onmessage'),
    onerror: desc(ES.prototype, 'onerror'),
    onopen: desc(ES.prototype, 'onopen'),
    readyState: desc(ES.prototype, 'readyState'),
    setTimeout: desc(window, 'setTimeout'),
    clearTimeout: desc(window, 'clearTimeout'),
    addEventListener: desc(EventTarget.prototype, 'addEventListener'),
    toString: desc(Function.prototype, 'toString'),
  };
  r.functions = {
    close: fnInfo(ES.prototype.close),
    onmessageSet: fnInfo(Object.getOwnPropertyDescriptor(ES.prototype, 'onmessage').set),
    onmessageGet: fnInfo(Object.getOwnPropertyDescriptor(ES.prototype, 'onmessage').get),
    setTimeout: fnInfo(setTimeout),
    clearTimeout: fnInfo(clearTimeout),
    addEventListener: fnInfo(EventTarget.prototype.addEventListener),
    toString: fnInfo(Function.prototype.toString),
  };
  r.toStringOfToStringOfToString = Function.prototype.toString.call(Function.prototype.toString.toString);
  r.windowKeysMentionHook = Object.keys(window).filter((k) => /sse|devtools|hook/i.test(k));
  let forIn = []; for (const k in window) if (/SSE_DEVTOOLS/.test(k)) forIn.push(k);
  r.forInMentionsHook = forIn;

  // ── errors thrown the native way ──
  r.callWithoutNew = err(() => ES(good));
  r.badUrl = err(() => new ES('http://[::1'));
  r.closeOnPlainObject = err(() => ES.prototype.close.call({}));
  r.newClose = err(() => new ES.prototype.close());
  r.setterOnPlainObject = err(() => Object.getOwnPropertyDescriptor(ES.prototype, 'onmessage').set.call({}, null));
  r.toStringOnObject = err(() => Function.prototype.toString.call({}));
  r.noArgs = err(() => new ES());

  // ── subclassing and Reflect.construct ──
  class Sub extends ES {
    constructor(url) { super(url); this.tag = 'sub'; }
    hello() { return 'hi ' + this.readyState; }
  }
  const sub = new Sub(good);
  r.subclass = [sub instanceof Sub, sub instanceof ES, sub instanceof EventTarget, sub.constructor === Sub,
    Object.getPrototypeOf(Sub) === ES, sub.hello(), sub.tag, Object.keys(sub)];
  sub.close();
  function Other() {}
  Other.prototype = Object.create(ES.prototype);
  const viaReflect = Reflect.construct(ES, [good], Other);
  r.reflectConstruct = [viaReflect instanceof Other, viaReflect instanceof ES, viaReflect.readyState];
  viaReflect.close();

  // ── a live connection against the real server ──
  const es = new ES(good);
  r.instance = { isES: es instanceof ES, isET: es instanceof EventTarget, ctor: es.constructor === ES,
    keys: Object.keys(es), names: Object.getOwnPropertyNames(es), url: es.url === base + good,
    withCredentials: es.withCredentials, readyState: es.readyState, tag: Object.prototype.toString.call(es) };
  const calls = [];
  const states = [es.readyState];
  es.addEventListener('message', (e) => calls.push('first:' + e.data));
  const onmessage = (e) => calls.push('on:' + e.data);
  es.onmessage = onmessage;
  r.onmessageGetter = es.onmessage === onmessage;
  es.addEventListener('message', (e) => calls.push('once:' + e.data), { once: true });
  const ctrl = new AbortController();
  es.addEventListener('message', (e) => calls.push('signal:' + e.data), { signal: ctrl.signal });
  const handlerObject = { handleEvent(e) { calls.push('object:' + (this === handlerObject)); } };
  es.addEventListener('message', handlerObject);
  const onopen = function (e) { states.push('open:' + this.readyState + ':' + (this === es) + ':' + e.type); };
  es.onopen = onopen;
  r.onopenGetter = es.onopen === onopen;
  const ready = [];
  es.addEventListener('ready', (e) => ready.push(JSON.parse(e.data).type));
  await wait(() => ready.length > 0);
  r.readyEvents = ready;
  r.dispatchResult = es.dispatchEvent(new MessageEvent('message', { data: 'synthetic-1' }));
  ctrl.abort();
  es.dispatchEvent(new MessageEvent('message', { data: 'synthetic-2' }));
  await fetch('/v1/broadcast', { method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ raw: 'from-server' }) });
  await wait(() => calls.some((c) => c === 'on:from-server'));
  r.calls = calls;
  es.onmessage = 5;
  r.onmessageAfterNumber = es.onmessage;
  r.eventInfo = await new Promise((resolve) => {
    es.addEventListener('message', (e) => resolve({ type: e.type, isTrusted: e.isTrusted,
      ctor: e.constructor.name, lastEventIdIsString: typeof e.lastEventId === 'string',
      origin: e.origin === base, target: e.target === es }), { once: true });
    fetch('/v1/broadcast', { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ raw: 'second' }) });
  });
  r.closeReturn = String(es.close());
  states.push('closed:' + es.readyState);
  r.closeTwice = err(() => es.close());
  r.states = states;

  // ── message listeners: removal with the original, duplicates, capture, handleEvent objects,
  //    this, and exceptions reaching window.onerror (the hook wraps these listeners) ──
  const lis = new ES(good);
  const lisLog = [];
  const f = function (e) { lisLog.push('f:' + e.data + ':' + (this === lis)); };
  lis.addEventListener('message', f);
  lis.addEventListener('message', f);
  lis.addEventListener('message', f, true);
  const obj = { handleEvent(e) { lisLog.push('obj:' + e.data + ':' + (this === obj)); } };
  lis.addEventListener('message', obj);
  lis.addEventListener('message', obj, { capture: false });
  lis.addEventListener('message', function () { throw new RangeError('listener bug'); });
  const handler = function (e) { lisLog.push('on:' + e.data + ':' + (this === lis)); throw new TypeError('handler bug'); };
  lis.onmessage = handler;
  r.onmessageIsHandler = lis.onmessage === handler;
  lis.addEventListener('tick', f);
  const reported = [];
  const previousOnError = window.onerror;
  window.onerror = (msg, src, line, col, error) => {
    reported.push([String(msg), error && error.constructor.name, error && error.message, typeof line, typeof col]);
    return true;
  };
  try {
    r.lisDispatch1 = lis.dispatchEvent(new MessageEvent('message', { data: 'd1', cancelable: true }));
    lis.dispatchEvent(new MessageEvent('tick', { data: 't1' }));
    lis.removeEventListener('message', f);
    lis.removeEventListener('tick', f);
    lis.dispatchEvent(new MessageEvent('message', { data: 'd2' }));
    lis.dispatchEvent(new MessageEvent('tick', { data: 't2' }));
    lis.removeEventListener('message', f, true);
    lis.removeEventListener('message', obj);
    obj.handleEvent = function (e) { lisLog.push('obj-replaced:' + e.data); };
    lis.onmessage = null;
    r.onmessageAfterNull = lis.onmessage;
    lis.dispatchEvent(new MessageEvent('message', { data: 'd3' }));
  } finally {
    window.onerror = previousOnError;
  }
  lis.close();
  r.listenerLog = lisLog;
  r.listenerErrors = reported;

  // ── terminal error: readyState 2 in the error handler ──
  const bad = new ES('/v1/events/sse?token=nope');
  r.terminalError = await new Promise((resolve) => {
    const onerror = function (e) {
      resolve({ type: e.type, readyState: this.readyState, ctor: e.constructor.name, getter: bad.onerror === onerror });
    };
    bad.onerror = onerror;
  });
  bad.onerror = 5;
  r.onerrorAfterNumber = bad.onerror;
  // A throwing onerror is reported like any page exception (the hook wraps it in a trampoline).
  const thrower = new ES('/v1/events/sse?token=nope-again');
  const throwReports = [];
  const previousOnError2 = window.onerror;
  window.onerror = (msg, src, line, col, error) => { throwReports.push([error && error.constructor.name, error && error.message]); return true; };
  try {
    await new Promise((resolve) => {
      thrower.onerror = function () { setTimeout(resolve, 0); throw new SyntaxError('onerror bug'); };
    });
  } finally {
    window.onerror = previousOnError2;
  }
  r.onerrorThrows = throwReports;

  // ── timers ──
  const timerLog = [];
  const handle = setTimeout((a, b) => timerLog.push('fired:' + a + b), 0, 'x', 'y');
  const cleared = setTimeout(() => timerLog.push('cleared-fired'), 0);
  clearTimeout(cleared);
  r.timerHandleType = typeof handle;
  r.clearReturn = String(clearTimeout(123456789));
  r.stringTimer = typeof setTimeout('window.__stringTimer = 1', 0);
  // Timers scheduled from an error handler (the tracked path) still behave natively.
  const errorTimers = await new Promise((resolve) => {
    const failing = new ES('/v1/events/sse?token=nope');
    failing.onerror = () => {
      const out = [];
      const t1 = setTimeout(function (v) { out.push('t1:' + v + ':' + (this === window)); }, 5, 'arg');
      const t2 = setTimeout(() => out.push('t2'), 5);
      clearTimeout(t2);
      out.push(typeof t1);
      setTimeout(() => resolve(out), 50);
    };
  });
  r.errorTimers = errorTimers;
  await wait(() => timerLog.length >= 1 && window.__stringTimer === 1);
  r.timerLog = timerLog;
  return r;
}`;

async function runProbe(browser: Browser, url: string): Promise<Record<string, unknown>> {
  const page: Page = await browser.newPage();
  try {
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    return (await page.evaluate(`(${FIDELITY_PROBE})()`)) as Record<string, unknown>;
  } finally {
    await page.close();
  }
}

describe('page hook fidelity', () => {
  let harness: Harness;
  let plain: LaunchedBrowser;

  beforeAll(async () => {
    harness = await launchHarness({
      pages: { [FIXTURE]: FIXTURE_HTML },
      server: { heartbeatMs: 0 },
    });
    plain = await launchBrowser({ extension: false });
  });

  afterAll(async () => {
    await plain?.close();
    await harness?.close();
  });

  test('a page observes the same EventSource, timers and toString with and without the extension', async () => {
    const url = `${harness.server.url}${FIXTURE}`;
    const without = await runProbe(plain.browser, url);
    const withHook = await runProbe(harness.browser, url);
    // Sanity: the probe really exercised the connection in both browsers.
    expect(without.readyEvents).toEqual(['ready']);
    expect(without.calls).toContain('on:from-server');
    expect(without.listenerErrors).toHaveLength(5);
    expect(without.listenerLog).toContain('obj:d2:true');
    expect(without.onopenGetter).toBe(true);
    expect(without.terminalError).toMatchObject({ readyState: 2, getter: true });
    expect(without.onerrorAfterNumber).toBeNull();
    expect(without.onerrorThrows).toEqual([['SyntaxError', 'onerror bug']]);
    expect(withHook).toEqual(without);
  });

  test('errors are recorded once whether the page handles them with onerror, clears it, or adds a listener too', async () => {
    const page = await harness.newPage(FIXTURE);
    try {
      const errors = (await page.evaluate(`(async () => {
        // Refused (401): one terminal error each.
        const url = (c) => '/v1/events/sse?token=refused&case=' + c;
        const handled = new EventSource(url('handled'));
        handled.onerror = () => {};
        const cleared = new EventSource(url('cleared'));
        cleared.onerror = () => {};
        const both = new EventSource(url('both'));
        both.onerror = () => {};
        // After the construction task's microtask checkpoint (the hook has settled by then).
        await Promise.resolve();
        cleared.onerror = null;
        both.addEventListener('error', () => {});
        await new Promise((r) => { const t = setInterval(() => {
          if ([handled, cleared, both].every((es) => es.readyState === 2)) { clearInterval(t); r(); }
        }, 20); });
        await new Promise((r) => setTimeout(r, 50));
        return Object.fromEntries(window.__SSE_DEVTOOLS_HOOK__.connections()
          .filter((c) => c.url.includes('case='))
          .map((c) => [c.url.split('case=')[1], [c.counts.errors, c.state]]));
      })()`)) as Record<string, [number, string]>;
      expect(errors).toEqual({
        handled: [1, 'closed'],
        cleared: [1, 'closed'],
        both: [1, 'closed'],
      });
    } finally {
      await page.close();
    }
  });

  test('messages reaching page listeners are counted once each, however many listeners', async () => {
    const page = await harness.newPage(FIXTURE);
    try {
      const counts = (await page.evaluate(`(() => {
        const es = new EventSource('/v1/events/sse?token=tok-count');
        es.onmessage = () => {};
        es.addEventListener('message', () => {});
        es.addEventListener('message', { handleEvent() {} });
        for (let i = 0; i < 5; i++) es.dispatchEvent(new MessageEvent('message', { data: 'x' + i }));
        es.dispatchEvent(new MessageEvent('nobody-listens', { data: 'y' }));
        es.close();
        const conns = window.__SSE_DEVTOOLS_HOOK__.connections();
        return conns[conns.length - 1].counts;
      })()`)) as { messages: number; byType: Record<string, number> };
      expect(counts.messages).toBe(5);
      expect(counts.byType).toEqual({ message: 5 });
    } finally {
      await page.close();
    }
  });

  test('a message’s id and time are read from its event at flush, on the page’s Date.now clock', async () => {
    const page = await harness.newPage(FIXTURE);
    try {
      const seen = (await page.evaluate(`(async () => {
        const es = new EventSource('/v1/events/sse?token=tok-time');
        es.onmessage = () => {};
        const before = Date.now();
        es.dispatchEvent(new MessageEvent('message', { data: 'a', lastEventId: '1' }));
        await new Promise((r) => setTimeout(r, 30));
        es.dispatchEvent(new MessageEvent('message', { data: 'b', lastEventId: '2' }));
        const after = Date.now();
        es.close();
        const conns = window.__SSE_DEVTOOLS_HOOK__.connections();
        const c = conns[conns.length - 1];
        return { before, after, lastAt: c.lastAt, lastEventId: c.lastEventId, messages: c.counts.messages };
      })()`)) as {
        before: number;
        after: number;
        lastAt: number;
        lastEventId: string;
        messages: number;
      };
      expect(seen.messages).toBe(2);
      expect(seen.lastEventId).toBe('2');
      // The second message was created ≥ 30 ms after `before`; Event.timeStamp is coarsened (and
      // timeOrigin + timeStamp may differ from Date.now by a ms or so).
      expect(seen.lastAt).toBeGreaterThanOrEqual(seen.before + 25);
      expect(seen.lastAt).toBeLessThanOrEqual(seen.after + 2);
    } finally {
      await page.close();
    }
  });

  test('the hook recorded what the probe did while staying invisible', async () => {
    const page = await harness.newPage(FIXTURE);
    try {
      const seen = (await page.evaluate(`(async () => {
        const hook = window.__SSE_DEVTOOLS_HOOK__;
        const es = new EventSource('/v1/events/sse?token=tok-secret&x=1');
        es.addEventListener('ready', () => {});
        await new Promise((r) => { es.onopen = r; });
        es.close();
        const conns = hook.connections();
        return { type: typeof hook, keys: Object.keys(window).includes('__SSE_DEVTOOLS_HOOK__'),
          writable: Object.getOwnPropertyDescriptor(window, '__SSE_DEVTOOLS_HOOK__').writable,
          conns, stats: hook.stats() };
      })()`)) as {
        type: string;
        keys: boolean;
        writable: boolean;
        conns: Array<{
          url: string;
          state: string;
          closedBy: string;
          listening: string[];
          stack: string;
        }>;
        stats: { seq: number; internalErrors: number };
      };
      expect(seen.type).toBe('object');
      expect(seen.keys).toBe(false);
      expect(seen.writable).toBe(false);
      const conn = seen.conns[seen.conns.length - 1];
      expect(conn?.url).toBe(`${harness.server.url}/v1/events/sse?token=[redacted]&x=1`);
      expect(conn?.state).toBe('closed');
      expect(conn?.closedBy).toBe('page');
      expect(conn?.listening).toEqual(['ready', 'open']);
      // The construction stack starts at the page's frame, not the hook's.
      expect(conn?.stack).not.toMatch(/chrome-extension:/);
      expect(conn?.stack).toMatch(/^at /);
      expect(seen.stats.internalErrors).toBe(0);
    } finally {
      await page.close();
    }
  });
});

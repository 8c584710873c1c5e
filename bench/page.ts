/** The benchmark page: plain functions on window, called through puppeteer's evaluate. */
export const BENCH_PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>bench</title>
<script>
  // Message path: receive n messages, JSON.parse each into a small state object.
  window.runStream = (n, size) => new Promise((resolve, reject) => {
    const state = { count: 0, sum: 0, last: null };
    const t0 = performance.now();
    const es = new EventSource('/stream?n=' + n + '&size=' + size);
    es.onmessage = (e) => {
      const m = JSON.parse(e.data);
      state.count++; state.sum += m.i; state.last = m;
      if (state.count === n) { es.close(); resolve(performance.now() - t0); }
    };
    es.onerror = () => { es.close(); reject(new Error('stream failed after ' + state.count)); };
  });
  // fetch, not an event stream: n sequential requests, each body read as JSON; total ms.
  window.runFetchPlain = async (n) => {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) await (await fetch('/plain?i=' + i)).json();
    return performance.now() - t0;
  };
  // fetch stream: n messages read through getReader() + TextDecoder, split into events and
  // JSON.parsed as a small fetch SSE client does; resolves with ms when the n-th arrives.
  window.runFetchStream = async (n, size) => {
    const t0 = performance.now();
    const res = await fetch('/stream?n=' + n + '&size=' + size);
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    const state = { count: 0, sum: 0, last: null };
    let buffer = '';
    while (state.count < n) {
      const { value, done } = await reader.read();
      if (done) throw new Error('stream ended after ' + state.count);
      buffer += decoder.decode(value, { stream: true });
      let end;
      while ((end = buffer.indexOf('\\n\\n')) !== -1) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const m = JSON.parse(block.slice(6));
        state.count++; state.sum += m.i; state.last = m;
      }
    }
    await reader.cancel();
    return performance.now() - t0;
  };
  // Construction: n x (new EventSource + close); resolves with the total µs. The clock stops
  // after one await, so work a hook defers to the task's microtask checkpoint is included.
  window.runConstruct = async (n) => {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) new EventSource('/stream?n=0&i=' + i).close();
    await null;
    return (performance.now() - t0) * 1000;
  };
  // Storm: n EventSources over ms against a failing endpoint, each closed on its error,
  // like an app that reconnects after every failure. The gaps are jittered (0.5–1.5 × ms / n,
  // same mean): browsers storming side by side on a fixed period lock their phases, and then
  // the one that fires second keeps landing on the first one's network work (storm.ts).
  window.runStorm = (n, ms) => new Promise((resolve) => {
    let made = 0, done = 0;
    const tick = () => {
      const es = new EventSource('/fail?i=' + made++);
      es.onerror = () => { es.close(); if (++done === n) resolve(done); };
      if (made < n) setTimeout(tick, (ms / n) * (0.5 + Math.random()));
    };
    tick();
  });
  // Pipeline: n records through the hook (one annotate record per call), in chunks of one task
  // each so the hook can flush between them. Resolves with the seq range and start time.
  const annotateTarget = () => window.__benchES || (window.__benchES = new EventSource('/stream?n=0'));
  window.runEmit = (n, chunk) => new Promise((resolve) => {
    const hook = window.__SSE_DEVTOOLS_HOOK__;
    const es = annotateTarget();
    const first = hook.stats().seq + 1;
    const t0 = Date.now();
    let i = 0;
    const step = () => {
      const end = Math.min(n, i + chunk);
      for (; i < end; i++) hook.annotate(es, { client: 'b' });
      if (i < n) setTimeout(step, 0);
      else resolve({ first, last: hook.stats().seq, t0, t1: Date.now() });
    };
    step();
  });
  // Pipeline latency: records at a steady rate (per second) for ms; notes each chunk's seq range
  // and emit time (the hook stamps records with the same Date.now clock).
  window.runPaced = (rate, ms) => new Promise((resolve) => {
    const hook = window.__SSE_DEVTOOLS_HOOK__;
    const es = annotateTarget();
    const chunks = [];
    const t0 = Date.now();
    let emitted = 0;
    const total = Math.round((rate * ms) / 1000);
    const step = () => {
      const due = Math.min(total, Math.floor(((Date.now() - t0) * rate) / 1000));
      if (due > emitted) {
        const first = hook.stats().seq + 1;
        const t = Date.now();
        for (; emitted < due; emitted++) hook.annotate(es, { client: 'b' });
        chunks.push([first, hook.stats().seq, t]);
      }
      if (emitted < total) setTimeout(step, 2);
      else resolve(chunks);
    };
    step();
  });
  // Panel scale, page side: n connections (each closed) and streams x perStream messages.
  window.runScaleLoad = (n, streams, perStream) => new Promise((resolve, reject) => {
    for (let i = 0; i < n; i++) new EventSource('/stream?n=0&c=' + i).close();
    let left = streams;
    for (let s = 0; s < streams; s++) {
      const es = new EventSource('/stream?n=' + perStream + '&size=8&s=' + s);
      let got = 0;
      es.onmessage = () => { if (++got === perStream) { es.close(); if (--left === 0) resolve(n + streams); } };
      es.onerror = () => { es.close(); reject(new Error('stream ' + s + ' failed after ' + got)); };
    }
  });
</script></head><body>bench</body></html>`;

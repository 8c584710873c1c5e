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
  // Construction: n x (new EventSource + close), steady state (a warm-up run comes first).
  window.runConstruct = (n) => {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) new EventSource('/stream?n=0&i=' + i).close();
    return (performance.now() - t0) * 1000 / n;
  };
  // Storm: n EventSources over ms against a failing endpoint, each closed on its error,
  // like an app that reconnects after every failure.
  window.runStorm = (n, ms) => new Promise((resolve) => {
    let made = 0, done = 0;
    const tick = () => {
      const es = new EventSource('/fail?i=' + made++);
      es.onerror = () => { es.close(); if (++done === n) resolve(done); };
      if (made < n) setTimeout(tick, ms / n);
    };
    tick();
  });
</script></head><body>bench</body></html>`;

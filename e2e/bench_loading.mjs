// Loading figures of issue 23, for e2e/bench.mjs: cold loads on a slow phone's line (1.6 Mbit/s
// down, 750 kbit/s up, 150 ms latency, the CPU slowed 4x; Chrome DevTools Protocol) and repeat
// visits (the same browser, the service worker's cache), each in fresh contexts:
//   - first paint: the page's first contentful paint (the app shell of index.html);
//   - ready: the performance mark "app-mounted" (the app is on screen and answers);
//   - bytes before ready: what crossed the network before ready (transfer sizes, gzip as served);
//   - repeat visit: navigation start -> ready on a reload after one visit, unthrottled and throttled.

export const SLOW_LINE = { latency: 150, downloadThroughput: (1.6e6 / 8), uploadThroughput: (750e3 / 8) };
export const SLOW_CPU = 4;

export const LOADING_BUDGET = {
  throttledFirstPaintMs: 1000,
  throttledReadyMs: 3000,
  bytesBeforeReady: 400 * 1024,
  repeatVisitMs: 100,
};

/** Slows the page's line and CPU, or lets them go, through one DevTools session. */
async function throttle(cdp, on) {
  await cdp.send('Network.emulateNetworkConditions', on ? { offline: false, ...SLOW_LINE } : { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: on ? SLOW_CPU : 1 });
}

/** The figures of the load just finished in `page`. */
async function figures(page) {
  return page.evaluate(() => {
    const paint = performance.getEntriesByName('first-contentful-paint')[0];
    const ready = performance.getEntriesByName('app-mounted', 'mark')[0];
    const start = performance.getEntriesByName('app-start', 'mark')[0];
    const readyAt = ready ? ready.startTime : null;
    const nav = performance.getEntriesByType('navigation')[0];
    let bytes = nav ? nav.transferSize : 0;
    for (const r of performance.getEntriesByType('resource')) {
      if (readyAt === null || r.responseEnd <= readyAt) bytes += r.transferSize;
    }
    // The app's own share: from its start (the wasm instantiated) to mounted.
    const own = ready && start ? ready.startTime - start.startTime : null;
    // Where the time went before that: the page's HTML, the app's wasm fetched, then compiled.
    const wasm = performance.getEntriesByType('resource').find((r) => /\/jwt-playground-[^/]*_bg\.wasm$/.test(r.name));
    return {
      firstPaint: paint ? paint.startTime : null,
      ready: readyAt,
      own,
      bytes,
      htmlAt: nav ? nav.responseEnd : null,
      wasmFrom: wasm ? wasm.startTime : null,
      wasmAt: wasm ? wasm.responseEnd : null,
      startedAt: start ? start.startTime : null,
    };
  });
}

async function waitReady(page) {
  await page.waitForFunction(() => performance.getEntriesByName('app-mounted', 'mark').length > 0, null, { timeout: 60_000 });
}

/**
 * `newContext()` gives a fresh browser context (guarded against off-host requests); `url` is the
 * site. Returns { cold: [...], repeat: [...], repeatThrottled: [...] }, each figures of one load.
 */
export async function measureLoading(newContext, url, loads = 3) {
  const cold = [];
  const repeat = [];
  const repeatThrottled = [];
  for (let i = 0; i < loads; i++) {
    const context = await newContext();
    try {
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await throttle(cdp, true);
      await page.goto(url, { waitUntil: 'commit' });
      await waitReady(page);
      cold.push(await figures(page));
      // The service worker takes the site into its cache after the first visit.
      await page.waitForFunction(() => navigator.serviceWorker?.controller !== undefined, null, { timeout: 5000 }).catch(() => undefined);
      await throttle(cdp, false);
      await page.waitForTimeout(1500);
      await page.reload({ waitUntil: 'commit' });
      await waitReady(page);
      repeat.push(await figures(page));
      await throttle(cdp, true);
      await page.reload({ waitUntil: 'commit' });
      await waitReady(page);
      repeatThrottled.push(await figures(page));
      await cdp.detach().catch(() => undefined);
    } finally {
      await context.close();
    }
  }
  return { cold, repeat, repeatThrottled };
}

// How soon a phone on a poor connection can use a page: for the storefront's sign-in
// page and the admin's, under Chrome DevTools' network presets and a 4× slower CPU,
// the time from navigation until the form is on screen (it works before the script
// loads: it posts itself) and until the page is live (hydrated; the storefront's sign-in
// page is sent without script, so live once loaded). A report, not a test:
// .ci/scripts/e2e.sh runs it after the browser tests, against the same server.
//
//   bench tti <page> network=<preset> form_ms=<x> paint_ms=<p> live_ms=<y> wasm_kb=<z>
//
// Every time is read from the page's own clock (`performance.now()`, which starts with
// the navigation), as the page saw it happen: form_ms when the parser put the form in
// the page, paint_ms the browser's first contentful paint (the stylesheet has arrived),
// live_ms when the page was hydrated or, sent without script, had loaded. Timing from
// this script instead (its clock before `goto`, then a wait for each state in turn,
// polled every 50 ms) added 150–200 ms to the sign-in page's figure on December 7.
// wasm_kb: what crossed the network for the page's wasm (brotli or gzip, as served).
import { launchShops, BASE_URL } from './support/browser.mjs';

const NETWORKS = {
  // DevTools' "Slow 3G": 2,000 ms round trips, 400 kbit/s (its preset since Chrome 118).
  slow3g: { latency: 2000, downloadThroughput: 50_000, uploadThroughput: 50_000 },
  // Lighthouse's mobile "Slow 4G": 150 ms, 1.6 Mbit/s down, 750 kbit/s up.
  slow4g: { latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 },
};
const PAGES = [
  { name: 'storefront_login', path: '/customer/account/login', form: '#login-email' },
  // The same page on the French store view: it also loads the French texts (the
  // bundle carries English only), preloaded beside the wasm.
  { name: 'storefront_login_fr', path: '/customer/account/login', form: '#login-email', store: 'fr' },
  // A storefront page that the storefront bundle makes live (with its page's chunk).
  { name: 'storefront_create_account', path: '/customer/account/create', form: '#account-firstname' },
  { name: 'admin_login', path: '/admin', form: 'input[type="password"]' },
];

const browser = await launchShops();
try {
  for (const [network, conditions] of Object.entries(NETWORKS)) {
    for (const { name, path, form, store } of PAGES) {
      const context = await browser.newContext({ serviceWorkers: 'block' });
      if (store) await context.addCookies([{ name: 'clientele_store', value: store, url: BASE_URL }]);
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
      await cdp.send('Network.emulateNetworkConditions', { offline: false, ...conditions });
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
      let wasmBytes = 0;
      const wasmRequests = new Set();
      cdp.on('Network.responseReceived', (event) => {
        if (event.response.url.endsWith('.wasm')) wasmRequests.add(event.requestId);
      });
      cdp.on('Network.loadingFinished', (event) => {
        if (wasmRequests.has(event.requestId)) wasmBytes += event.encodedDataLength;
      });

      // Installed before the page's first byte: notes when the form appears and when
      // the page goes live, on the page's clock.
      await page.addInitScript((selector) => {
        const seen = (window.__tti = {});
        const note = () => {
          if (seen.form === undefined && document.querySelector(selector)) seen.form = performance.now();
          if (seen.live === undefined && document.body?.dataset.hydrated === 'true') seen.live = performance.now();
        };
        new MutationObserver(note).observe(document, {
          subtree: true,
          childList: true,
          attributes: true,
          attributeFilter: ['data-hydrated'],
        });
        window.addEventListener('load', () => {
          note();
          if (seen.live === undefined && document.body.dataset.script === 'none') seen.live = performance.now();
        });
      }, form);

      await page.goto(`${BASE_URL}${path}`, { waitUntil: 'commit', timeout: 120_000 });
      await page.waitForFunction(() => window.__tti?.live !== undefined && window.__tti.form !== undefined, null, {
        timeout: 120_000,
        polling: 50,
      });
      const { formMs, paintMs, liveMs } = await page.evaluate(
        () =>
          new Promise((resolve) => {
            const done = (paint) =>
              resolve({
                formMs: Math.round(window.__tti.form),
                paintMs: Math.round(paint.startTime),
                liveMs: Math.round(window.__tti.live),
              });
            const seen = () => performance.getEntriesByName('first-contentful-paint')[0];
            if (seen()) return done(seen());
            new PerformanceObserver(() => seen() && done(seen())).observe({ type: 'paint', buffered: true });
          }),
      );
      console.log(
        `bench tti ${name} network=${network} form_ms=${formMs} paint_ms=${paintMs} live_ms=${liveMs} wasm_kb=${Math.round(wasmBytes / 1024)}`,
      );
      await context.close();
    }
  }
} finally {
  await browser.close();
}

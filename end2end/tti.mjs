// How soon a phone on a poor connection can use a page: for the storefront's sign-in
// page and the admin's, under Chrome DevTools' network presets and a 4× slower CPU,
// the time from navigation until the form is on screen (it works before the script
// loads: it posts itself) and until the page is live (hydrated; the storefront's sign-in
// page is sent without script, so live once loaded). A report, not a test:
// .ci/scripts/e2e.sh runs it after the browser tests, against the same server.
//
//   bench tti <page> network=<preset> form_ms=<x> paint_ms=<p> live_ms=<y> wasm_kb=<z>
//
// form_ms: the form is in the page and laid out; paint_ms: the browser's first
// contentful paint (the stylesheet has arrived); wasm_kb: what crossed the network for
// the page's wasm (brotli or gzip, as served).
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

      const start = Date.now();
      await page.goto(`${BASE_URL}${path}`, { waitUntil: 'commit', timeout: 120_000 });
      await page.locator(form).waitFor({ timeout: 120_000 });
      const formMs = Date.now() - start;
      // When the browser first painted the page (its stylesheet had arrived), from the
      // start of the navigation.
      const paintMs = await page.evaluate(
        () =>
          new Promise((resolve) => {
            const seen = () => performance.getEntriesByName('first-contentful-paint')[0];
            if (seen()) return resolve(Math.round(seen().startTime));
            new PerformanceObserver(() => seen() && resolve(Math.round(seen().startTime))).observe({
              type: 'paint',
              buffered: true,
            });
          }),
      );
      // Live: hydrated, or (a page sent without script, such as the storefront's sign-in)
      // loaded, with nothing more to come.
      await page.waitForFunction(
        () =>
          document.body.dataset.hydrated === 'true' ||
          (document.body.dataset.script === 'none' && document.readyState === 'complete'),
        null,
        { timeout: 120_000, polling: 50 },
      );
      const liveMs = Date.now() - start;
      console.log(
        `bench tti ${name} network=${network} form_ms=${formMs} paint_ms=${paintMs} live_ms=${liveMs} wasm_kb=${Math.round(wasmBytes / 1024)}`,
      );
      await context.close();
    }
  }
} finally {
  await browser.close();
}

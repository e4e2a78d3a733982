// Clientele's service worker: the storefront's My Account pages open again while the
// network is down. Generated per build: VERSION is the build's asset hash, so a cache
// only ever holds pages together with the wasm/JS/CSS they were rendered for, and a
// new build's worker removes the old caches (a stale bundle never meets newer HTML).
const VERSION = "__VERSION__";
const CACHE = `clientele-${VERSION}`;
// The hashed files of this build (empty for an unhashed development build).
const ASSETS = __ASSETS__;
// Pages kept for offline use: the account pages, which load their data in the browser
// (from the server, or the device copy).
const OFFLINE_PAGES = [/^\/customer\/account\/?$/, /^\/customer\/account\/edit\/?$/, /^\/customer\/address(\/.*)?$/];

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(ASSETS))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names
            .filter((name) => name.startsWith("clientele-") && name !== CACHE)
            .map((name) => caches.delete(name)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

async function fromCacheFirst(request) {
  const cached = await caches.match(request, { cacheName: CACHE });
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok && ASSETS.length > 0) {
    const cache = await caches.open(CACHE);
    await cache.put(request, response.clone());
  }
  return response;
}

async function fromNetworkFirst(request) {
  try {
    const response = await fetch(request);
    if (response.ok) {
      const cache = await caches.open(CACHE);
      await cache.put(request, response.clone());
    }
    return response;
  } catch (offline) {
    const cached = await caches.match(request, { cacheName: CACHE });
    if (cached) return cached;
    throw offline;
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/pkg/")) {
    event.respondWith(ASSETS.length > 0 ? fromCacheFirst(request) : fromNetworkFirst(request));
  } else if (request.mode === "navigate" && OFFLINE_PAGES.some((page) => page.test(url.pathname))) {
    event.respondWith(fromNetworkFirst(request));
  }
});

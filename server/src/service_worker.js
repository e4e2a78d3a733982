// Clientele's service worker: the storefront's My Account pages open again while the
// network is down, and any other storefront page opened offline shows the store's
// offline page instead of the browser's error. Generated per build: VERSION is the build's asset hash, so a cache
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

// A storefront page never saved on this device, opened offline: instead of the
// browser's error page, a page in the store's look, in the language of the pages this
// browser's language, linking to the pages that do have saved copies.
const OFFLINE_TEXT = {
  en: { title: "You're offline", body: "This page hasn't been saved on this device. These pages open without a connection:", none: "No page has been saved on this device yet.", retry: "Try again", pages: { "/customer/account": "My Account", "/customer/account/edit": "Account Information", "/customer/address": "Address Book" } },
  fr: { title: "Vous êtes hors ligne", body: "Cette page n'a pas été enregistrée sur cet appareil. Ces pages s'ouvrent sans connexion :", none: "Aucune page n'a encore été enregistrée sur cet appareil.", retry: "Réessayer", pages: { "/customer/account": "Mon compte", "/customer/account/edit": "Informations du compte", "/customer/address": "Carnet d'adresses" } },
  nl: { title: "U bent offline", body: "Deze pagina is niet op dit apparaat bewaard. Deze pagina's openen zonder verbinding:", none: "Er is nog geen pagina op dit apparaat bewaard.", retry: "Opnieuw proberen", pages: { "/customer/account": "Mijn account", "/customer/account/edit": "Accountgegevens", "/customer/address": "Adresboek" } },
  "pt-BR": { title: "Você está offline", body: "Esta página não foi salva neste dispositivo. Estas páginas abrem sem conexão:", none: "Nenhuma página foi salva neste dispositivo ainda.", retry: "Tentar novamente", pages: { "/customer/account": "Minha conta", "/customer/account/edit": "Informações da conta", "/customer/address": "Catálogo de endereços" } },
};

const escapeHtml = (text) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);

async function offlinePage() {
  const cache = await caches.open(CACHE);
  const saved = (await cache.keys())
    .map((request) => new URL(request.url).pathname)
    .filter((path) => OFFLINE_PAGES.some((page) => page.test(path)));
  // The browser's language (the worker cannot read the store view's cookie).
  const wanted = (self.navigator.languages ?? [self.navigator.language ?? "en"]).map((l) => l.toLowerCase());
  const lang =
    wanted.map((l) => (l.startsWith("pt") ? "pt-BR" : l.slice(0, 2))).find((l) => OFFLINE_TEXT[l]) ?? "en";
  const text = OFFLINE_TEXT[lang];
  const links = saved
    .map((path) => `<li><a href="${escapeHtml(path)}">${escapeHtml(text.pages[path.replace(/\/$/, "")] ?? path)}</a></li>`)
    .join("");
  const body = `<!DOCTYPE html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(text.title)} · Clientele</title>
<style>
:root { color-scheme: light dark; --ink: #1d2430; --muted: #525b69; --line: #d5dae1; --bg: #f5f6f8; --panel: #fff; --brand: #1f4e79; }
@media (prefers-color-scheme: dark) { :root { --ink: #e6e9ee; --muted: #a9b1bd; --line: #3a4250; --bg: #14181e; --panel: #1c2128; --brand: #8cc4ff; } }
body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: var(--ink); background: var(--bg); line-height: 1.5; }
header { padding: 0.75rem 1.5rem; background: var(--panel); border-bottom: 1px solid var(--line); }
header a { font-size: 1.4rem; font-weight: 700; color: var(--brand); text-decoration: none; }
main { max-width: 40rem; margin: 2rem auto; padding: 1.5rem; background: var(--panel); border: 1px solid var(--line); border-radius: 6px; }
h1 { font-size: 1.4rem; margin-top: 0; } a { color: var(--brand); } p { color: var(--muted); }
button { font: inherit; min-height: 2.25rem; padding: 0 1rem; border-radius: 4px; border: 1px solid var(--line); background: var(--panel); color: var(--ink); cursor: pointer; }
</style></head>
<body><header><a href="/">Clientele</a></header>
<main id="main" class="offline-page"><h1>${escapeHtml(text.title)}</h1>
<p>${escapeHtml(saved.length > 0 ? text.body : text.none)}</p>
<ul>${links}</ul>
<p><a href="">${escapeHtml(text.retry)}</a></p></main></body></html>`;
  return new Response(body, { status: 503, headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" } });
}

async function navigate(request) {
  try {
    return await fetch(request);
  } catch (offline) {
    return offlinePage();
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/pkg/") || url.pathname.startsWith("/i18n/")) {
    event.respondWith(ASSETS.length > 0 ? fromCacheFirst(request) : fromNetworkFirst(request));
  } else if (request.mode === "navigate" && OFFLINE_PAGES.some((page) => page.test(url.pathname))) {
    event.respondWith(fromNetworkFirst(request).catch(() => offlinePage()));
  } else if (request.mode === "navigate" && !url.pathname.startsWith("/admin") && !url.pathname.startsWith("/api/")) {
    event.respondWith(navigate(request));
  }
});

// Cross-site protection seen from a real browser, and the storefront shell.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { launch, hydrated, BASE_URL, ADMIN } from '../support/browser.mjs';

let browser;
let evil;
let evilUrl;
before(async () => {
  browser = await launch();
  // Another site (localhost instead of 127.0.0.1: a different site to the browser)
  // with a form that posts the admin's credentials to our sign-in endpoint.
  const target = `${BASE_URL}/api/admin/sign_in`;
  evil = createServer((_req, res) => {
    res.setHeader('content-type', 'text/html');
    res.end(`<!doctype html><form id="f" method="post" action="${target}">
      <input name="email" value="${ADMIN.email}"><input name="password" value="${ADMIN.password}">
      </form><button id="go" onclick="document.getElementById('f').submit()">go</button>`);
  });
  await new Promise((resolve) => evil.listen(0, '127.0.0.1', resolve));
  evilUrl = `http://localhost:${evil.address().port}/`;
});
after(async () => {
  await browser?.close();
  evil?.close();
});

test('a form on another site cannot sign anyone in (CSRF)', async () => {
  await browser.clearCookies();
  const page = await browser.newPage();
  await page.goto(evilUrl);
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/admin/sign_in')),
    page.click('#go'),
  ]);
  assert.equal(response.status(), 403);
  const cookies = await browser.cookies(BASE_URL);
  assert.equal(cookies.filter((c) => c.name === 'clientele_admin').length, 0);
  await page.close();
});

test('the storefront shows the header, and the French store view speaks French', async () => {
  await browser.clearCookies();
  const page = await browser.newPage();
  await page.goto(`${BASE_URL}/`);
  await hydrated(page);
  const account = page.getByRole('navigation', { name: 'Account' });
  await account.getByRole('link', { name: 'Create an Account' }).waitFor();
  assert.equal(await account.getByRole('link', { name: 'Sign In' }).count(), 1);
  const switcher = page.getByLabel('Store view');
  assert.deepEqual(
    await switcher.locator('option').allInnerTexts(),
    ['Main Website — Default Store View', 'Main Website — French', 'Second Website — Second Store View'],
  );
  // The bundle speaks English only: a switch to French loads the French texts first.
  const catalogues = [];
  page.on('request', (r) => {
    if (new URL(r.url()).pathname.startsWith('/i18n/')) catalogues.push(r.url());
  });
  await switcher.selectOption('fr');
  const compte = page.getByRole('navigation', { name: 'Compte' });
  await compte.getByRole('link', { name: 'Créer un compte' }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'fr');
  // The choice is remembered: a reload renders French on the server already, and the
  // page the server sends says so.
  const served = await (await page.request.get(`${BASE_URL}/`)).text();
  assert.match(served, /<html lang="fr"[ >]/);
  await page.reload();
  await page.getByRole('heading', { name: 'Bienvenue dans notre boutique' }).waitFor();
  // The account pages speak the store view's language too.
  await hydrated(page);
  // Loaded from the server at the page's version: the switch, then the reload's preload.
  assert.ok(catalogues.length >= 1, 'the French texts were fetched');
  for (const url of catalogues) assert.match(url, /\/i18n\/fr\.json\?v=[0-9a-f]{16}$/);
  await compte.getByRole('link', { name: 'Se connecter' }).click();
  // Rendered in the browser, after the reload: from the French file the page preloaded.
  await page.getByRole('heading', { name: 'Connexion client' }).waitFor();
  await page.getByRole('link', { name: 'Mot de passe oublié ?' }).waitFor();
  await page.close();
});

test('an unknown address shows the 404 page with status 404, in the store view\'s language', async () => {
  const page = await browser.newPage();
  // The test before chose the French store view: the 404 page lives in the store's
  // layout and speaks its language.
  const response = await page.goto(`${BASE_URL}/no/such/page`);
  assert.equal(response.status(), 404);
  await page.getByRole('heading', { name: 'Page introuvable' }).waitFor();
  await page.getByRole('navigation', { name: 'Compte' }).waitFor();
  await page.close();
});

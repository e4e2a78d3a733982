// The storefront and the admin are hydrated by two wasm bundles: a storefront page
// downloads the storefront's only (the sign-in page none), an admin page the admin's, and a link from one area
// to the other opens a page that the other bundle makes live. The storefront's other
// pages are chunks of its bundle, downloaded when a shopper first opens one.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { hydrated, signIn, BASE_URL, PLAIN_ADMIN as ADMIN, launchShops } from '../support/browser.mjs';

let shops;

before(async () => {
  shops = await launchShops();
});
after(async () => {
  await shops?.close();
});

/**
 * A page in its own browser context, and the wasm files it downloads (path, and a promise
 * of the size).
 * The service worker is kept out, so every download is the page's own.
 */
async function watchedPage() {
  const context = await shops.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  const wasm = [];
  // Listed as the response arrives; its size once its body has been read (reading it
  // can end after the page is live, so the list must not wait for it).
  page.on('response', (response) => {
    const path = new URL(response.url()).pathname;
    if (path.endsWith('.wasm')) {
      wasm.push({ path, bytes: response.body().then((body) => body.length) });
    }
  });
  return { page, wasm, close: () => context.close() };
}

/** Follow a link to `href` as a user would: an anchor in the page, clicked. */
async function followLink(page, href) {
  await page.evaluate((href) => {
    const link = document.createElement('a');
    link.href = href;
    link.textContent = 'Go';
    link.id = 'area-link';
    document.body.prepend(link);
  }, href);
  await page.locator('#area-link').click();
}

test("a shopper's sign-in page downloads no code; the storefront's main module is lighter than the admin's", async () => {
  const shopper = await watchedPage();
  const scripts = [];
  shopper.page.on('request', (request) => {
    if (new URL(request.url()).pathname.endsWith('.js')) scripts.push(request.url());
  });
  await shopper.page.goto(`${BASE_URL}/customer/account/login`);
  await hydrated(shopper.page);
  // The form posts itself: a wrong password is answered by the server's next page.
  await shopper.page.locator('#login-email').fill('nobody@example.com');
  await shopper.page.locator('#login-password').fill('Not-The-Password-1');
  await shopper.page.getByRole('button', { name: 'Sign In' }).click();
  await shopper.page.getByText('Invalid login or password.').waitFor();
  await hydrated(shopper.page);
  assert.deepEqual(shopper.wasm, [], 'no wasm for signing in');
  assert.deepEqual(scripts, [], 'no script for signing in');

  // The home page is made live by the storefront bundle's main module (and its chunk).
  await shopper.page.goto(`${BASE_URL}/`);
  await hydrated(shopper.page);
  const main = shopper.wasm.filter(({ path }) => path.endsWith('/storefront.wasm'));
  assert.equal(main.length, 1, JSON.stringify(shopper.wasm));
  assert.match(main[0].path, /^\/pkg\/storefront\.[0-9a-f]+\/storefront\.wasm$/);
  for (const { path } of shopper.wasm) {
    assert.match(path, /^\/pkg\/storefront\.[0-9a-f]+\/[a-z0-9_]+\.wasm$/, 'no admin code for shoppers');
  }

  const admin = await watchedPage();
  await signIn(admin.page, ADMIN);
  await admin.page.getByRole('heading', { name: `Welcome back, ${ADMIN.name}` }).waitFor();
  await admin.page.goto(`${BASE_URL}/admin/customers`);
  await hydrated(admin.page);
  await admin.page.locator('table.customers-grid tbody tr').first().waitFor();
  assert.ok(admin.wasm.length >= 1);
  // The customer editor's code follows once the grid is live, before a customer is opened.
  for (let waited = 0; !admin.wasm.some(({ path }) => /\/split___customer_edit_route_view_\w+\.wasm$/.test(path)); waited += 100) {
    assert.ok(waited < 10_000, `the editor's chunk was not fetched: ${JSON.stringify(admin.wasm.map((w) => w.path))}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  for (const { path } of admin.wasm) {
    assert.match(path, /^\/pkg\/admin\.[0-9a-f]+\/[a-z0-9_]+\.wasm$/);
  }
  const storefrontBytes = await main[0].bytes;
  const adminBytes = await admin.wasm.find(({ path }) => path.endsWith('/admin.wasm')).bytes;
  // The admin's main module holds its customers grid; with the admin's pages inside it
  // (lazily loaded or not), the storefront's would outweigh it.
  assert.ok(
    storefrontBytes < adminBytes,
    `storefront ${storefrontBytes} bytes, admin ${adminBytes} bytes`,
  );
  await shopper.close();
  await admin.close();
});

test("the registration page's code arrives when a shopper opens it from the home page", async () => {
  const { page, wasm, close } = await watchedPage();
  await page.goto(`${BASE_URL}/`);
  await hydrated(page);
  const main = wasm.find(({ path }) => path.endsWith('/storefront.wasm'));
  assert.ok(main, JSON.stringify(wasm));
  const bundle = main.path.slice(0, main.path.lastIndexOf('/') + 1);
  const before = wasm.length;
  // The page stays the same document: the router draws the next page in the browser.
  await page.evaluate(() => { window.sameDocument = true; });
  await page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Create an Account' }).click();
  await page.waitForURL(`${BASE_URL}/customer/account/create`);
  await page.locator('#account-firstname').waitFor();
  assert.equal(await page.evaluate(() => window.sameDocument), true, 'drawn in the browser');
  // Its code was fetched from the bundle's own directory, after the home page was live.
  const chunks = wasm.slice(before).map(({ path }) => path);
  assert.ok(chunks.length >= 1, JSON.stringify(chunks));
  for (const path of chunks) {
    assert.ok(path.startsWith(bundle), `${path} is in ${bundle}`);
    assert.match(path.slice(bundle.length), /^(split|chunk)_[a-z0-9_]+\.wasm$/);
  }
  // The form it drew is live: passwords that differ are answered on the page.
  await page.getByLabel('First Name').fill('Inês');
  await page.getByLabel('Last Name').fill('Chunk');
  await page.getByRole('textbox', { name: 'Email' }).fill('ines.chunk@example.com');
  await page.locator('#account-password').fill('Comet-Hunter-4');
  await page.locator('#account-password_confirmation').fill('Comet-Hunter-5');
  await page.getByRole('button', { name: 'Create an Account' }).click();
  await page.locator('#account-password_confirmation-error', { hasText: 'Please enter the same value again.' }).waitFor();
  assert.equal(page.url(), `${BASE_URL}/customer/account/create`);
  assert.equal(await page.evaluate(() => window.sameDocument), true, 'answered in the browser');
  await close();
});

test('a page that opens on a lazily loaded route asks for its code in its head, and goes live', async () => {
  const { page, wasm, close } = await watchedPage();
  await page.goto(`${BASE_URL}/customer/account/create`);
  const preloads = await page.locator('head link[rel="preload"][as="fetch"]').evaluateAll((links) =>
    links.map((link) => new URL(link.href).pathname),
  );
  const bundle = preloads.find((path) => path.endsWith('/storefront.wasm'));
  assert.ok(bundle, JSON.stringify(preloads));
  const dir = bundle.slice(0, bundle.lastIndexOf('/') + 1);
  const chunks = preloads.filter((path) => path !== bundle);
  assert.ok(
    chunks.some((path) => path.startsWith(`${dir}split___create_account_route_view_`)),
    JSON.stringify(preloads),
  );
  assert.ok(chunks.every((path) => path.startsWith(dir)), JSON.stringify(preloads));
  await hydrated(page);
  // Each preloaded chunk is what the page then used (one download each), and it is live.
  for (const path of chunks) assert.ok(wasm.some((w) => w.path === path), `${path} fetched`);
  await page.getByLabel('First Name').fill('Live');
  await page.locator('#account-password').fill('Comet-Hunter-4');
  await page.locator('#account-password_confirmation').fill('Comet-Hunter-5');
  await page.getByRole('button', { name: 'Create an Account' }).click();
  await page.locator('#account-password_confirmation-error', { hasText: 'Please enter the same value again.' }).waitFor();
  assert.equal(page.url(), `${BASE_URL}/customer/account/create`, 'answered in the browser');
  await close();
});

test('a link from the storefront to the admin, and back, opens live pages of the other bundle', async () => {
  const { page, wasm, close } = await watchedPage();
  await signIn(page, ADMIN);
  await page.getByRole('heading', { name: `Welcome back, ${ADMIN.name}` }).waitFor();

  await page.goto(`${BASE_URL}/`);
  await hydrated(page);
  await followLink(page, '/admin/customers');
  await page.waitForURL(`${BASE_URL}/admin/customers`);
  await hydrated(page);
  await page.locator('table.customers-grid tbody tr').first().waitFor();
  assert.match(wasm.at(-1).path, /^\/pkg\/admin\./);

  await followLink(page, '/customer/account/create');
  await page.waitForURL(`${BASE_URL}/customer/account/create`);
  await page.getByRole('button', { name: 'Create an Account' }).waitFor();
  await hydrated(page);
  assert.match(wasm.at(-1).path, /^\/pkg\/storefront\./);
  // The storefront's own 404 for a page that only starts like the admin's.
  await followLink(page, '/administrator');
  await page.getByRole('heading', { name: 'Page not found' }).waitFor();
  assert.match(wasm.at(-1).path, /^\/pkg\/storefront\./);
  await close();
});

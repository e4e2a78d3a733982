// The storefront and the admin are hydrated by two wasm bundles: a shopper signing in
// downloads the storefront's only, an admin page the admin's, and a link from one area
// to the other opens a page that the other bundle makes live.
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

test("a shopper's sign-in page loads the storefront bundle, under two thirds of the admin's", async () => {
  const shopper = await watchedPage();
  await shopper.page.goto(`${BASE_URL}/customer/account/login`);
  await hydrated(shopper.page);
  assert.equal(shopper.wasm.length, 1, JSON.stringify(shopper.wasm));
  assert.match(shopper.wasm[0].path, /^\/pkg\/storefront\.[0-9a-f]+\.wasm$/);
  // The form is live: a wrong password is answered on the page.
  await shopper.page.locator('#login-email').fill('nobody@example.com');
  await shopper.page.locator('#login-password').fill('Not-The-Password-1');
  await shopper.page.getByRole('button', { name: 'Sign In' }).click();
  await shopper.page.getByText('Invalid login or password.').waitFor();
  assert.equal(shopper.wasm.length, 1, 'nothing else downloaded');

  const admin = await watchedPage();
  await signIn(admin.page, ADMIN);
  await admin.page.getByRole('heading', { name: `Welcome back, ${ADMIN.name}` }).waitFor();
  await admin.page.goto(`${BASE_URL}/admin/customers`);
  await hydrated(admin.page);
  await admin.page.locator('table.customers-grid tbody tr').first().waitFor();
  assert.ok(admin.wasm.length >= 1);
  for (const { path } of admin.wasm) {
    assert.match(path, /^\/pkg\/admin\.[0-9a-f]+\.wasm$/);
  }
  const storefrontBytes = await shopper.wasm[0].bytes;
  const adminBytes = await admin.wasm[0].bytes;
  // Today about 48%; with the admin's code inside it would be about 100%.
  assert.ok(
    storefrontBytes * 3 < adminBytes * 2,
    `storefront ${storefrontBytes} bytes, admin ${adminBytes} bytes`,
  );
  await shopper.close();
  await admin.close();
});

test('a link from the storefront to the admin, and back, opens live pages of the other bundle', async () => {
  const { page, wasm, close } = await watchedPage();
  await signIn(page, ADMIN);
  await page.getByRole('heading', { name: `Welcome back, ${ADMIN.name}` }).waitFor();

  await page.goto(`${BASE_URL}/customer/account/login`);
  await hydrated(page);
  await followLink(page, '/admin/customers');
  await page.waitForURL(`${BASE_URL}/admin/customers`);
  await hydrated(page);
  await page.locator('table.customers-grid tbody tr').first().waitFor();
  assert.match(wasm.at(-1).path, /^\/pkg\/admin\./);

  await followLink(page, '/customer/account/login');
  await page.waitForURL(`${BASE_URL}/customer/account/login`);
  await page.getByRole('button', { name: 'Sign In' }).waitFor();
  await hydrated(page);
  assert.match(wasm.at(-1).path, /^\/pkg\/storefront\./);
  // The storefront's own 404 for a page that only starts like the admin's.
  await followLink(page, '/administrator');
  await page.getByRole('heading', { name: 'Page not found' }).waitFor();
  assert.match(wasm.at(-1).path, /^\/pkg\/storefront\./);
  await close();
});

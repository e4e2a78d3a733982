// An Image File attribute: the admin creates it for Account Information, a shopper
// uploads a picture there (a page disguised as a .png is refused with the reason), the
// admin sees the picture on the customer's page, a stranger is told it does not exist,
// and removing it deletes it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, hydrated, signIn, BASE_URL, ATTR_ADMIN, launchShops, deleteCustomer, deleteAttribute, showGridColumn } from '../support/browser.mjs';

let browser;
let shops;
let admin;
const stamp = Date.now() % 1_000_000;
const PASSWORD = 'Analytical-Engine-1';
const CODE = `badge_${stamp}`;
const LABEL = `Badge ${stamp}`;
const toast = (p, text) => p.locator('.toasts .toast', { hasText: text });
// A real 1×1 PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
let attributeId;
let shopperEmail;

before(async () => {
  browser = await launch();
  shops = await launchShops();
  admin = await browser.newPage();
  await signIn(admin, ATTR_ADMIN);
  await admin.getByRole('heading', { name: `Welcome back, ${ATTR_ADMIN.name}` }).waitFor();
});

after(async () => {
  if (admin && attributeId) await deleteAttribute(admin, 'Customer', attributeId).catch(() => {});
  if (admin && shopperEmail) await deleteCustomer(admin, shopperEmail).catch(() => {});
  await shops?.close();
  await browser?.close();
});

async function open(page, path) {
  await page.goto(`${BASE_URL}${path}`);
  await hydrated(page);
}

test('an image uploaded by the shopper is theirs and the admin’s to see, and goes when removed', async () => {
  // The editor offers the file rules of an Image File.
  await open(admin, '/admin/attributes/customer/new');
  await admin.getByRole('heading', { name: 'New Attribute' }).waitFor();
  await admin.getByLabel('Default Label').fill(LABEL);
  await admin.getByLabel('Attribute Code').fill(CODE);
  await admin.getByLabel('Input Type').selectOption('image');
  await admin.getByLabel('Maximum Image Width (px)').fill('50');
  await admin.getByLabel('Maximum Image Height (px)').fill('50');
  // An Image File never takes SVG (it can hold scripts): said as the field is left.
  await admin.getByLabel('File Extensions').fill('png, svg');
  await admin.getByLabel('File Extensions').blur();
  await admin.getByText('“svg” cannot be allowed.', { exact: false }).waitFor();
  await admin.getByLabel('File Extensions').fill('png');
  await admin.getByLabel('File Extensions').blur();
  await admin.getByText('“svg” cannot be allowed.', { exact: false }).waitFor({ state: 'detached' });
  await admin.getByLabel('Add to Column Options').check();
  assert.equal(await admin.getByLabel('Use in Search Options').count(), 0, 'a file is never searched');
  await admin.getByRole('tab', { name: 'Storefront Properties' }).click();
  await admin.getByRole('checkbox', { name: 'Customer Account Edit' }).check();
  await admin.getByRole('button', { name: 'Save Attribute' }).click();
  await admin.waitForURL(`${BASE_URL}/admin/attributes/customer`);
  await toast(admin, 'You saved the customer attribute.').waitFor();
  await admin.getByRole('searchbox').fill(CODE);
  await admin.getByRole('searchbox').press('Enter');
  const edit = admin.getByRole('link', { name: `Edit (${CODE})` });
  await edit.waitFor();
  attributeId = (await edit.getAttribute('href')).match(/\/(\d+)\/edit$/)[1];

  // A shopper registers, then uploads on Account Information.
  shopperEmail = `badge.${stamp}@example.com`;
  const context = await shops.newContext();
  const shop = await context.newPage();
  await open(shop, '/customer/account/create');
  await shop.getByLabel('First Name').fill('Ada');
  await shop.getByLabel('Last Name').fill('Lovelace');
  await shop.getByRole('textbox', { name: 'Email' }).fill(shopperEmail);
  await shop.locator('#account-password').fill(PASSWORD);
  await shop.locator('#account-password_confirmation').fill(PASSWORD);
  await shop.getByRole('button', { name: 'Create an Account' }).click();
  await shop.waitForURL(`${BASE_URL}/customer/account`);
  await open(shop, '/customer/account/edit');
  const picker = shop.getByLabel(LABEL);
  // A page called .png: refused by its content, with the reason, nothing kept.
  await picker.setInputFiles({ name: 'trick.png', mimeType: 'image/png', buffer: Buffer.from('<!DOCTYPE html><script>alert(1)</script>') });
  await shop.getByText('“trick.png” is not the kind of file its name says.', { exact: false }).waitFor();
  // Too wide for the attribute: the header says 60 × 1.
  const wide = Buffer.from(PNG);
  wide.writeUInt32BE(60, 16);
  await picker.setInputFiles({ name: 'wide.png', mimeType: 'image/png', buffer: wide });
  await shop.getByText('The image is 60 × 1 pixels; at most 50 × 50 is allowed.').waitFor();
  await picker.setInputFiles({ name: 'my badge.png', mimeType: 'image/png', buffer: PNG });
  await shop.getByText('my badge.png is ready: save to keep it.').waitFor();
  await shop.getByRole('button', { name: 'Save', exact: true }).click();
  await shop.waitForURL(`${BASE_URL}/customer/account`);
  await open(shop, '/customer/account/edit');
  const mine = shop.getByRole('link', { name: 'my badge.png' });
  await mine.waitFor();
  const url = await mine.getAttribute('href');
  assert.match(url, /^\/media\/customer-file\/[0-9a-f]{32}\/my%20badge\.png$/);
  await shop.waitForFunction(() => document.querySelector('img.file-preview')?.naturalWidth === 1);
  await context.close();

  // The admin sees the picture on the customer's page.
  await open(admin, `/admin/customers?search=${encodeURIComponent(shopperEmail)}`);
  const customerRow = admin.locator('table.customers-grid tbody tr[data-id]').first();
  await customerRow.waitFor();
  const customerId = await customerRow.getAttribute('data-id');
  // Its column in the grid links to the file by name, and does not sort.
  const fileHeader = await showGridColumn(admin, LABEL);
  assert.equal(await fileHeader.getByRole('button').count(), 0, 'a file column does not sort');
  const fileColumn = await fileHeader.getAttribute('data-column');
  const cellLink = admin.locator(`table.customers-grid tbody tr[data-id="${customerId}"] td[data-column="${fileColumn}"] a`);
  await cellLink.waitFor();
  assert.equal((await cellLink.innerText()).trim(), 'my badge.png');
  assert.equal(await cellLink.getAttribute('href'), url);
  await open(admin, `/admin/customers/${customerId}/edit?tab=account`);
  await admin.waitForFunction(() => document.querySelector('.page-actions')?.dataset.live === 'true');
  await admin.getByRole('link', { name: 'my badge.png' }).waitFor();
  await admin.waitForFunction(() => document.querySelector('img.file-preview')?.naturalWidth === 1);
  const asAdmin = await admin.evaluate(async (url) => {
    const r = await fetch(url);
    return [r.status, r.headers.get('content-type'), (await r.arrayBuffer()).byteLength];
  }, url);
  assert.deepEqual(asAdmin, [200, 'image/png', PNG.length]);

  // Anyone else is told there is no such file.
  const stranger = await shops.newContext();
  const response = await stranger.request.get(`${BASE_URL}${url}`);
  assert.equal(response.status(), 404);
  await stranger.close();

  // Removing it: gone from the page and from the server.
  await admin.getByRole('button', { name: 'Remove file' }).click();
  await admin.getByText('The file will be removed when you save.').waitFor();
  await admin.getByRole('button', { name: 'Save and Continue Edit' }).click();
  await toast(admin, 'You saved the customer.').waitFor();
  await open(admin, `/admin/customers/${customerId}/edit?tab=account`);
  await admin.getByLabel(LABEL).waitFor();
  assert.equal(await admin.getByRole('link', { name: 'my badge.png' }).count(), 0);
  const after = await admin.evaluate(async (url) => (await fetch(url)).status, url);
  assert.equal(after, 404);
});

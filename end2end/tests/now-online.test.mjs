// Customers → Now Online: a shopper who registers in one browser appears in the admin's
// open grid within seconds, without a reload and with the admin's search kept; the
// export has them; when they sign out they are a visitor again and leave the search.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, hydrated, signIn, BASE_URL, ONLINE_ADMIN, launchShops, deleteCustomer } from '../support/browser.mjs';

let browser;
let shops;
let admin;
const stamp = Date.now();
const PASSWORD = 'Analytical-Engine-1';
const email = `online.${stamp}@example.com`;
let registered = false;

before(async () => {
  browser = await launch();
  shops = await launchShops();
  admin = await browser.newPage();
  await signIn(admin, ONLINE_ADMIN);
  await admin.getByRole('heading', { name: `Welcome back, ${ONLINE_ADMIN.name}` }).waitFor();
});

after(async () => {
  // The grid tests count the demo store's customers.
  if (admin && registered) await deleteCustomer(admin, email).catch(() => {});
  await shops?.close();
  await browser?.close();
});

test('a shopper appears live in Now Online and leaves it as a visitor on sign-out', async () => {
  await admin.goto(`${BASE_URL}/admin/customers/online?search=${encodeURIComponent(email)}`);
  await hydrated(admin);
  await admin.getByRole('heading', { name: 'Now Online' }).waitFor();
  await admin.getByText('Customers and visitors active in the last 15 minutes').waitFor();
  await admin.getByText("We couldn't find any records.").waitFor();
  // The menu entry shows how many are online.
  await admin.locator('.admin-menu a[href="/admin/customers/online"] .menu-count').waitFor();
  // Marks this page: a reload would lose it.
  await admin.evaluate(() => { window.__stillHere = true; });

  const context = await shops.newContext();
  const shop = await context.newPage();
  await shop.goto(`${BASE_URL}/customer/account/create`);
  await hydrated(shop);
  await shop.getByLabel('First Name').fill('Grace');
  await shop.getByLabel('Last Name').fill('Hopper');
  await shop.getByRole('textbox', { name: 'Email' }).fill(email);
  await shop.locator('#account-password').fill(PASSWORD);
  await shop.locator('#account-password_confirmation').fill(PASSWORD);
  await shop.getByRole('button', { name: 'Create an Account' }).click();
  await shop.waitForURL(`${BASE_URL}/customer/account`);
  registered = true;
  const shown = Date.now();

  // The admin's grid shows her within 5 s of the next refresh, without a reload.
  const row = admin.locator('table.online-grid tbody tr[data-id]', { hasText: email });
  await row.waitFor({ timeout: 12_000 });
  assert.ok(Date.now() - shown < 12_000);
  assert.equal(await admin.evaluate(() => window.__stillHere), true, 'no reload');
  assert.equal(new URL(admin.url()).searchParams.get('search'), email, 'the search is kept');
  await row.getByText('Grace', { exact: true }).waitFor();
  await row.getByText('Customer', { exact: true }).waitFor();
  await row.getByText('/customer/account/create').waitFor();
  await row.getByText('Main Website').waitFor();
  assert.ok(await row.getByRole('link', { name: 'View (Grace Hopper)' }).isVisible());

  // The export has the same row, headers first.
  const href = await admin.getByRole('link', { name: 'Export CSV' }).getAttribute('href');
  const csv = await admin.evaluate(async (href) => (await fetch(href)).text(), href);
  const lines = csv.trim().split(/\r\n/);
  assert.match(lines[0], /^ID,First Name,Last Name,Email,Last Activity,Type,Web Site,Group,Last URL$/);
  assert.equal(lines.length, 2, csv);
  assert.match(lines[1], new RegExp(`,Grace,Hopper,${email.replace(/\./g, '\\.')},.*,Customer,Main Website,General,/customer/account/create$`));

  // Signed out, she is a visitor again: no longer found by her email.
  await shop.getByRole('button', { name: 'Sign Out' }).click();
  await shop.waitForURL(`${BASE_URL}/`);
  await row.waitFor({ state: 'detached', timeout: 12_000 });
  await admin.getByText("We couldn't find any records.").waitFor();
  await context.close();

  // Paused, the grid stops asking.
  await admin.getByRole('button', { name: 'Pause live updates' }).click();
  await admin.getByRole('button', { name: 'Resume live updates' }).waitFor();
  let calls = 0;
  admin.on('request', (r) => { if (r.url().includes('/api/admin/online/grid')) calls += 1; });
  await admin.waitForTimeout(6_000);
  assert.equal(calls, 0, 'no refresh while paused');
});

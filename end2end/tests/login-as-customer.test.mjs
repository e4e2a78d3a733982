// Login as Customer: an admin connects to the store as a shopper who allowed remote
// shopping assistance (a reason is required), sees the banner and the shopper's address
// book in the new tab, renames the shopper (the customer's page marks the session as the
// admin's, and its History has the rename as the admin's), ends the session and finds it
// in the log with the reason; a shopper who did not allow it is refused; a role without
// the permission sees no button.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, hydrated, signIn, BASE_URL, ASSIST_ADMIN, LIMITED, launchShops, deleteCustomer } from '../support/browser.mjs';

let browser;
let shops;
let admin;
const stamp = Date.now();
const PASSWORD = 'Analytical-Engine-1';
const willing = `assist.yes.${stamp}@example.com`;
const unwilling = `assist.no.${stamp}@example.com`;
const REASON = `Cannot find the address book (${stamp})`;
const made = [];
const toast = (p, text) => p.locator('.toasts .toast', { hasText: text });

before(async () => {
  browser = await launch();
  shops = await launchShops();
  admin = await browser.newPage();
  await signIn(admin, ASSIST_ADMIN);
  await admin.getByRole('heading', { name: `Welcome back, ${ASSIST_ADMIN.name}` }).waitFor();
});

after(async () => {
  for (const email of made) await deleteCustomer(admin, email).catch(() => {});
  await shops?.close();
  await browser?.close();
});

/** Register `email` as Grace Hopper, allowing remote shopping assistance or not. */
async function register(email, allow) {
  const context = await shops.newContext();
  const shop = await context.newPage();
  await shop.goto(`${BASE_URL}/customer/account/create`);
  await hydrated(shop);
  await shop.getByLabel('First Name').fill('Grace');
  await shop.getByLabel('Last Name').fill('Hopper');
  await shop.getByRole('textbox', { name: 'Email' }).fill(email);
  await shop.locator('#account-password').fill(PASSWORD);
  await shop.locator('#account-password_confirmation').fill(PASSWORD);
  if (allow) await shop.getByLabel('Allow remote shopping assistance').check();
  await shop.getByRole('button', { name: 'Create an Account' }).click();
  await shop.waitForURL(`${BASE_URL}/customer/account`);
  made.push(email);
  await context.close();
}

async function customerPage(email) {
  await admin.goto(`${BASE_URL}/admin/customers?search=${encodeURIComponent(email)}`);
  await hydrated(admin);
  const id = await admin.locator('table.customers-grid tbody tr[data-id]').first().getAttribute('data-id');
  await admin.goto(`${BASE_URL}/admin/customers/${id}/edit`);
  await hydrated(admin);
  return id;
}

test('an admin connects as a consenting shopper, ends it, and finds it in the log', async () => {
  await register(willing, true);
  const id = await customerPage(willing);
  await admin.getByRole('button', { name: 'Login as Customer' }).click();
  const dialog = admin.getByRole('dialog', { name: 'Login as Customer' });
  await dialog.getByText('You are about to connect to the store as Grace Hopper.').waitFor();
  // The reason is required.
  await dialog.getByRole('button', { name: 'Login as Customer' }).click();
  await dialog.getByText('Reason is a required field.').waitFor();
  await dialog.getByLabel('Reason').fill(REASON);
  const [tab] = await Promise.all([
    admin.context().waitForEvent('page'),
    dialog.getByRole('button', { name: 'Login as Customer' }).click(),
  ]);
  await tab.waitForURL(`${BASE_URL}/customer/account`);
  await hydrated(tab);
  await tab.getByText('You are connected as Grace Hopper on Default Store View').waitFor();
  await tab.locator('[data-block="contact"]').getByRole('link', { name: 'Edit' }).waitFor();
  assert.equal(await tab.getByRole('link', { name: 'Change Password' }).count(), 0);
  // The shopper's own pages, the banner on each; no way to change the password.
  await tab.goto(`${BASE_URL}/customer/address`);
  await hydrated(tab);
  await tab.getByRole('heading', { name: 'Address Book' }).waitFor();
  await tab.getByText('You are connected as Grace Hopper on Default Store View').waitFor();
  await tab.goto(`${BASE_URL}/customer/account/edit`);
  await hydrated(tab);
  await tab.getByLabel('First Name').waitFor();
  assert.equal(await tab.getByLabel('Change Password').count(), 0, 'no password change');
  // What the admin changes as the shopper is the admin's in the action log.
  await tab.getByLabel('Last Name').fill('Hopper-Murray');
  await tab.getByRole('button', { name: 'Save' }).click();
  await toast(tab, 'You saved the account information.').waitFor();
  // Meanwhile the customer's page marks the session as the admin's.
  await admin.goto(`${BASE_URL}/admin/customers/${id}/edit`);
  await hydrated(admin);
  await admin.locator('[data-field="sessions"] li', { hasText: `Login as Customer by ${ASSIST_ADMIN.name}` }).waitFor();
  await tab.bringToFront();
  await tab.getByRole('button', { name: 'End session' }).click();
  await tab.waitForURL(`${BASE_URL}/`);
  await tab.getByText('You are connected as').waitFor({ state: 'detached' });
  await tab.close();

  // The log has it, with the reason, signed in and ended.
  await admin.goto(`${BASE_URL}/admin/login-as-customer-log?search=${encodeURIComponent(String(stamp))}`);
  await hydrated(admin);
  const row = admin.locator('table.assist-log-grid tbody tr[data-id]', { hasText: REASON });
  await row.waitFor();
  await row.getByText(willing).waitFor();
  await row.getByText('Ended', { exact: true }).waitFor();
  await row.getByText(ASSIST_ADMIN.name).waitFor();
  // The export has the same entry.
  const href = await admin.getByRole('link', { name: 'Export CSV' }).getAttribute('href');
  const csv = await admin.evaluate(async (href) => (await fetch(href)).text(), href);
  const lines = csv.trim().split(/\r\n/);
  assert.match(lines[0], /^ID,Customer ID,Customer Email,Admin ID,Admin Name,Reason,Logged In,Ended,Result$/);
  assert.equal(lines.length, 2, csv);
  assert.ok(lines[1].includes(willing) && lines[1].includes(REASON) && lines[1].endsWith(',Ended'), csv);
  // So does the customer's page.
  await admin.goto(`${BASE_URL}/admin/customers/${id}/edit`);
  await hydrated(admin);
  await admin.locator('#panel-view table.assist-log-grid', { hasText: REASON }).waitFor();
  // Its History has the rename, by the admin, naming the session; the session is gone.
  assert.equal(await admin.locator('[data-field="sessions"] li', { hasText: 'Login as Customer by' }).count(), 0);
  await admin.getByRole('tab', { name: 'History' }).click();
  const rename = admin.locator('#panel-history table.action-log-grid tbody tr[data-id]', { hasText: 'Hopper-Murray' });
  await rename.waitFor();
  await rename.getByText(ASSIST_ADMIN.name, { exact: true }).waitFor();
  assert.equal(
    await rename.locator('.change-field').allInnerTexts().then((t) => t.join('|')),
    'Login as Customer session|Last Name',
  );
  assert.equal(await rename.locator('.change-before').innerText(), 'Hopper');
});


test('a session an admin opened ends from a page sent without script too', async () => {
  const id = await customerPage(willing);
  assert.ok(id);
  await admin.getByRole('button', { name: 'Login as Customer' }).click();
  const dialog = admin.getByRole('dialog', { name: 'Login as Customer' });
  await dialog.getByLabel('Reason').fill(`${REASON} (again)`);
  const [tab] = await Promise.all([
    admin.context().waitForEvent('page'),
    dialog.getByRole('button', { name: 'Login as Customer' }).click(),
  ]);
  await tab.waitForURL(`${BASE_URL}/customer/account`);
  // The sign-in page has no script: the banner's button is a form's, and works as it is.
  await tab.goto(`${BASE_URL}/customer/account/login`);
  await hydrated(tab);
  assert.equal(await tab.evaluate(() => document.body.dataset.script), 'none');
  // (The test above renamed her.)
  await tab.getByText('You are connected as Grace Hopper-Murray on Default Store View').waitFor();
  await tab.getByRole('button', { name: 'End session' }).click();
  await tab.getByText('You are connected as').waitFor({ state: 'detached' });
  await tab.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Sign In' }).waitFor();
  // Ended: My Account asks to sign in.
  await tab.goto(`${BASE_URL}/customer/account`);
  await tab.getByRole('heading', { name: 'Customer Login' }).waitFor();
  await tab.close();
});
test('a shopper who did not allow it is refused; a role without the permission has no button', async () => {
  await register(unwilling, false);
  await customerPage(unwilling);
  await admin.getByRole('button', { name: 'Login as Customer' }).click();
  await toast(admin, 'This customer has not allowed remote shopping assistance.').waitFor();
  assert.equal(await admin.getByRole('dialog', { name: 'Login as Customer' }).count(), 0);

  const context = await shops.newContext();
  const limited = await context.newPage();
  await signIn(limited, LIMITED);
  await limited.getByRole('heading', { name: `Welcome back, ${LIMITED.name}` }).waitFor();
  const id = new URL(admin.url()).pathname.split('/')[3];
  await limited.goto(`${BASE_URL}/admin/customers/${id}/edit`);
  await hydrated(limited);
  await limited.getByRole('button', { name: 'Save and Continue Edit' }).waitFor();
  // Give the button's check time to answer, then make sure it never showed.
  await limited.waitForTimeout(1_000);
  assert.equal(await limited.getByRole('button', { name: 'Login as Customer' }).count(), 0);
  await context.close();
});

// My Account: a shopper edits their account information and
// changes their password behind the current one, manages the address book (add with
// field errors, edit, make default, delete), and keeps using My Account with the
// network down: the pages reload from the service worker with the saved copies, an
// address and a new name made offline wait as pending and are sent once back online,
// and an address the admin changed meanwhile comes back as a choice instead of being
// overwritten.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, hydrated, signIn, BASE_URL, ADMIN, answerDialog, launchShops } from '../support/browser.mjs';

let browser;
let shops;
let admin;
const stamp = Date.now();
const PASSWORD = 'Analytical-Engine-1';
const NEW_PASSWORD = 'Difference-Engine-2';
const toast = (p, text) => p.locator('.toasts .toast', { hasText: text });

before(async () => {
  browser = await launch();
  shops = await launchShops();
  admin = await browser.newPage();
  await signIn(admin, ADMIN);
  await admin.getByRole('heading', { name: `Welcome back, ${ADMIN.name}` }).waitFor();
});
after(async () => {
  await shops?.close();
  await browser?.close();
});

async function open(page, path) {
  await page.goto(`${BASE_URL}${path}`);
  await hydrated(page);
}

/** A new shopper in their own browser context, registered and signed in. */
async function newShopper(first) {
  const context = await shops.newContext();
  const page = await context.newPage();
  const email = `${first.toLowerCase()}.${stamp}@example.com`;
  await open(page, '/customer/account/create');
  await page.getByLabel('First Name').fill(first);
  await page.getByLabel('Last Name').fill('Lovelace');
  await page.getByRole('textbox', { name: 'Email' }).fill(email);
  await page.locator('#account-password').fill(PASSWORD);
  await page.locator('#account-password_confirmation').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create an Account' }).click();
  await page.waitForURL(`${BASE_URL}/customer/account`);
  await page.locator('[data-block="contact"]').waitFor();
  return { context, page, email };
}

/** Fill the address form (UK addresses: no region list). */
async function fillAddress(page, { city, street = '1 Analytical Row', phone = '+44 20 7946 0000' }) {
  await page.locator('#address-street-0').fill(street);
  await page.locator('#address-city').fill(city);
  await page.locator('#address-country_id').selectOption('GB');
  await page.locator('#address-postcode').fill('EC1A 1BB');
  await page.locator('#address-telephone').fill(phone);
}

async function addAddress(page, city, { billing = false, shipping = false } = {}) {
  await open(page, '/customer/address/new');
  await page.locator('#address-city').waitFor();
  await fillAddress(page, { city });
  if (billing) await page.getByLabel('Use as my default billing address').check();
  if (shipping) await page.getByLabel('Use as my default shipping address').check();
  await page.getByRole('button', { name: 'Save Address' }).click();
  await page.waitForURL(`${BASE_URL}/customer/address`);
  await toast(page, 'You saved the address.').waitFor();
}

test('account information: new names, then a new password behind the current one', async () => {
  const { context, page, email } = await newShopper('Ada');
  await page.getByRole('navigation', { name: 'My account pages' }).getByRole('link', { name: 'Account Information' }).click();
  await page.getByRole('heading', { name: 'Edit Account Information' }).waitFor();
  await page.locator('#info-firstname').fill('Augusta');
  await page.getByRole('button', { name: 'Save' }).click();
  await toast(page, 'You saved the account information.').waitFor();
  await page.waitForURL(`${BASE_URL}/customer/account`);
  await page.getByText('Welcome, Augusta Lovelace!').waitFor();

  // Change Password from the dashboard: a wrong current password is refused on its field.
  await page.locator('[data-block="contact"]').getByRole('link', { name: 'Change Password' }).click();
  await page.locator('#info-current_password').waitFor();
  await page.locator('#info-current_password').fill('Not-The-Password-1');
  await page.locator('#info-password').fill(NEW_PASSWORD);
  await page.locator('#info-password_confirmation').fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByText("The password doesn't match this account. Verify the password and try again.").waitFor();
  await page.locator('#info-current_password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Save' }).click();
  await page.waitForURL(`${BASE_URL}/customer/account`);
  await toast(page, 'You saved the account information.').last().waitFor();

  // The old password no longer works; the new one does.
  await page.getByRole('button', { name: 'Sign Out' }).click();
  await page.waitForURL(`${BASE_URL}/`);
  await open(page, '/customer/account/login');
  await page.locator('#login-email').fill(email);
  await page.locator('#login-password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign In' }).click();
  await page.getByText('Invalid login or password.').waitFor();
  await page.locator('#login-password').fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Sign In' }).click();
  await page.getByText('Welcome, Augusta Lovelace!').waitFor();
  await context.close();
});

test('address book: add with field errors, edit, make default, delete', async () => {
  const { context, page } = await newShopper('Grace');
  await open(page, '/customer/address');
  assert.match(await page.locator('[data-block="default-billing"]').innerText(), /You have not set a default billing address\./);
  await page.getByText('You have no other address entries in your address book.').waitFor();

  // The form starts with the account's names; the rules are checked before sending.
  await page.getByRole('link', { name: 'Add New Address' }).click();
  await page.locator('#address-city').waitFor();
  assert.equal(await page.locator('#address-firstname').inputValue(), 'Grace');
  await page.getByRole('button', { name: 'Save Address' }).click();
  await page.getByText('City is a required field.').waitFor();
  await fillAddress(page, { city: 'London' });
  await page.getByLabel('Use as my default billing address').check();
  await page.getByLabel('Use as my default shipping address').check();
  await page.getByRole('button', { name: 'Save Address' }).click();
  await toast(page, 'You saved the address.').waitFor();
  await page.locator('[data-block="default-billing"]', { hasText: 'London' }).waitFor();
  await page.locator('[data-block="default-shipping"]', { hasText: 'London' }).waitFor();

  await addAddress(page, 'Bristol');
  const additional = page.locator('.address-list > li');
  await additional.filter({ hasText: 'Bristol' }).waitFor();
  assert.equal(await additional.count(), 1);

  // Edit it, and make it the default shipping address.
  await additional.filter({ hasText: 'Bristol' }).getByRole('link', { name: 'Edit' }).click();
  await page.getByRole('heading', { name: 'Edit Address' }).waitFor();
  await page.locator('#address-city').fill('Bath');
  await page.getByLabel('Use as my default shipping address').check();
  await page.getByRole('button', { name: 'Save Address' }).click();
  // The Bristol toast may still be up: the newest one is this save's.
  await toast(page, 'You saved the address.').last().waitFor();
  await page.locator('[data-block="default-shipping"]', { hasText: 'Bath' }).waitFor();
  await page.locator('[data-block="default-billing"]', { hasText: 'London' }).waitFor();
  await page.getByText('You have no other address entries in your address book.').waitFor();

  // A default address shows a notice instead of the toggle (it can't be unset here).
  await page.locator('[data-block="default-shipping"]').getByRole('link', { name: 'Change Shipping Address' }).click();
  await page.getByText("It's a default shipping address.").waitFor();
  await open(page, '/customer/address');

  // Delete an additional address after the confirmation; defaults have no Delete.
  await addAddress(page, 'York');
  assert.equal(await page.locator('[data-block="default-billing"]').getByRole('button', { name: 'Delete' }).count(), 0);
  await additional.filter({ hasText: 'York' }).getByRole('button', { name: 'Delete' }).click();
  const question = await answerDialog(page, 'Delete');
  await toast(page, 'You deleted the address.').waitFor();
  assert.equal(question, 'Are you sure you want to delete this address?');
  await page.getByText('You have no other address entries in your address book.').waitFor();
  await context.close();
});

/** Open the address book so the service worker controls it and keeps a copy. */
async function openForOffline(page) {
  await open(page, '/customer/address');
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
  await page.reload();
  await hydrated(page);
  await page.locator('[data-block="default-billing"]').waitFor();
}

test('offline: My Account pages reload from the saved copies and the edits made offline sync', async () => {
  const { context, page } = await newShopper('Mary');
  await addAddress(page, 'London', { billing: true, shipping: true });
  // Visit Account Information once online (its copy is kept on the device).
  await open(page, '/customer/account/edit');
  await page.locator('#info-firstname').waitFor();
  await openForOffline(page);

  await context.setOffline(true);
  await page.reload();
  await hydrated(page);
  await page.getByText('Offline — showing your saved copy from', { exact: false }).waitFor();
  await page.locator('[data-block="default-billing"]', { hasText: 'London' }).waitFor();

  // A page never saved on this device: the store's offline page, never the browser's
  // error page, with links to the pages that were saved.
  await page.goto(`${BASE_URL}/customer/account/forgotpassword`);
  await page.getByRole('heading', { name: "You're offline" }).waitFor();
  const saved = page.locator('.offline-page').getByRole('link', { name: 'Address Book' });
  await saved.click();
  await hydrated(page);
  await page.getByText('Offline — showing your saved copy from', { exact: false }).waitFor();

  // Add an address offline: it waits on the device, marked pending.
  await page.getByRole('link', { name: 'Add New Address' }).click();
  await page.locator('#address-city').waitFor();
  await fillAddress(page, { city: 'Edinburgh' });
  await page.getByRole('button', { name: 'Save Address' }).click();
  await toast(page, "You're offline.").waitFor();
  const pending = page.locator('.address-list > li', { hasText: 'Edinburgh' });
  await pending.locator('[data-pending="true"]', { hasText: 'Pending' }).waitFor();
  await page.getByText('1 change(s) waiting to be sent.').waitFor();

  // Account Information offline: the saved copy, and a new first name that waits too.
  const nav = page.getByRole('navigation', { name: 'My account pages' });
  await nav.getByRole('link', { name: 'Account Information' }).click();
  await page.locator('#info-firstname').waitFor();
  await page.getByText('Offline — showing your saved copy from', { exact: false }).waitFor();
  assert.equal(await page.locator('#info-firstname').inputValue(), 'Mary');
  await page.locator('#info-firstname').fill('Maria');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.waitForURL(`${BASE_URL}/customer/account`);
  await toast(page, "You're offline.").last().waitFor();
  // The dashboard from its saved copy (kept when it was last seen, right after
  // registering: no address yet).
  await page.getByText('Offline — showing your saved copy from', { exact: false }).waitFor();
  await page.locator('[data-block="contact"]', { hasText: 'Mary Lovelace' }).waitFor();
  await page.getByText('You have not set a default billing address.').waitFor();
  await page.getByText('2 change(s) waiting to be sent.').waitFor();

  // Back online: both changes are sent, in order, and the pages show the server again.
  await context.setOffline(false);
  await toast(page, 'Your offline changes were saved.').waitFor();
  await page.locator('.offline-banner').waitFor({ state: 'detached' });
  await page.locator('[data-block="contact"]', { hasText: 'Maria Lovelace' }).waitFor();
  await page.getByText('waiting to be sent').waitFor({ state: 'detached' });
  await nav.getByRole('link', { name: 'Address Book' }).click();
  await pending.waitFor();
  assert.equal(await pending.locator('[data-pending="true"]').count(), 0);

  // Signing out forgets the device copies.
  await page.getByRole('button', { name: 'Sign Out' }).click();
  await page.waitForURL(`${BASE_URL}/`);
  const kept = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('clientele.account.')));
  assert.deepEqual(kept, []);
  await context.close();
});

test('offline: an address the admin changed meanwhile is shown to the shopper to settle', async () => {
  const { context, page } = await newShopper('Ida');
  await addAddress(page, 'London', { billing: true, shipping: true });
  await addAddress(page, 'Leeds');
  const row = page.locator('.address-list > li', { hasText: 'Leeds' });
  const id = Number(await row.getAttribute('data-address'));
  // The address as stored (with its customer and version), read while online.
  const before = await page.evaluate(async (id) => {
    const r = await fetch('/api/account/address', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-clientele-csrf': '1' },
      body: `id=${id}`,
    });
    return r.json();
  }, id);
  assert.equal(before.address.city, 'Leeds');
  await openForOffline(page);

  // The shopper edits Leeds offline…
  await context.setOffline(true);
  await row.getByRole('link', { name: 'Edit' }).click();
  await page.locator('#address-city').waitFor();
  await page.locator('#address-city').fill('Harrogate');
  await page.getByRole('button', { name: 'Save Address' }).click();
  await toast(page, "You're offline.").waitFor();
  await page.locator('.address-list > li', { hasText: 'Harrogate' }).locator('[data-pending="true"]').waitFor();

  // …while the admin changes the same address.
  const saved = await admin.evaluate(async (input) => {
    const r = await fetch('/api/admin/customers/address/save', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-clientele-csrf': '1' },
      body: JSON.stringify({ input: { ...input, city: 'Wakefield' } }),
    });
    if (!r.ok) throw new Error(await r.text());
    return r.json();
  }, before.address);
  assert.equal(saved.city, 'Wakefield');

  // Back online: the replay finds the newer version and asks instead of overwriting.
  await context.setOffline(false);
  const conflict = page.locator('.conflict');
  await conflict.getByRole('heading', { name: 'Changed elsewhere while you were offline' }).waitFor();
  assert.match(await conflict.innerText(), /Your version[\s\S]*Harrogate/);
  assert.match(await conflict.innerText(), /Saved meanwhile[\s\S]*Wakefield/);
  await conflict.getByRole('button', { name: 'Keep my version' }).click();
  await conflict.waitFor({ state: 'detached' });
  await toast(page, 'Your offline changes were saved.').waitFor();
  const kept = page.locator('.address-list > li', { hasText: 'Harrogate' });
  await kept.waitFor();
  assert.equal(await kept.locator('[data-pending="true"]').count(), 0);
  await context.close();
});

test('the saved copies leave the device when the session ends elsewhere', async () => {
  const { context, page } = await newShopper('Copia');
  // My Account keeps its copy on the device for offline use.
  const copies = () => page.evaluate(() => Object.keys(localStorage)
    .filter((k) => k.startsWith('clientele.account.') && !/\.(queue|conflicts|signed-in-as)$/.test(k)));
  await page.waitForFunction(() => Object.keys(localStorage).some((k) => k.endsWith('.dashboard')));
  assert.ok((await copies()).length > 0);
  // The session ends without a sign-out on this device (the cookie expires, an admin
  // deletes the account…): the next storefront page finds nobody signed in.
  await context.clearCookies();
  await open(page, '/');
  await page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Sign In' }).waitFor();
  await page.waitForFunction(() => !Object.keys(localStorage).some((k) => k.endsWith('.dashboard')));
  assert.deepEqual(await copies(), []);
  await context.close();
});

// Stores → Attributes → Customer: a system attribute's restricted editor. The admin
// renames First Name (a Default Label and a store view label) and moves it first; the
// storefront's Create an Account shows the store view's label, the admin's New Customer
// form the Default Label; the code, input type and rule cannot be changed, and Name
// Prefix says which setting decides where it shows. The grid, the inline editor, the
// address sub-grid and the forms' errors name renamed fields by their new labels. The
// labels are restored after.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, hydrated, signIn, BASE_URL, ATTR_ADMIN, launchShops } from '../support/browser.mjs';

let browser;
let shops;
let admin;
let renamed = false;
let taxvatRenamed = false;
let cityRenamed = false;
const EDITOR = '/admin/attributes/customer/system/firstname';
const toast = (p, text) => p.locator('.toasts .toast', { hasText: text });

before(async () => {
  browser = await launch();
  shops = await launchShops();
  admin = await browser.newPage();
  await signIn(admin, ATTR_ADMIN);
  await admin.getByRole('heading', { name: `Welcome back, ${ATTR_ADMIN.name}` }).waitFor();
});

async function open(page, path) {
  await page.goto(`${BASE_URL}${path}`);
  await hydrated(page);
}

/** Save First Name's labels and sort order through its editor. */
async function saveFirstName(label, storeLabel, sortOrder) {
  await open(admin, EDITOR);
  await admin.getByLabel('Default Label').fill(label);
  await admin.getByRole('tab', { name: 'Storefront Properties' }).click();
  await admin.getByLabel('Sort Order').fill(String(sortOrder));
  await admin.getByRole('tab', { name: 'Manage Labels/Options' }).click();
  await admin.getByLabel('Default Store View').fill(storeLabel);
  await admin.getByRole('button', { name: 'Save Attribute' }).click();
  await admin.waitForURL(`${BASE_URL}/admin/attributes/customer`);
  await toast(admin, 'You saved the customer attribute.').waitFor();
}

/** Save a system attribute's Default Label through its editor (`entity`: customer or
 * address). */
async function saveLabel(entity, code, label) {
  await open(admin, `/admin/attributes/${entity}/system/${code}`);
  await admin.getByLabel('Default Label').fill(label);
  await admin.getByRole('button', { name: 'Save Attribute' }).click();
  await admin.waitForURL(`${BASE_URL}/admin/attributes/${entity}`);
  await toast(admin, 'You saved the customer attribute.').waitFor();
}

const saveTaxvat = (label) => saveLabel('customer', 'taxvat', label);

after(async () => {
  if (admin && renamed) await saveFirstName('First Name', '', 40).catch(() => {});
  if (admin && taxvatRenamed) await saveTaxvat('Tax/VAT Number').catch(() => {});
  if (admin && cityRenamed) await saveLabel('address', 'city', 'City').catch(() => {});
  await shops?.close();
  await browser?.close();
});

test('a system attribute takes new labels and a sort order, and the forms show them', async () => {
  await open(admin, '/admin/attributes/customer');
  const row = admin.locator('table.attributes-grid tbody tr', { hasText: 'firstname' });
  await row.getByRole('link', { name: 'Edit (firstname)' }).click();
  await admin.getByRole('heading', { name: 'First Name' }).waitFor();
  await hydrated(admin);
  await admin.getByText('A system attribute keeps its code, input type and rules').waitFor();
  // The code, input type and rule are shown, not offered; there is nothing to delete.
  assert.equal(await admin.getByRole('textbox', { name: 'Attribute Code' }).count(), 0);
  assert.equal(await admin.getByRole('combobox', { name: 'Input Type' }).count(), 0);
  assert.equal(await admin.getByRole('button', { name: 'Delete Attribute' }).count(), 0);
  await admin.getByRole('tab', { name: 'Storefront Properties' }).click();
  await admin.getByText('Shown in every form that asks for it.').waitFor();
  assert.equal(await admin.getByRole('checkbox', { name: 'Show on Storefront' }).count(), 0);
  // A label cannot be blank.
  await admin.getByRole('tab', { name: 'Attribute Properties' }).click();
  await admin.getByLabel('Default Label').fill(' ');
  await admin.getByRole('button', { name: 'Save Attribute' }).click();
  await admin.getByText('Default Label is a required field.').waitFor();

  renamed = true;
  await saveFirstName('Given Name', 'Given name (as on your ID)', 1);
  // The grid lists it under its new label, first by sort order.
  const first = admin.locator('table.attributes-grid tbody tr').first();
  await first.getByText('Given Name', { exact: true }).waitFor();

  // The storefront shows the store view's label, and the field still works by it.
  const context = await shops.newContext();
  const shop = await context.newPage();
  await open(shop, '/customer/account/create');
  // Its error names it so too.
  await shop.getByRole('button', { name: 'Create an Account' }).click();
  await shop.getByText('Given name (as on your ID) is a required field.').waitFor();
  await shop.getByLabel('Given name (as on your ID)').fill('Ada');
  assert.equal(await shop.locator('#account-firstname').inputValue(), 'Ada');
  await context.close();

  // The admin's New Customer form shows the Default Label, and the field first: its
  // sort order (1) is now the lowest of the system fields.
  await open(admin, '/admin/customers/new');
  await admin.getByLabel('Given Name').waitFor();
  const firstField = admin.locator('fieldset.form-grid .field').first();
  assert.match(await firstField.locator('label').first().innerText(), /^Given Name/);

  // Name Prefix says which setting decides where it shows, with a way there.
  await open(admin, '/admin/attributes/customer/system/prefix');
  await admin.getByRole('tab', { name: 'Storefront Properties' }).click();
  await admin.getByText('Name and Address Options → “Show Prefix”', { exact: false }).waitFor();
  assert.equal(
    await admin.getByRole('link', { name: 'Open this setting' }).getAttribute('href'),
    '/admin/config?section=customer',
  );
});

test('the customers grid heads a renamed system attribute column with its new label', async () => {
  taxvatRenamed = true;
  await saveTaxvat('VAT ID');
  await open(admin, '/admin/customers');
  const header = admin.locator('table.customers-grid thead th[data-column="taxvat"]');
  await header.waitFor();
  assert.match(await header.innerText(), /^VAT ID/);
  // The filters panel names it the same way.
  await admin.getByRole('button', { name: 'Filters' }).click();
  await admin.locator('.filters-panel').getByLabel('VAT ID').waitFor();
  // A row's inline editor names its field the same way.
  const row = admin.locator('table.customers-grid tbody tr[data-id]').first();
  await row.locator('td[data-column="taxvat"]').click();
  await row.getByRole('textbox', { name: /^VAT ID \(Edit row/ }).waitFor();
  await admin.keyboard.press('Escape');
});

test('the address form, its errors and the addresses sub-grid name a renamed address field by its new label', async () => {
  cityRenamed = true;
  await saveLabel('address', 'city', 'Town');
  await open(admin, '/admin/customers');
  const id = await admin.locator('table.customers-grid tbody tr[data-id]').first().getAttribute('data-id');
  await open(admin, `/admin/customers/${id}/edit?tab=addresses`);
  await admin.waitForFunction(() => document.querySelector('.page-actions')?.dataset.live === 'true');
  const header = admin.locator('table.address-grid thead th[data-column="city"]');
  await header.waitFor();
  assert.match(await header.innerText(), /^Town/);
  await admin.getByRole('button', { name: 'Add New Address' }).click();
  const modal = admin.getByRole('dialog', { name: 'Add New Address' });
  await modal.getByLabel('Town').fill('');
  await modal.getByRole('button', { name: 'Save' }).click();
  await modal.getByText('Town is a required field.').waitFor();
  await modal.getByRole('button', { name: 'Cancel' }).click();
  await modal.waitFor({ state: 'detached' });
});

// Stores → Attributes → Customer: an admin creates a dropdown attribute shown in Create
// an Account (inline errors first, two options, a French label), a shopper registers
// choosing an option, the admin sees and changes the choice on the customer's page, and
// deletes the attribute after a confirmation that counts its values.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, hydrated, signIn, BASE_URL, ATTR_ADMIN, answerDialog, launchShops, deleteCustomer, inheritConfig, deleteAttribute, showGridColumn } from '../support/browser.mjs';

let browser;
let shops;
let admin;
const stamp = Date.now() % 1_000_000;
const PASSWORD = 'Analytical-Engine-1';
const CODE = `loyalty_${stamp}`;
const LABEL = `Loyalty ${stamp}`;
const toast = (p, text) => p.locator('.toasts .toast', { hasText: text });
let shopperEmail;
let attributeUrl;
let addressAttributeId;
let addressShopper;
let templateSaved = false;
const ONELINE = 'customer/address_templates/oneline';

before(async () => {
  browser = await launch();
  shops = await launchShops();
  admin = await browser.newPage();
  await signIn(admin, ATTR_ADMIN);
  await admin.getByRole('heading', { name: `Welcome back, ${ATTR_ADMIN.name}` }).waitFor();
});

after(async () => {
  // The other files expect the built-in one-line template.
  if (admin && templateSaved) await inheritConfig(admin, 'website-1', ONELINE).catch(() => {});
  // The other files' registrations must not meet this attribute.
  if (admin && attributeUrl) {
    await deleteAttribute(admin, 'Customer', attributeUrl.match(/\/(\d+)\/edit$/)?.[1]).catch(() => {});
  }
  if (admin && addressAttributeId) await deleteAttribute(admin, 'Address', addressAttributeId).catch(() => {});
  if (admin && shopperEmail) await deleteCustomer(admin, shopperEmail).catch(() => {});
  if (admin && addressShopper) await deleteCustomer(admin, addressShopper).catch(() => {});
  await shops?.close();
  await browser?.close();
});

async function open(page, path) {
  await page.goto(`${BASE_URL}${path}`);
  await hydrated(page);
}

test('a dropdown attribute goes from the editor to registration and the customer page', async () => {
  await open(admin, '/admin/attributes/customer');
  await admin.getByRole('heading', { name: 'Customer Attributes' }).waitFor();
  // The system attributes are listed, each with its (restricted) editor.
  const emailRow = admin.locator('table.attributes-grid tbody tr', { hasText: 'email' }).first();
  assert.equal(
    await emailRow.getByRole('link', { name: 'Edit (email)' }).getAttribute('href'),
    '/admin/attributes/customer/system/email',
  );
  await admin.getByRole('link', { name: 'Add New Attribute' }).click();
  await admin.getByRole('heading', { name: 'New Attribute' }).waitFor();
  await hydrated(admin);

  // Inline errors: the label and code are required; a system code is refused.
  await admin.getByRole('button', { name: 'Save Attribute' }).click();
  await admin.getByText('Default Label is a required field.').waitFor();
  await admin.getByText('Attribute Code is a required field.').waitFor();
  await admin.getByLabel('Attribute Code').fill('email');
  await admin.getByLabel('Attribute Code').blur();
  await admin.getByText('The attribute code “email” is reserved by the system.', { exact: false }).waitFor();
  await admin.getByLabel('Default Label').fill(LABEL);
  await admin.getByLabel('Attribute Code').fill(CODE);
  // Leaving the code clears its error first (the page moves up as the message goes).
  await admin.getByLabel('Attribute Code').blur();
  await admin.getByText('is reserved by the system', { exact: false }).waitFor({ state: 'detached' });
  await admin.getByLabel('Input Type').selectOption('select');
  await admin.getByLabel('Add to Column Options').check();
  await admin.getByLabel('Use in Filter Options').check();
  await admin.getByLabel('Use in Search Options').check();

  // A dropdown needs options: the save opens the tab that says so.
  await admin.getByRole('tab', { name: 'Storefront Properties' }).click();
  await admin.getByRole('checkbox', { name: 'Customer Registration' }).check();
  await admin.getByRole('checkbox', { name: 'Customer Account Edit' }).check();
  await admin.getByRole('button', { name: 'Save Attribute' }).click();
  await admin.getByText('Add at least one option.').waitFor();
  assert.equal(await admin.getByRole('tab', { name: 'Manage Labels/Options' }).getAttribute('aria-selected'), 'true');
  // The new row's Admin value takes the focus.
  const focusedOn = (id) => admin.waitForFunction((id) => document.activeElement?.id === id, id);
  await admin.getByRole('button', { name: 'Add Option' }).click();
  await focusedOn('attribute-option-0-admin');
  await admin.keyboard.type('Gold');
  await admin.getByRole('button', { name: 'Add Option' }).click();
  await focusedOn('attribute-option-1-admin');
  await admin.keyboard.type('Silver');
  await admin.getByRole('button', { name: 'Move up (Silver)' }).click();
  const admins = admin.locator('.options-table tbody tr td:nth-child(2) input');
  assert.deepEqual(await admins.evaluateAll((inputs) => inputs.map((i) => i.value)), ['Silver', 'Gold']);
  await admin.getByRole('button', { name: 'Save Attribute' }).click();
  await admin.waitForURL(`${BASE_URL}/admin/attributes/customer`);
  await toast(admin, 'You saved the customer attribute.').waitFor();
  await admin.getByRole('searchbox').fill(CODE);
  await admin.getByRole('searchbox').press('Enter');
  const row = admin.locator('table.attributes-grid tbody tr', { hasText: CODE });
  await row.waitFor();
  await row.getByRole('link', { name: `Edit (${CODE})` }).click();
  await admin.getByRole('heading', { name: LABEL }).waitFor();
  attributeUrl = admin.url();
  // The code and the input type are fixed now.
  assert.equal(await admin.getByRole('textbox', { name: 'Attribute Code' }).count(), 0);

  // A shopper registers choosing Gold.
  shopperEmail = `loyal.${stamp}@example.com`;
  const context = await shops.newContext();
  const shop = await context.newPage();
  // Chosen while the page's script is still on its way, Gold stays once the page is live.
  const wasm = /\/pkg\/.*\.wasm(\?.*)?$/;
  await shop.route(wasm, async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await route.continue();
  });
  await shop.goto(`${BASE_URL}/customer/account/create`, { waitUntil: 'commit' });
  await shop.getByLabel(LABEL).selectOption({ label: 'Gold' });
  await shop.getByLabel('First Name').fill('Ada');
  assert.equal(await shop.evaluate(() => document.body.dataset.hydrated === 'true'), false, 'chosen before the page went live');
  await hydrated(shop);
  await shop.unroute(wasm);
  assert.equal(await shop.getByLabel(LABEL).locator('option:checked').innerText(), 'Gold');
  assert.equal(await shop.getByLabel('First Name').inputValue(), 'Ada');
  await shop.getByLabel('Last Name').fill('Lovelace');
  await shop.getByRole('textbox', { name: 'Email' }).fill(shopperEmail);
  await shop.locator('#account-password').fill(PASSWORD);
  await shop.locator('#account-password_confirmation').fill(PASSWORD);
  await shop.getByRole('button', { name: 'Create an Account' }).click();
  await shop.waitForURL(`${BASE_URL}/customer/account`);
  // Account Information shows the choice and changes it.
  await open(shop, '/customer/account/edit');
  assert.equal(await shop.getByLabel(LABEL).locator('option:checked').innerText(), 'Gold');
  await context.close();

  // The admin sees Gold on the customer's page and changes it to Silver.
  await open(admin, `/admin/customers?search=${encodeURIComponent(shopperEmail)}`);
  const customerRow = admin.locator('table.customers-grid tbody tr[data-id]').first();
  await customerRow.waitFor();
  const customerId = await customerRow.getAttribute('data-id');
  await open(admin, `/admin/customers/${customerId}/edit?tab=account`);
  await admin.waitForFunction(() => document.querySelector('.page-actions')?.dataset.live === 'true');
  const select = admin.getByLabel(LABEL);
  assert.equal(await select.locator('option:checked').innerText(), 'Gold');
  await select.selectOption({ label: 'Silver' });
  await admin.getByRole('button', { name: 'Save and Continue Edit' }).click();
  await toast(admin, 'You saved the customer.').waitFor();
  await open(admin, `/admin/customers/${customerId}/edit?tab=account`);
  assert.equal(await admin.getByLabel(LABEL).locator('option:checked').innerText(), 'Silver');

  // The customers grid: the attribute is a column (chosen in Columns), filtered by its
  // options, and exported as the grid shows it.
  await open(admin, '/admin/customers');
  const header = await showGridColumn(admin, LABEL);
  const code = await header.getAttribute('data-column');
  // Sorted on the column, either way: the one customer holding a value comes first
  // (customers without one come last whichever way).
  const firstRow = (id) =>
    admin.waitForFunction((id) => document.querySelector('table.customers-grid tbody tr[data-id]')?.getAttribute('data-id') === id, id);
  await header.getByRole('button').click();
  await admin.waitForURL(new RegExp(`sort=${code}`));
  await admin.locator(`table.customers-grid thead th[data-column="${code}"][aria-sort="ascending"]`).waitFor();
  await firstRow(customerId);
  await admin.locator(`table.customers-grid thead th[data-column="${code}"]`).getByRole('button').click();
  await admin.locator(`table.customers-grid thead th[data-column="${code}"][aria-sort="descending"]`).waitFor();
  await firstRow(customerId);
  await admin.getByRole('button', { name: 'Filters' }).click();
  await admin.locator('.filters-panel fieldset', { hasText: LABEL }).locator('select').selectOption({ label: 'Silver' });
  await admin.getByRole('button', { name: 'Apply Filters' }).click();
  await admin.locator('.chip', { hasText: `${LABEL}: Silver` }).waitFor();
  const rows = admin.locator('table.customers-grid tbody tr[data-id]');
  await admin.waitForFunction(() => document.querySelectorAll('table.customers-grid tbody tr[data-id]').length === 1);
  assert.equal(await rows.first().getAttribute('data-id'), customerId);
  assert.equal((await rows.first().locator(`td[data-column="${code}"]`).innerText()).trim(), 'Silver');
  // The filter and the column are in the link: a reload shows the same grid.
  await admin.reload();
  await hydrated(admin);
  await admin.locator('.chip', { hasText: `${LABEL}: Silver` }).waitFor();
  await admin.getByRole('button', { name: 'Export' }).click();
  const [download] = await Promise.all([
    admin.waitForEvent('download'),
    admin.getByRole('menuitem', { name: 'CSV' }).click(),
  ]);
  const { readFile } = await import('node:fs/promises');
  const lines = (await readFile(await download.path(), 'utf8')).trimEnd().split('\r\n');
  assert.equal(lines.length, 2, 'a header and the one Silver customer');
  assert.ok(lines[0].endsWith(`,${LABEL}`), lines[0]);
  assert.ok(lines[1].includes(shopperEmail) && lines[1].endsWith(',Silver'), lines[1]);

  // Keyword search reads the attribute ("Use in Search Options"): the words of the
  // shopper's email and their option's label find them; another option's label does not.
  const records = (text) =>
    admin.waitForFunction((text) => document.querySelector('.grid-pager .records')?.innerText.startsWith(text), text);
  await open(admin, `/admin/customers?search=${encodeURIComponent(`loyal ${stamp} silver`)}`);
  await admin.locator('.chip', { hasText: `loyal ${stamp} silver` }).waitFor();
  await records('1 records found');
  assert.equal(await rows.first().getAttribute('data-id'), customerId);
  await open(admin, `/admin/customers?search=${encodeURIComponent(`loyal ${stamp} gold`)}`);
  await admin.getByText("We couldn't find any records.").waitFor();

  // Renaming the option: the server's worker catches the grid rows up after the save,
  // and then the new label finds the shopper and the old one does not.
  await admin.goto(attributeUrl);
  await hydrated(admin);
  await admin.getByRole('tab', { name: 'Manage Labels/Options' }).click();
  const silver = admin.locator('.options-table tbody tr td:nth-child(2) input').first();
  assert.equal(await silver.inputValue(), 'Silver');
  await silver.fill('Platinum');
  await admin.getByRole('button', { name: 'Save Attribute' }).click();
  await admin.waitForURL(`${BASE_URL}/admin/attributes/customer`);
  await toast(admin, 'You saved the customer attribute.').waitFor();
  const found = async (search) => {
    await open(admin, `/admin/customers?search=${encodeURIComponent(search)}`);
    await admin.locator('.chip', { hasText: search }).waitFor();
    return (await admin.locator('.grid-pager .records').innerText()).startsWith('1 records found');
  };
  let caughtUp = false;
  for (let tries = 0; tries < 20 && !caughtUp; tries++) {
    caughtUp = await found(`loyal ${stamp} platinum`);
    if (!caughtUp) await admin.waitForTimeout(500);
  }
  assert.ok(caughtUp, 'the renamed option finds the shopper within 10 s');
  assert.equal(await found(`loyal ${stamp} silver`), false);

  // Deleting the attribute says how many values go with it.
  await admin.goto(attributeUrl);
  await hydrated(admin);
  await admin.getByRole('button', { name: 'Delete Attribute' }).click();
  const question = await answerDialog(admin, 'Delete Attribute');
  assert.match(question, new RegExp(`“${CODE}”\\? 1 values are stored`));
  await admin.waitForURL(`${BASE_URL}/admin/attributes/customer`);
  await toast(admin, 'You deleted the customer attribute.').waitFor();
  attributeUrl = undefined;
  await open(admin, `/admin/customers/${customerId}/edit?tab=account`);
  await admin.getByLabel('First Name').waitFor();
  assert.equal(await admin.getByLabel(LABEL).count(), 0);
});

test('an address attribute shows in the storefront address form and the admin address form', async () => {
  const GATE = `Gate code ${stamp}`;
  await open(admin, '/admin/attributes/address');
  await admin.getByRole('heading', { name: 'Address Attributes' }).waitFor();
  await admin.getByRole('link', { name: 'Add New Attribute' }).click();
  await admin.getByRole('heading', { name: 'New Attribute' }).waitFor();
  await hydrated(admin);
  await admin.getByLabel('Default Label').fill(GATE);
  // Address codes stay short (they may be copied into order addresses).
  await admin.getByLabel('Attribute Code').fill(`gate_code_${stamp}_long_one`);
  await admin.getByLabel('Attribute Code').blur();
  await admin.getByText("Attribute Code can't be longer than 21 characters.").waitFor();
  await admin.getByLabel('Attribute Code').fill(`gate_${stamp}`);
  await admin.getByLabel('Attribute Code').blur();
  await admin.getByText("Attribute Code can't be longer than 21 characters.").waitFor({ state: 'detached' });
  await admin.getByLabel('Input Validation').selectOption('Alphanumeric');
  await admin.getByLabel('Add to Column Options').check();
  await admin.getByLabel('Use in Filter Options').check();
  await admin.getByLabel('Use in Search Options').check();
  await admin.getByRole('tab', { name: 'Storefront Properties' }).click();
  await admin.getByRole('checkbox', { name: 'Customer Account Address' }).check();
  await admin.getByRole('button', { name: 'Save Attribute' }).click();
  await admin.waitForURL(`${BASE_URL}/admin/attributes/address`);
  await toast(admin, 'You saved the customer attribute.').waitFor();
  const row = admin.locator('table.attributes-grid tbody tr', { hasText: `gate_${stamp}` });
  await row.waitFor();
  addressAttributeId = (await row.getAttribute('data-id'));

  // A shopper adds an address with a gate code; a code with a space is refused first.
  addressShopper = `gate.${stamp}@example.com`;
  const context = await shops.newContext();
  const shop = await context.newPage();
  await open(shop, '/customer/account/create');
  await shop.getByLabel('First Name').fill('Ada');
  await shop.getByLabel('Last Name').fill('Lovelace');
  await shop.getByRole('textbox', { name: 'Email' }).fill(addressShopper);
  await shop.locator('#account-password').fill(PASSWORD);
  await shop.locator('#account-password_confirmation').fill(PASSWORD);
  await shop.getByRole('button', { name: 'Create an Account' }).click();
  await shop.waitForURL(`${BASE_URL}/customer/account`);
  await open(shop, '/customer/address/new');
  await shop.locator('#address-street-0').fill('1 Analytical Row');
  await shop.locator('#address-city').fill('London');
  await shop.locator('#address-country_id').selectOption('GB');
  await shop.locator('#address-postcode').fill('EC1A 1BB');
  await shop.locator('#address-telephone').fill('+44 20 7946 0000');
  await shop.getByLabel('Use as my default billing address').check();
  await shop.getByLabel(GATE).fill('42 B');
  await shop.getByRole('button', { name: 'Save Address' }).click();
  await shop.getByText('Please use only letters (a-z or A-Z) or numbers (0-9) in this field.').waitFor();
  await shop.getByLabel(GATE).fill('42B');
  await shop.getByRole('button', { name: 'Save Address' }).click();
  await shop.waitForURL(`${BASE_URL}/customer/address`);
  await context.close();

  // The admin's address form shows it.
  await open(admin, `/admin/customers?search=${encodeURIComponent(addressShopper)}`);
  const customerRow = admin.locator('table.customers-grid tbody tr[data-id]').first();
  await customerRow.waitFor();
  const customerId = await customerRow.getAttribute('data-id');
  await open(admin, `/admin/customers/${customerId}/edit?tab=addresses`);
  const card = admin.locator('.address-card', { hasText: 'Default Billing Address' });
  await card.getByRole('button', { name: 'Edit' }).click();
  const modal = admin.getByRole('dialog', { name: 'Update Address' });
  await modal.waitFor();
  assert.equal(await modal.getByLabel(GATE).inputValue(), '42B');
  await modal.getByRole('button', { name: 'Cancel' }).click();
  await modal.waitFor({ state: 'detached' });

  // The addresses sub-grid: the attribute is a column (chosen in Columns) that sorts,
  // filters and is read by keyword search.
  const sub = admin.locator('.address-grid-wrap');
  await sub.getByRole('button', { name: 'Columns' }).click();
  await sub.locator('.columns-panel label', { hasText: GATE }).locator('input').check();
  await sub.getByRole('button', { name: 'Done' }).click();
  await admin.waitForURL(/a\.cols=/);
  const gateHeader = sub.locator('table.address-grid thead th[data-column]', { hasText: GATE });
  await gateHeader.waitFor();
  const gateCode = await gateHeader.getAttribute('data-column');
  const gateCell = sub.locator(`table.address-grid tbody td[data-column="${gateCode}"]`);
  await gateCell.first().waitFor();
  assert.equal((await gateCell.first().innerText()).trim(), '42B');
  await gateHeader.getByRole('button').click();
  await admin.waitForURL(new RegExp(`a\\.sort=${gateCode}`));
  await sub.locator(`thead th[data-column="${gateCode}"][aria-sort="ascending"]`).waitFor();
  await sub.getByRole('button', { name: 'Filters' }).click();
  const gateFilter = sub.locator('.filters-panel fieldset', { hasText: GATE }).locator('input');
  await gateFilter.fill('2b');
  await sub.getByRole('button', { name: 'Apply Filters' }).click();
  await sub.locator('.chip', { hasText: `${GATE}: 2b` }).waitFor();
  assert.equal(await sub.locator('table.address-grid tbody tr[data-id]').count(), 1);
  await open(admin, `/admin/customers/${customerId}/edit?tab=addresses&a.search=zzz${stamp}`);
  await admin.locator('.address-grid-wrap').getByText("We couldn't find any records.").waitFor();
  await open(admin, `/admin/customers/${customerId}/edit?tab=addresses&a.search=42b&a.cols=firstname,${gateCode}`);
  await admin.locator(`.address-grid-wrap table.address-grid tbody td[data-column="${gateCode}"]`, { hasText: '42B' }).waitFor();


  // The one-line address template names the attribute by its code; a misspelt code is
  // refused where it is. The grid's Billing Address column then prints the value.
  await open(admin, '/admin/config?section=customer&scope=website-1');
  const field = admin.locator(`.config-field[data-path="${ONELINE}"]`);
  await field.getByLabel('Use Default Value').uncheck();
  const template = field.getByRole('textbox', { name: /Text One Line/ });
  await template.fill(`{{var lastname}}, {{var city}}{{depend gate_${stamp}}} (gate {{var gate_${stamp}x}}){{/depend}}`);
  await admin.getByRole('button', { name: 'Save Config' }).click();
  await field.getByText(`addresses have no variable “gate_${stamp}x”`, { exact: false }).waitFor();
  await template.fill(`{{var lastname}}, {{var city}}{{depend gate_${stamp}}} (gate {{var gate_${stamp}}}){{/depend}}`);
  await admin.getByRole('button', { name: 'Save Config' }).click();
  templateSaved = true;
  await toast(admin, 'You saved the configuration for Main Website.').waitFor();
  await open(admin, `/admin/customers?search=${encodeURIComponent(addressShopper)}&cols=entity_id,name,billing_full`);
  const billing = admin.locator(`table.customers-grid tbody tr[data-id="${customerId}"] td[data-column="billing_full"]`);
  await billing.waitFor();
  assert.equal((await billing.innerText()).trim(), 'Lovelace, London (gate 42B)');
});

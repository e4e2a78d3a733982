// Stores → Configuration: an admin switches to a website, unticks "Use Default Value"
// for the street lines, sets 3, saves, and the storefront address form and the admin
// address modal show three street inputs; asks for an address at registration and a
// new shopper's address becomes their default; makes Date of Birth required and the
// registration refuses an empty one; reads the refusal when sharing accounts globally
// while an email has accounts on two websites; sees a dependent field follow its
// parent; and meets a conflict when another admin saved the same field first.
// Every setting changed here is put back afterwards (the files share one server).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, hydrated, signIn, BASE_URL, CONFIG_ADMIN, CONFIG_ADMIN_2, launchShops, inheritConfig, deleteCustomer } from '../support/browser.mjs';

let browser;
let shops;
let admin;
const stamp = Date.now();
const PASSWORD = 'Analytical-Engine-1';
const toast = (p, text) => p.locator('.toasts .toast', { hasText: text });
const field = (p, path) => p.locator(`.config-field[data-path="${path}"]`);
// What the tests store, put back to "inherit" at the end: [scope, path].
const changed = [];
// Shoppers registered here, deleted afterwards (one entry per account).
const created = [];

before(async () => {
  browser = await launch();
  shops = await launchShops();
  admin = await browser.newPage();
  await signIn(admin, CONFIG_ADMIN);
  await admin.getByRole('heading', { name: `Welcome back, ${CONFIG_ADMIN.name}` }).waitFor();
});

after(async () => {
  // Back to the values every other file expects: nothing stored by this file.
  for (const [scope, path] of changed) {
    if (admin) await inheritConfig(admin, scope, path);
  }
  // And the shoppers it registered (the grid tests count the demo store's customers).
  for (const email of created) {
    if (admin) await deleteCustomer(admin, email).catch(() => {});
  }
  await shops?.close();
  await browser?.close();
});

async function open(page, path) {
  await page.goto(`${BASE_URL}${path}`);
  await hydrated(page);
}

/** Open the Customer Configuration at `scope` (a scope code such as `website-1`). */
async function openConfig(page, scope = 'default') {
  await open(page, `/admin/config?section=customer&scope=${scope}`);
  await page.getByRole('heading', { name: 'Customer Configuration' }).waitFor();
}

/** A shopper's own browser context on store view `store`. */
async function shopper(store = 'default') {
  const context = await shops.newContext();
  await context.addCookies([{ name: 'clientele_store', value: store, url: BASE_URL }]);
  const page = await context.newPage();
  return { context, page };
}

async function fillRegistration(page, email) {
  await open(page, '/customer/account/create');
  await fillAccount(page, email);
}

/** Ada's names, `email` and the password, on the open Create an Account page. */
async function fillAccount(page, email) {
  await page.getByLabel('First Name').fill('Ada');
  await page.getByLabel('Last Name').fill('Lovelace');
  await page.getByRole('textbox', { name: 'Email' }).fill(email);
  await page.locator('#account-password').fill(PASSWORD);
  await page.locator('#account-password_confirmation').fill(PASSWORD);
}

/** Save the open section and wait for the message naming the scope. */
async function save(page, scopeName) {
  await page.getByRole('button', { name: 'Save Config' }).click();
  await toast(page, `You saved the configuration for ${scopeName}.`).waitFor();
}

test('sharing accounts globally is refused while an email has accounts on two websites', async () => {
  // The same email registers on the main website and on the second one.
  const email = `twice.${stamp}@example.com`;
  // The second website asks for email confirmation: the account exists unconfirmed.
  for (const [store, done] of [['default', (p) => p.waitForURL(`${BASE_URL}/customer/account`)],
    ['second', (p) => p.locator('.message-success[role="status"]').waitFor()]]) {
    const { context, page } = await shopper(store);
    await fillRegistration(page, email);
    await page.getByRole('button', { name: 'Create an Account' }).click();
    await done(page);
    created.push(email);
    await context.close();
  }

  await openConfig(admin);
  const share = field(admin, 'customer/account_share/scope');
  await share.getByText('[GLOBAL]').waitFor();
  // Default scope: the value is the system's until "Use system value" is unticked.
  const select = share.getByLabel(/Share Customer Accounts/);
  assert.equal(await select.isDisabled(), true);
  await share.getByLabel('Use system value').uncheck();
  await select.selectOption({ label: 'Global' });
  await admin.getByRole('button', { name: 'Save Config' }).click();
  await share
    .getByText("We can't share customer accounts globally when the accounts share identical email addresses on more than one website.")
    .waitFor();
  assert.equal(await select.getAttribute('aria-invalid'), 'true');
  // Nothing was saved: the page reloads with Per Website, inherited.
  await openConfig(admin);
  assert.equal(await field(admin, 'customer/account_share/scope').getByLabel(/Share Customer Accounts/).inputValue(), '1');
});

test('three street lines set on a website reach the storefront and the admin address forms', async () => {
  await openConfig(admin);
  await admin.getByLabel('Scope').selectOption({ label: 'Main Website' });
  await admin.waitForURL(/scope=website-1/);
  const lines = field(admin, 'customer/address/street_lines');
  const input = lines.getByLabel(/Number of Lines in a Street Address/);
  await lines.getByText('[WEBSITE]').waitFor();
  assert.equal(await input.isDisabled(), true);
  assert.equal(await input.inputValue(), '2');
  await lines.getByLabel('Use Default Value').uncheck();
  assert.equal(await input.isDisabled(), false);
  // The range is checked as the admin leaves the field, with the server's words.
  await input.fill('5');
  await input.blur();
  await lines.getByText('Number of Lines in a Street Address must be a whole number from 1 to 4.').waitFor();
  await input.fill('3');
  await input.blur();
  await lines.locator('.field-error').filter({ hasText: /./ }).waitFor({ state: 'detached' }).catch(() => {});
  changed.push(['website-1', 'customer/address/street_lines']);
  await save(admin, 'Main Website');
  // Stored at the website now: the box stays unticked after the reload.
  assert.equal(await field(admin, 'customer/address/street_lines').getByLabel('Use Default Value').isChecked(), false);
  // Name and Address Options is a website group: not offered for a store view.
  await openConfig(admin, 'store-1');
  assert.equal(await field(admin, 'customer/address/street_lines').count(), 0);

  // The storefront's address form: three street inputs.
  const { context, page } = await shopper();
  await fillRegistration(page, `lines.${stamp}@example.com`);
  await page.getByRole('button', { name: 'Create an Account' }).click();
  await page.waitForURL(`${BASE_URL}/customer/account`);
  created.push(`lines.${stamp}@example.com`);
  await open(page, '/customer/address/new');
  await page.locator('#address-street-2').waitFor();
  assert.equal(await page.locator('input[name^="street["]').count(), 3);
  await context.close();

  // The admin's address modal for a customer of that website: three too.
  await open(admin, '/admin/customers?search=' + encodeURIComponent(`lines.${stamp}@example.com`));
  const row = admin.locator('table.customers-grid tbody tr[data-id]').first();
  await row.waitFor();
  await open(admin, `/admin/customers/${await row.getAttribute('data-id')}/edit`);
  await admin.waitForFunction(() => document.querySelector('.page-actions')?.dataset.live === 'true');
  await admin.getByRole('tab', { name: 'Addresses' }).click();
  await admin.getByRole('button', { name: 'Add New Address' }).click();
  const modal = admin.getByRole('dialog', { name: 'Add New Address' });
  await modal.locator('#address-street-2').waitFor();
  assert.equal(await modal.locator('input[name^="street["]').count(), 3);
});

test('asked for an address at registration, a new shopper\'s address becomes their default', async () => {
  await openConfig(admin, 'website-1');
  const ask = field(admin, 'customer/create_account/show_address_fields');
  await ask.getByText('it becomes the new customer\'s default billing and shipping address', { exact: false }).waitFor();
  await ask.getByLabel('Use Default Value').uncheck();
  await ask.getByLabel(/Ask for an Address at Registration/).selectOption({ label: 'Yes' });
  changed.push(['website-1', 'customer/create_account/show_address_fields']);
  await save(admin, 'Main Website');

  const email = `address.${stamp}@example.com`;
  const { context, page } = await shopper();
  // Typed while the page's script is still on its way, the address stays once it is live.
  const wasm = /\/pkg\/.*\.wasm(\?.*)?$/;
  await page.route(wasm, async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await route.continue();
  });
  await page.goto(`${BASE_URL}/customer/account/create`, { waitUntil: 'commit' });
  await page.locator('#account-address-street-0').pressSequentially('1 Congress Ave');
  await page.locator('#account-address-city').pressSequentially('Austin');
  await page.locator('#account-address-country_id').selectOption('US');
  assert.equal(await page.evaluate(() => document.body.dataset.hydrated === 'true'), false, 'typed before the page went live');
  await hydrated(page);
  await page.unroute(wasm);
  const address = page.getByRole('group', { name: 'Address Information' });
  assert.equal(await address.getByLabel('Street Address line 1').inputValue(), '1 Congress Ave');
  assert.equal(await address.getByLabel('City').inputValue(), 'Austin');
  assert.equal(await address.getByLabel('Country').inputValue(), 'US');
  // The names are asked once, in Personal Information.
  assert.equal(await address.getByLabel('First Name').count(), 0);
  await fillAccount(page, email);
  await page.getByRole('button', { name: 'Create an Account' }).click();
  await address.getByText('State/Province is a required field.').waitFor();
  assert.match(page.url(), /\/customer\/account\/create/);
  await address.getByLabel('State/Province').selectOption({ label: 'Texas' });
  await address.getByLabel('Zip/Postal Code').fill('78701');
  await address.getByLabel('Phone Number').fill('+1 512 555 0100');
  await page.getByRole('button', { name: 'Create an Account' }).click();
  await page.waitForURL(`${BASE_URL}/customer/account`);
  created.push(email);
  await open(page, '/customer/address');
  for (const block of ['default-billing', 'default-shipping']) {
    assert.match(await page.locator(`[data-block="${block}"]`).innerText(), /Austin, Texas, 78701/);
  }
  await context.close();
});

test('a required Date of Birth is asked for at registration', async () => {
  await openConfig(admin, 'website-1');
  const dob = field(admin, 'customer/address/dob_show');
  await dob.getByLabel('Use Default Value').uncheck();
  await dob.getByLabel(/Show Date of Birth/).selectOption({ label: 'Required' });
  changed.push(['website-1', 'customer/address/dob_show']);
  await save(admin, 'Main Website');

  const { context, page } = await shopper();
  await fillRegistration(page, `dob.${stamp}@example.com`);
  await page.getByRole('button', { name: 'Create an Account' }).click();
  await page.getByText('Date of Birth is a required field.').waitFor();
  assert.match(page.url(), /\/customer\/account\/create/);
  await context.close();
});

test('a dependent field follows its parent, and a pending option says so', async () => {
  await openConfig(admin, 'website-1');
  const enable = field(admin, 'customer/captcha/enable');
  const forms = field(admin, 'customer/captcha/forms');
  await field(admin, 'customer/captcha/font')
    .getByText('Takes effect when a choice of CAPTCHA fonts (the pictures are drawn with DejaVu Sans Bold) exists.')
    .waitFor();
  assert.equal(await forms.isVisible(), true);
  await enable.getByLabel('Use Default Value').uncheck();
  await enable.getByLabel(/Enable CAPTCHA on Storefront/).selectOption({ label: 'No' });
  assert.equal(await forms.isVisible(), false);
  await enable.getByLabel(/Enable CAPTCHA on Storefront/).selectOption({ label: 'No' });
  // Another section and back: the unsaved edit is still there.
  await admin.getByRole('navigation', { name: 'Configuration sections' }).getByRole('link', { name: 'Login as Customer' }).click();
  await admin.waitForURL(/section=login_as_customer/);
  await admin.locator('.config-section-title', { hasText: 'Login as Customer' }).waitFor();
  await admin.getByRole('navigation', { name: 'Configuration sections' }).getByRole('link', { name: 'Customer Configuration' }).click();
  await admin.waitForURL(/section=customer/);
  assert.equal(await field(admin, 'customer/captcha/enable').getByLabel(/Enable CAPTCHA on Storefront/).inputValue(), '0');
  assert.equal(await field(admin, 'customer/captcha/forms').isVisible(), false);
  // Leaving without saving: nothing is stored (the next test's reload starts clean).
});

test('the later of two admins saving the same field reads a conflict', async () => {
  // Another admin in another browser.
  const other = await (await shops.newContext()).newPage();
  await signIn(other, CONFIG_ADMIN_2);
  await other.getByRole('heading', { name: `Welcome back, ${CONFIG_ADMIN_2.name}` }).waitFor();
  // Both open the Default Config.
  await openConfig(admin);
  await openConfig(other);
  const path = 'customer/password/minimum_password_length';
  for (const [page, value] of [[other, '9'], [admin, '10']]) {
    const f = field(page, path);
    await f.getByLabel('Use system value').uncheck();
    await f.getByLabel(/Minimum Password Length/).fill(value);
  }
  changed.push(['default', path]);
  await save(other, 'Default Config');
  await admin.getByRole('button', { name: 'Save Config' }).click();
  await field(admin, path)
    .getByText('Another admin saved this setting as “9” while you were editing. Check it and save again.')
    .waitFor();
  await other.close();
});

test('an edited one-line template changes the grid\'s Billing Address column', async () => {
  const path = 'customer/address_templates/oneline';
  const cell = () => admin.locator('table.customers-grid tbody tr[data-id] td[data-column="billing_full"]').first();
  const gridUrl = '/admin/customers?cols=entity_id,name,billing_full&sort=entity_id&dir=asc';
  await open(admin, gridUrl);
  await cell().waitFor();
  const before = (await cell().innerText()).trim();
  // The built-in template: the name first, then the street (no country code at the end).
  assert.doesNotMatch(before, /^City: /);
  assert.doesNotMatch(before, /, [A-Z]{2}$/);

  await openConfig(admin, 'website-1');
  const f = field(admin, path);
  await f.getByLabel('Use Default Value').uncheck();
  const template = f.getByRole('textbox', { name: /Text One Line/ });
  await template.fill('City: {{var city}} — {{var lastname}}');
  // The preview follows the text.
  await f.getByText(/City: \S.* — \S+/).first().waitFor();
  changed.push(['website-1', path]);
  await save(admin, 'Main Website');
  await f.getByText('Sorting those columns and the keyword search still read the address', { exact: false }).waitFor();

  await open(admin, gridUrl);
  await cell().waitFor();
  const after = (await cell().innerText()).trim();
  assert.match(after, /^City: \S.* — \S+$/);
  assert.notEqual(after, before);
});

// Customers → Customer Groups: an admin creates a group (inline errors first), excludes
// a website, moves a customer into it and sees that customer's sign-in refused on that
// website; tries to delete the default group and reads why not; filters the grid; and
// deletes the new group, its customer moving back to the website's default group.
// Also: the edited HTML address template prints the customer's address card.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, hydrated, signIn, BASE_URL, GROUP_ADMIN, answerDialog, launchShops, inheritConfig, deleteCustomer } from '../support/browser.mjs';

let browser;
let shops;
let admin;
const stamp = Date.now();
const PASSWORD = 'Analytical-Engine-1';
const GROUP = `Export ${stamp % 100000}`;
const toast = (p, text) => p.locator('.toasts .toast', { hasText: text });
let templateSaved = false;
let shopperEmail;

before(async () => {
  browser = await launch();
  shops = await launchShops();
  admin = await browser.newPage();
  await signIn(admin, GROUP_ADMIN);
  await admin.getByRole('heading', { name: `Welcome back, ${GROUP_ADMIN.name}` }).waitFor();
});

after(async () => {
  // The other files expect the built-in HTML address template.
  if (admin && templateSaved) await inheritConfig(admin, 'default', 'customer/address_templates/html');
  // The grid tests count the demo store's customers.
  if (admin && shopperEmail) await deleteCustomer(admin, shopperEmail).catch(() => {});
  await shops?.close();
  await browser?.close();
});

async function open(page, path) {
  await page.goto(`${BASE_URL}${path}`);
  await hydrated(page);
}

test('a new group excluded from a website refuses its customers there', async () => {
  await open(admin, '/admin/customer-groups');
  await admin.getByRole('heading', { name: 'Customer Groups' }).waitFor();
  await admin.getByRole('link', { name: 'Add New Customer Group' }).click();
  await admin.getByRole('heading', { name: 'New Customer Group' }).waitFor();
  await hydrated(admin);
  // Inline errors: required, then too long, then a name taken (without case).
  await admin.getByRole('button', { name: 'Save Customer Group' }).click();
  await admin.getByText('Group Name is a required field.').waitFor();
  await admin.getByLabel('Group Name').fill('x'.repeat(33));
  await admin.getByLabel('Group Name').blur();
  await admin.getByText("Group Name can't be longer than 32 characters.").waitFor();
  await admin.getByLabel('Group Name').fill('general');
  await admin.getByRole('button', { name: 'Save Customer Group' }).click();
  await admin.getByText('A customer group named “general” already exists.').waitFor();
  // The real one, excluded from the main website.
  await admin.getByLabel('Group Name').fill(GROUP);
  // Leaving the name clears its error first (the page moves up as the message goes).
  await admin.getByLabel('Group Name').blur();
  await admin.getByText('A customer group named “general” already exists.').waitFor({ state: 'detached' });
  await admin.getByRole('checkbox', { name: 'Main Website' }).check();
  await admin.getByRole('button', { name: 'Save Customer Group' }).click();
  await admin.waitForURL(`${BASE_URL}/admin/customer-groups`);
  await toast(admin, 'You saved the customer group.').waitFor();
  // The grid finds it by name.
  await admin.getByRole('searchbox').fill(GROUP);
  await admin.getByRole('searchbox').press('Enter');
  const row = admin.locator('table.groups-grid tbody tr', { hasText: GROUP });
  await row.waitFor();
  assert.equal(await admin.locator('table.groups-grid tbody tr[data-id]').count(), 1);
  const groupId = await row.getAttribute('data-id');

  // A shopper registers on the main website; the admin moves them into the group.
  const email = `excluded.${stamp}@example.com`;
  const context = await shops.newContext();
  const shop = await context.newPage();
  await open(shop, '/customer/account/create');
  await shop.getByLabel('First Name').fill('Ada');
  await shop.getByLabel('Last Name').fill('Lovelace');
  await shop.getByRole('textbox', { name: 'Email' }).fill(email);
  await shop.locator('#account-password').fill(PASSWORD);
  await shop.locator('#account-password_confirmation').fill(PASSWORD);
  await shop.getByRole('button', { name: 'Create an Account' }).click();
  await shop.waitForURL(`${BASE_URL}/customer/account`);
  shopperEmail = email;
  await shop.getByRole('button', { name: 'Sign Out' }).click();
  await shop.waitForURL(`${BASE_URL}/`);

  await open(admin, `/admin/customers?search=${encodeURIComponent(email)}`);
  const customerRow = admin.locator('table.customers-grid tbody tr[data-id]').first();
  await customerRow.waitFor();
  const customerId = await customerRow.getAttribute('data-id');
  await open(admin, `/admin/customers/${customerId}/edit?tab=account`);
  await admin.waitForFunction(() => document.querySelector('.page-actions')?.dataset.live === 'true');
  await admin.locator('#customer-group_id').selectOption(groupId);
  await admin.getByRole('button', { name: 'Save and Continue Edit' }).click();
  await toast(admin, 'You saved the customer.').waitFor();

  // Signing in on the main website is refused now.
  await open(shop, '/customer/account/login');
  await shop.locator('#login-email').fill(email);
  await shop.locator('#login-password').fill(PASSWORD);
  await shop.getByRole('button', { name: 'Sign In' }).click();
  await shop.getByText("This account can't sign in on this website.").waitFor();
  assert.equal(new URL(shop.url()).pathname, '/customer/account/login');
  await context.close();

  // Deleting the group: the confirmation counts the customer who moves.
  await open(admin, `/admin/customer-groups/${groupId}/edit`);
  await admin.getByText('Customers in this group: 1').waitFor();
  await admin.getByRole('button', { name: 'Delete Customer Group' }).click();
  await admin.getByRole('alertdialog').getByText(`Are you sure you want to delete a ${GROUP} record? Its 1 customer(s) will move to their website's default group.`).waitFor();
  await answerDialog(admin, 'Delete');
  await admin.waitForURL(`${BASE_URL}/admin/customer-groups`);
  await toast(admin, 'You deleted the customer group.').waitFor();
  await open(admin, `/admin/customers/${customerId}/edit`);
  await admin.locator('[data-field="group"]').getByText('General').waitFor();
});

test('the default group and NOT LOGGED IN cannot be deleted', async () => {
  await open(admin, '/admin/customer-groups/1/edit');
  await admin.getByRole('heading', { name: 'General' }).waitFor();
  await admin.getByRole('button', { name: 'Delete Customer Group' }).click();
  await answerDialog(admin, 'Delete');
  await toast(admin, 'You can\'t delete group “General”: it is the default group for new accounts on Main Website.').waitFor();
  // NOT LOGGED IN: no Delete, and its name is not editable.
  await open(admin, '/admin/customer-groups/0/edit');
  await admin.getByRole('heading', { name: 'NOT LOGGED IN' }).waitFor();
  assert.equal(await admin.getByRole('button', { name: 'Delete Customer Group' }).count(), 0);
  assert.equal(await admin.getByRole('textbox', { name: 'Group Name' }).count(), 0);
});

test('the edited HTML address template prints the address card', async () => {
  await open(admin, '/admin/config?section=customer&scope=default');
  const field = admin.locator('.config-field[data-path="customer/address_templates/html"]');
  await field.getByLabel('Use system value').uncheck();
  const area = field.getByRole('textbox');
  // A broken template is refused where it breaks.
  await area.fill('{{var city}}\n  {{depend company}}x');
  await area.blur();
  await field.getByText('Line 2, column 3: this “depend” block is never closed.').waitFor();
  await area.fill('<b>{{var lastname}}</b> / {{var city}}');
  await area.blur();
  // The preview follows the typing.
  assert.equal(await field.locator('.config-preview address').innerHTML(), '<b>Lovelace</b> / London');
  await admin.getByRole('button', { name: 'Save Config' }).click();
  templateSaved = true;
  await toast(admin, 'You saved the configuration for Default Config.').waitFor();
  // A customer with a billing address: the Customer View prints it with the template.
  await open(admin, '/admin/customers');
  const row = admin.locator('table.customers-grid tbody tr[data-id]')
    .filter({ has: admin.locator('td[data-column="billing_postcode"]', { hasText: /\w/ }) }).first();
  await row.waitFor();
  await open(admin, `/admin/customers/${await row.getAttribute('data-id')}/edit`);
  const card = admin.locator('[data-field="default-billing"]');
  const lastname = await card.locator('b').innerText();
  assert.match(await card.innerText(), new RegExp(`^${lastname} / \\S`));
});

// Customers → Add New Customer / Edit: an admin creates a customer (inline
// errors first), sees the welcome email in the outbox, adds an address with the
// country's region rule, edits, meets the conflict message when another tab saved
// first, and deletes the customer.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, hydrated, signIn, BASE_URL, EDIT_ADMIN as ADMIN, answerDialog, chooseFromMenu } from '../support/browser.mjs';

let browser;
let page;
const email = `ada.e2e.${Date.now()}@example.com`;
let editUrl;

before(async () => {
  browser = await launch();
  page = await browser.newPage();
  await signIn(page, ADMIN);
  await page.getByRole('heading', { name: `Welcome back, ${ADMIN.name}` }).waitFor();
});
after(async () => {
  // Leave the demo store as the other files expect it (1,000 customers), also when the
  // delete test did not run.
  const id = editUrl?.match(/customers\/(\d+)\/edit/)?.[1];
  if (id && page) {
    await page.evaluate(async (customer) => {
      await fetch('/api/admin/customers/delete', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-clientele-csrf': '1' },
        body: `id=${customer}`,
      });
    }, id);
  }
  await browser?.close();
});

const toast = (p, text) => p.locator('.toasts .toast', { hasText: text });

async function open(p, url) {
  await p.goto(url);
  await hydrated(p);
  // The customer page's own part hydrates once its data is in.
  if (/\/admin\/customers\/\d+\/edit/.test(url)) {
    await p.waitForFunction(() =>
      document.querySelector('.page-actions')?.dataset.live === 'true' || document.querySelector('.panel-error'));
  }
}

test('a new customer is checked inline, then saved with the welcome email', async () => {
  await open(page, `${BASE_URL}/admin/customers/new`);
  await page.getByRole('heading', { name: 'New Customer' }).waitFor();
  // Only Account Information exists before the first save.
  assert.deepEqual(await page.getByRole('tab').allInnerTexts(), ['Account Information']);
  await page.getByRole('button', { name: 'Save and Continue Edit' }).click();
  await page.getByText('First Name is a required field.').waitFor();
  await page.getByText('Last Name is a required field.').waitFor();
  assert.equal(await page.getByLabel('First Name').getAttribute('aria-invalid'), 'true');

  await page.getByLabel('First Name').fill('Ada<');
  await page.getByLabel('Last Name').fill('Lovelace');
  await page.getByRole('textbox', { name: 'Email' }).fill('not-an-email');
  await page.getByRole('textbox', { name: 'Email' }).blur();
  await page.getByText('Please enter a valid email address (Ex: johndoe@domain.com).').waitFor();
  await page.getByLabel('First Name').fill('Ada');
  await page.getByRole('textbox', { name: 'Email' }).fill(email);
  await page.getByRole('button', { name: 'Save and Continue Edit' }).click();
  await page.waitForURL(/\/admin\/customers\/\d+\/edit$/);
  editUrl = page.url();
  await toast(page, 'You saved the customer.').waitFor();
  await page.getByRole('heading', { name: 'Ada Lovelace' }).waitFor();
  await page.getByRole('tab', { name: 'Customer View' }).waitFor();
  assert.match(await page.locator('[data-field="account-lock"]').innerText(), /Unlocked/);
  assert.match(await page.locator('[data-field="default-billing"]').innerText(), /does not have default billing address/);

  // The welcome email (no password) with its set-password link is in the outbox.
  await open(page, `${BASE_URL}/admin/outbox`);
  const message = page.locator('.outbox-message', { hasText: email }).first();
  await message.waitFor();
  assert.equal(await message.getAttribute('data-template'), 'welcome_no_password');
  assert.match(await message.locator('a').first().getAttribute('href'), /\/customer\/account\/createpassword\?token=[0-9a-f]{32,}$/);
});

test('an address follows the country rules and becomes the default billing address', async () => {
  await open(page, editUrl);
  await page.getByRole('tab', { name: 'Addresses' }).click();
  await page.locator('.address-card', { hasText: 'The customer does not have default billing address' }).waitFor();
  await page.getByRole('button', { name: 'Add New Address' }).click();
  const modal = page.getByRole('dialog', { name: 'Add New Address' });
  await modal.waitFor();
  assert.equal(await modal.getByLabel('First Name').inputValue(), 'Ada');
  await modal.getByLabel('Country').selectOption('US');
  await modal.getByLabel('Street Address line 1').fill('1 Congress Ave');
  await modal.getByLabel('City').fill('Austin');
  await modal.getByLabel('Zip/Postal Code').fill('78701');
  await modal.getByLabel('Phone Number').fill('+1 512 555 0100');
  await modal.getByRole('button', { name: 'Save' }).click();
  await modal.getByText('State/Province is a required field.').waitFor();
  await modal.getByLabel('State/Province').selectOption({ label: 'Texas' });
  await modal.getByLabel('Default Billing Address').check();
  await modal.getByRole('button', { name: 'Save' }).click();
  await toast(page, 'You saved the address.').waitFor();
  await modal.waitFor({ state: 'detached' });
  const card = page.locator('.address-card', { hasText: 'Default Billing Address' });
  await card.getByText('Austin, Texas, 78701').waitFor();
  await page.locator('table.address-grid tbody tr', { hasText: '1 Congress Ave' }).waitFor();

  // The grid shows the billing address of the new customer.
  await open(page, `${BASE_URL}/admin/customers?search=${encodeURIComponent(email)}`);
  const row = page.locator('table.customers-grid tbody tr[data-id]').first();
  await row.waitFor();
  assert.equal(await row.locator('td[data-column="billing_postcode"]').innerText(), '78701');
  assert.equal(await row.locator('td[data-column="billing_region"]').innerText(), 'Texas');
});

test('the address sub-grid filters, hides a column, edits a phone in place and deletes in bulk', async () => {
  const customer = editUrl.match(/customers\/(\d+)\/edit/)[1];
  // Two more addresses, saved as the modal would.
  await page.evaluate(async (id) => {
    for (const [city, country, region, postcode] of [['Lyon', 'FR', '', '69001'], ['Boston', 'US', 'MA', '02108']]) {
      const input = {
        id: null, customer_id: Number(id), version: 0, prefix: '', firstname: 'Ada', middlename: '',
        lastname: 'Lovelace', suffix: '', company: '', street: [`1 ${city} Street`], city,
        country_id: country, region_id: region, region: '', postcode, telephone: '+1 555 0100',
        fax: '', vat_id: '', default_billing: false, default_shipping: false,
      };
      const r = await fetch('/api/admin/customers/address/save', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-clientele-csrf': '1' },
        body: JSON.stringify({ input }),
      });
      if (!r.ok) throw new Error(await r.text());
    }
  }, customer);
  await open(page, editUrl);
  await page.getByRole('tab', { name: 'Addresses' }).click();
  const rows = page.locator('table.address-grid tbody tr[data-id]');
  await page.locator('.addresses .records', { hasText: '3 records found' }).waitFor();
  // The pager shows its arrows, never Rust source (a `>` inside an attribute once ended
  // the Next button's tag early), and one page has nowhere to go.
  const pager = page.locator('.addresses .page-nav');
  assert.equal((await pager.innerText()).replace(/\s+/g, ' ').trim(), '‹ of 1 ›');
  assert.equal(await pager.getByRole('button', { name: 'Next page' }).isDisabled(), true);
  const text = await page.locator('body').innerText();
  for (const leaked of ['=>', '|_|', '::']) assert.ok(!text.includes(leaked), `page shows ${leaked}`);

  // Filter by country: a chip appears; removing it brings every address back.
  await page.getByRole('button', { name: 'Filters' }).click();
  await page.locator('.addresses .filters-panel').getByLabel('Country').selectOption('FR');
  await page.getByRole('button', { name: 'Apply Filters' }).click();
  await page.locator('.addresses .records', { hasText: '1 records found' }).waitFor();
  assert.deepEqual(await rows.locator('td:nth-child(5)').allInnerTexts(), ['Lyon']);
  // The tab and the sub-grid's state are in the URL: a reload opens both again, and
  // Back undoes the filter.
  const url = new URL(page.url());
  assert.equal(url.searchParams.get('tab'), 'addresses');
  assert.equal(url.searchParams.get('a.f.country_id'), 'FR');
  await open(page, page.url());
  assert.equal(await page.getByRole('tab', { name: 'Addresses' }).getAttribute('aria-selected'), 'true');
  await page.locator('.addresses .records', { hasText: '1 records found' }).waitFor();
  await page.goBack();
  await page.locator('.addresses .records', { hasText: '3 records found' }).waitFor();
  await page.goForward();
  await page.locator('.addresses .records', { hasText: '1 records found' }).waitFor();
  const chip = page.locator('.addresses .chip', { hasText: 'Country: France' });
  await chip.getByRole('button').click();
  await page.locator('.addresses .records', { hasText: '3 records found' }).waitFor();

  // Hide Zip/Postal Code.
  await page.getByRole('button', { name: 'Columns' }).click();
  await page.locator('.addresses .columns-panel').getByRole('checkbox', { name: 'Zip/Postal Code' }).uncheck();
  await page.locator('table.address-grid thead th', { hasText: 'Zip/Postal Code' }).waitFor({ state: 'detached' });
  assert.ok(await page.locator('table.address-grid thead th', { hasText: 'Phone Number' }).isVisible());

  // Inline phone edit: an empty number is refused, a valid one saved.
  const boston = rows.filter({ hasText: 'Boston' });
  await boston.locator('button.inline-phone').click();
  const phone = boston.getByRole('textbox', { name: 'Edit the phone number' });
  await phone.fill('');
  await boston.getByRole('button', { name: 'Save' }).click();
  await boston.getByText('Phone Number is a required field.').waitFor();
  await phone.fill('+1 617 555 0199');
  await phone.press('Enter');
  await toast(page, 'You saved the address.').waitFor();
  await rows.filter({ hasText: 'Boston' }).locator('button.inline-phone', { hasText: '+1 617 555 0199' }).waitFor();

  // Mass Delete of two selected addresses, after the confirmation.
  for (const city of ['Lyon', 'Boston']) {
    await rows.filter({ hasText: city }).getByRole('checkbox', { name: /^Select row/ }).check();
  }
  await page.locator('.addresses .records', { hasText: '(2 selected)' }).waitFor();
  await chooseFromMenu(page.locator('.addresses .grid-actions'), 'Actions', 'Delete');
  const question = await answerDialog(page, 'Delete');
  await toast(page, 'You deleted the selected addresses.').waitFor();
  assert.equal(question, 'Are you sure to delete selected address?');
  await page.locator('.addresses .records', { hasText: '1 records found' }).waitFor();
  assert.deepEqual(await rows.locator('td:nth-child(5)').allInnerTexts(), ['Austin']);
});

test('a customer\'s page and its tabs ask the server nothing it refuses', async () => {
  // Failed requests are what an admin sees in the console (and what monitoring counts):
  // an absent button or an empty list is an answer, not an error.
  const failed = [];
  const watch = (response) => {
    if (response.url().includes('/api/') && response.status() >= 400) {
      failed.push(`${response.status()} ${new URL(response.url()).pathname}`);
    }
  };
  page.on('response', watch);
  try {
    await open(page, editUrl);
    for (const name of await page.getByRole('tab').allInnerTexts()) {
      await page.getByRole('tab', { name }).click();
      await page.locator('[role="tabpanel"]:visible').first().waitFor();
    }
    await page.waitForLoadState('networkidle');
    assert.deepEqual(failed, []);
  } finally {
    page.off('response', watch);
  }
});

test('a save over another tab\'s newer save shows the conflict and reloads', async () => {
  await open(page, editUrl);
  await page.getByRole('tab', { name: 'Account Information' }).click();
  const other = await browser.newPage();
  await open(other, editUrl);
  await other.getByRole('tab', { name: 'Account Information' }).click();
  await other.getByLabel('First Name').fill('Augusta');
  await other.getByRole('button', { name: 'Save and Continue Edit' }).click();
  await toast(other, 'You saved the customer.').waitFor();
  await other.close();

  await page.getByLabel('Last Name').fill('King');
  await page.getByRole('button', { name: 'Save and Continue Edit' }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'changed by someone else' });
  await alert.waitFor();
  await alert.getByRole('button', { name: 'Reload customer' }).click();
  await page.getByRole('heading', { name: 'Augusta Lovelace' }).waitFor();
  await page.getByRole('tab', { name: 'Account Information' }).click();
  assert.equal(await page.getByLabel('Last Name').inputValue(), 'Lovelace', 'the other tab\'s save was kept');

  // Now the edit goes through.
  await page.getByLabel('Last Name').fill('King');
  await page.getByRole('button', { name: 'Save Customer' }).click();
  await page.waitForURL(/\/admin\/customers$/);
  await toast(page, 'You saved the customer.').waitFor();
});

test('Reset Password mails a link and Delete Customer removes the customer', async () => {
  await open(page, editUrl);
  await page.getByRole('heading', { name: 'Augusta King' }).waitFor();
  await page.getByRole('button', { name: 'Reset Password' }).click();
  await toast(page, 'The customer will receive an email with a link to reset password.').waitFor();
  await open(page, `${BASE_URL}/admin/outbox`);
  const latest = page.locator('.outbox-message').first();
  assert.equal(await latest.getAttribute('data-template'), 'reset_password');
  assert.equal(await latest.locator('.to').innerText(), email);

  await open(page, editUrl);
  await page.getByRole('button', { name: 'Delete Customer' }).click();
  assert.equal(await answerDialog(page, 'Delete Customer'), 'Are you sure you want to delete this customer? This cannot be undone.');
  await page.waitForURL(/\/admin\/customers$/);
  await toast(page, 'You deleted the customer.').waitFor();
  await open(page, editUrl);
  await page.getByText(/was not found/).waitFor();
});

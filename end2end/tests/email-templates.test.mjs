// Marketing → Email Templates: an admin loads the built-in Forgot Password email,
// edits it (an unknown variable is refused with its line and column), previews it,
// sends a test to themselves and saves it; chooses it for the default store view in
// Stores → Configuration; a shopper's Forgot Your Password? email then arrives with
// the new subject, from the store's Customer Support sender. A template in use cannot
// be deleted; once the configuration lets it go, it can.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, hydrated, signIn, BASE_URL, MAIL_ADMIN, launchShops, inheritConfig, deleteCustomer, captchaAnswer } from '../support/browser.mjs';

let browser;
let shops;
let admin;
const stamp = Date.now();
const PASSWORD = 'Analytical-Engine-1';
const NAME = `Our reset email ${stamp}`;
const PATH = 'customer/password/forgot_email_template';
const SHOPPER = `templates.${stamp}@example.com`;
const toast = (text) => admin.locator('.toasts .toast', { hasText: text });

before(async () => {
  browser = await launch();
  shops = await launchShops();
  admin = await browser.newPage();
  await signIn(admin, MAIL_ADMIN);
  await admin.getByRole('heading', { name: `Welcome back, ${MAIL_ADMIN.name}` }).waitFor();
});

after(async () => {
  if (admin) {
    await inheritConfig(admin, 'store-1', PATH);
    await deleteCustomer(admin, SHOPPER).catch(() => {});
  }
  await shops?.close();
  await browser?.close();
});

async function open(page, path) {
  await page.goto(`${BASE_URL}${path}`);
  await hydrated(page);
}

test('an admin makes a Forgot Password template, previews and tests it, and saves it', async () => {
  await open(admin, '/admin');
  await admin.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Email Templates' }).click();
  await admin.getByRole('heading', { name: 'Email Templates' }).waitFor();
  await hydrated(admin);
  await admin.getByRole('link', { name: 'Add New Template' }).click();
  await admin.getByRole('heading', { name: 'New Template' }).waitFor();

  // Load Default Template: the built-in Forgot Password email in English.
  await admin.getByLabel('Replaces Email').selectOption({ label: 'Forgot Password' });
  await admin.getByLabel('Locale').selectOption({ label: 'English (United States)' });
  await admin.getByRole('button', { name: 'Load Template' }).click();
  const subject = admin.getByRole('textbox', { name: 'Template Subject' });
  await admin.waitForFunction(() => document.querySelector('#email-template-subject')?.value === 'Reset your {store} password');
  const body = admin.getByRole('textbox', { name: 'Template Content' });
  assert.match(await body.inputValue(), /\{link\}/);
  // The email's variables are listed.
  for (const name of ['{name}', '{store}', '{email}', '{link}', '{hours}']) {
    await admin.locator('#email-template-variables code', { hasText: name }).first().waitFor();
  }

  // A typo in a variable is refused with where it is.
  await body.fill(`Hello {nmae},\n{link}`);
  await body.blur();
  await admin.getByText('Unknown variable “nmae” at line 1, column 7.').waitFor();
  await body.fill(`Hello {name},\nset a new password: {link}\nIt works for {hours} hour(s).\n{store}`);
  await body.blur();
  await admin.getByText('Unknown variable', { exact: false }).waitFor({ state: 'detached' });
  await admin.getByRole('textbox', { name: 'Template Name' }).fill(NAME);
  await subject.fill(`New password for {store} (${stamp})`);

  // The preview fills the variables with a sample customer and the chosen store view.
  const preview = admin.locator('.email-preview');
  await preview.getByText(`New password for Default Store View (${stamp})`).waitFor();
  await preview.getByText('Hello Jane Doe,', { exact: false }).waitFor();

  // A test email to the admin's own address.
  await admin.getByRole('button', { name: 'Send Test Email' }).click();
  await toast(`A test email was sent to ${MAIL_ADMIN.email}.`).waitFor();

  await admin.getByRole('button', { name: 'Save Template' }).click();
  await toast('You saved the email template.').waitFor();
  await admin.waitForURL(`${BASE_URL}/admin/email-templates`);
  const row = admin.locator('table.email-templates tbody tr', { hasText: NAME });
  await row.waitFor();
  assert.match(await row.innerText(), /Forgot Password/);

  // The test email is in the outbox, from the store's Customer Support sender.
  await open(admin, '/admin/outbox');
  const test = admin.locator('.outbox-message', { hasText: `New password for Default Store View (${stamp})` }).first();
  await test.waitFor();
  assert.match(await test.innerText(), /From: CustomerSupport <support@example\.com>/);
  assert.match(await test.innerText(), new RegExp(`To: ${MAIL_ADMIN.name} <${MAIL_ADMIN.email}>`));
});

test('chosen for the store view, the template is the email a shopper receives', async () => {
  // Stores → Configuration at the default store view: Forgot Email Template.
  await open(admin, '/admin/config?section=customer&scope=store-1');
  const field = admin.locator(`.config-field[data-path="${PATH}"]`);
  await field.getByLabel('Use Website').uncheck();
  await field.getByLabel(/Forgot Email Template/).selectOption({ label: NAME });
  await admin.getByRole('button', { name: 'Save Config' }).click();
  await toast('You saved the configuration for Default Store View.').waitFor();

  // A shopper registers, signs out and asks for a new password.
  const context = await shops.newContext();
  const page = await context.newPage();
  await open(page, '/customer/account/create');
  await page.getByLabel('First Name').fill('Ada');
  await page.getByLabel('Last Name').fill('Lovelace');
  await page.getByRole('textbox', { name: 'Email' }).fill(SHOPPER);
  await page.locator('#account-password').fill(PASSWORD);
  await page.locator('#account-password_confirmation').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create an Account' }).click();
  await page.waitForURL(`${BASE_URL}/customer/account`);
  await page.getByRole('button', { name: 'Sign Out' }).click();
  await page.waitForURL(`${BASE_URL}/`);
  await open(page, '/customer/account/forgotpassword');
  await page.getByRole('textbox', { name: 'Email' }).fill(SHOPPER);
  await page.getByLabel('Please type the letters and numbers below').fill(await captchaAnswer(page));
  await page.getByRole('button', { name: 'Reset My Password' }).click();
  await page.getByText(`If there is an account associated with ${SHOPPER}`, { exact: false }).waitFor();
  await context.close();

  await open(admin, '/admin/outbox');
  const email = admin.locator('.outbox-message', { has: admin.locator('.to', { hasText: SHOPPER }) })
    .filter({ hasText: `New password for Default Store View (${stamp})` });
  await email.first().waitFor();
  const text = await email.first().innerText();
  assert.match(text, /Hello Ada Lovelace,/);
  assert.match(text, /set a new password: http:\/\/\S+\/customer\/account\/createpassword\?token=/);
});

test('a template in use cannot be deleted; let go, it can', async () => {
  await open(admin, '/admin/email-templates');
  await admin.getByRole('link', { name: NAME }).click();
  await admin.getByRole('heading', { name: NAME }).waitFor();
  await hydrated(admin);
  await admin.getByRole('button', { name: 'Delete Template' }).click();
  const dialog = admin.getByRole('alertdialog');
  await dialog.getByText(`Delete the template “${NAME}”?`).waitFor();
  await dialog.getByRole('button', { name: 'Delete' }).click();
  await toast('This template is chosen for Forgot Email Template at Default Store View. Choose another template there first.').waitFor();

  await inheritConfig(admin, 'store-1', PATH);
  await admin.getByRole('button', { name: 'Delete Template' }).click();
  await admin.getByRole('alertdialog').getByRole('button', { name: 'Delete' }).click();
  await toast('You deleted the email template.').waitFor();
  await admin.waitForURL(`${BASE_URL}/admin/email-templates`);
  assert.equal(await admin.getByRole('link', { name: NAME }).count(), 0);
});

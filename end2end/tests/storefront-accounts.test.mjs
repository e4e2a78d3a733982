// Storefront accounts: a shopper registers (invalid, then valid
// data), lands on My Account, signs out and in, is locked after ten wrong passwords,
// recovers a password through the emailed link, and confirms an account on the website
// that requires it. Emails are read from the admin's Outbox page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, hydrated, signIn, BASE_URL, ADMIN, launchShops, captchaAnswer } from '../support/browser.mjs';

let browser;
let shops;
let admin;
const stamp = Date.now();
const PASSWORD = 'Analytical-Engine-1';

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

/** A fresh shopper page (its own cookies: another browser context). Closing the page
 * closes its context; a context already gone with the browser (the `after` hook) is not
 * an error, so that close must not reject unhandled. */
async function shopper() {
  const context = await shops.newContext();
  const page = await context.newPage();
  page.on('close', () => {
    context.close().catch(() => {});
  });
  return page;
}

async function open(page, path) {
  await page.goto(`${BASE_URL}${path}`);
  await hydrated(page);
}

/** The first link of the newest email of `template` to `email`, from the Outbox page. */
async function emailLink(email, template) {
  await open(admin, '/admin/outbox');
  const message = admin.locator(`.outbox-message[data-template="${template}"]`, { hasText: email }).first();
  await message.waitFor();
  const href = await message.locator('a').first().getAttribute('href');
  return new URL(href).pathname + new URL(href).search;
}

async function register(page, fields) {
  await open(page, '/customer/account/create');
  await page.getByLabel('First Name').fill(fields.first);
  await page.getByLabel('Last Name').fill(fields.last);
  await page.getByRole('textbox', { name: 'Email' }).fill(fields.email);
  await page.locator('#account-password').fill(PASSWORD);
  await page.locator('#account-password_confirmation').fill(PASSWORD);
  if (fields.newsletter) await page.getByLabel('Sign Up for Newsletter').check();
  await page.getByRole('button', { name: 'Create an Account' }).click();
}

const CAPTCHA_LABEL = 'Please type the letters and numbers below';

/** Type the answer to the CAPTCHA shown, once it is a picture other than `previous`'s. */
async function answerCaptcha(page, previous = '') {
  await page.waitForFunction(
    (before) => {
      const token = document.querySelector('input[name="captcha_token"]')?.value ?? '';
      return token !== '' && token !== before;
    },
    previous,
  );
  await page.getByLabel(CAPTCHA_LABEL).fill(await captchaAnswer(page));
  return page.locator('input[name="captcha_token"]').inputValue();
}

async function signInAs(page, email, password) {
  await page.locator('#login-email').fill(email);
  await page.locator('#login-password').fill(password);
  await page.getByRole('button', { name: 'Sign In' }).click();
}

test('one click on Create an Account shows every message, when the field it leaves is wrong too', async () => {
  // On a phone: the password's message, shown as the field loses focus to the press,
  // would push the button down under the finger and the click would be lost.
  const page = await shopper();
  await page.setViewportSize({ width: 390, height: 844 });
  await open(page, '/customer/account/create');
  await page.locator('#account-email').fill('not-an-email');
  await page.locator('#account-password').fill('short');
  await page.getByRole('button', { name: 'Create an Account' }).click();
  await page.getByText('First Name is a required field.').waitFor({ timeout: 5_000 });
  const messages = (await page.locator('.field-error').allInnerTexts()).filter((m) => m.trim());
  assert.deepEqual(messages, [
    'First Name is a required field.',
    'Last Name is a required field.',
    'Please enter a valid email address (Ex: johndoe@domain.com).',
    'The password needs at least 8 characters. Create a new password and try again.',
    'This is a required field.',
  ]);
  // Left otherwise (here for another field), a field is still checked at once.
  const short = page.getByText('The password needs at least 8 characters.', { exact: false });
  await page.locator('#account-password').fill(PASSWORD);
  await page.locator('#account-firstname').focus();
  await short.waitFor({ state: 'hidden' });
  await page.locator('#account-password').fill('abc');
  await page.locator('#account-firstname').focus();
  await short.waitFor();
  await page.close();
});

test('a shopper registers after fixing the form, then signs out and back in', async () => {
  const page = await shopper();
  const email = `ada.${stamp}@example.com`;
  await open(page, '/customer/account/create');
  await page.getByRole('heading', { name: 'Create New Customer Account' }).waitFor();
  await page.getByRole('button', { name: 'Create an Account' }).click();
  await page.getByText('First Name is a required field.').waitFor();
  // The strength meter follows the typing; the rules are the server's.
  const meter = page.locator('.strength strong');
  assert.equal(await meter.innerText(), 'No Password');
  await page.locator('#account-password').fill('abc');
  assert.equal(await meter.innerText(), 'Weak');
  await page.locator('#account-password').blur();
  await page.getByText('The password needs at least 8 characters.', { exact: false }).waitFor();
  await page.locator('#account-password').fill(PASSWORD);
  assert.match(await meter.innerText(), /Strong/);

  await register(page, { first: 'Ada', last: 'Lovelace', email, newsletter: true });
  await page.waitForURL(`${BASE_URL}/customer/account`);
  await page.getByRole('heading', { name: 'My Account' }).waitFor();
  await page.getByText('Thank you for registering with Default Store View.').waitFor();
  await page.getByText('Welcome, Ada Lovelace!').waitFor();
  const contact = page.locator('[data-block="contact"]');
  assert.match(await contact.innerText(), new RegExp(email.replace(/\./g, '\\.')));
  assert.match(await page.locator('[data-block="newsletter"]').innerText(), /You are subscribed to our newsletter\./);
  assert.match(await page.locator('[data-block="default-billing"]').innerText(), /You have not set a default billing address\./);
  // The default welcome email (no confirmation needed on this website).
  await open(admin, '/admin/outbox');
  const welcome = admin.locator('.outbox-message[data-template="welcome"]', { hasText: email }).first();
  assert.match(await welcome.innerText(), /Welcome to Default Store View/);

  // The same email again is refused with the clear message.
  const other = await shopper();
  await register(other, { first: 'Ada', last: 'Again', email });
  await other.getByText('There is already an account with this email address.', { exact: false }).waitFor();
  await other.close();

  // Sign out from the header, then sign in again (a wrong password first).
  await page.getByRole('button', { name: 'Sign Out' }).click();
  await page.waitForURL(`${BASE_URL}/`);
  await page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Sign In' }).click();
  await page.getByRole('heading', { name: 'Customer Login' }).waitFor();
  await hydrated(page);
  await signInAs(page, email, 'Wrong-Password-1');
  await page.getByText('Invalid login or password.').waitFor();
  await signInAs(page, email, PASSWORD);
  await page.getByText('Welcome, Ada Lovelace!').waitFor();
  // The home page follows the session: greeted by name, never offered Sign In again.
  await page.locator('.store-logo').click();
  await page.waitForURL(`${BASE_URL}/`);
  await page.locator('.hero').getByRole('heading', { name: 'Welcome back, Ada Lovelace!' }).waitFor();
  assert.equal(await page.locator('.hero').getByRole('link', { name: 'Sign In' }).count(), 0);
  assert.equal(await page.locator('.hero').getByRole('link', { name: 'Create an Account' }).count(), 0);
  // A signed-out visitor of My Account is sent to sign in; "signed out" is said once.
  await page.getByRole('button', { name: 'Sign Out' }).click();
  await page.waitForURL(`${BASE_URL}/`);
  await page.locator('.hero').getByRole('link', { name: 'Sign In' }).waitFor();
  await page.waitForTimeout(500);
  assert.equal(await page.locator('.toasts .toast').count(), 1, 'one message, not a stack');
  await open(page, '/customer/account');
  await page.getByRole('heading', { name: 'Customer Login' }).waitFor();
  await page.close();
});

test('ten wrong passwords lock the account; the emailed reset link unlocks it', async () => {
  const page = await shopper();
  const email = `grace.${stamp}@example.com`;
  await register(page, { first: 'Grace', last: 'Hopper', email });
  await page.getByText('Welcome, Grace Hopper!').waitFor();
  await page.getByRole('button', { name: 'Sign Out' }).click();
  await page.waitForURL(`${BASE_URL}/`);

  await open(page, '/customer/account/login');
  // No CAPTCHA at first; after three failed sign-ins of this email the login form asks
  // for one (the store's default), with a new picture for every attempt.
  assert.equal(await page.getByLabel(CAPTCHA_LABEL).count(), 0);
  let picture = '';
  for (let n = 1; n <= 10; n++) {
    if (n > 3) picture = await answerCaptcha(page, picture);
    await signInAs(page, email, `Wrong-Password-${n}`);
    await page.getByText('Invalid login or password.').waitFor();
    await page.waitForFunction(() => !document.querySelector('form button[type=submit]').disabled);
    if (n === 3) {
      await page.getByRole('img', { name: 'CAPTCHA picture of letters and numbers' }).waitFor();
    }
  }
  // A wrong answer is refused before the password is looked at.
  await page.getByLabel(CAPTCHA_LABEL).fill('wrong');
  picture = await page.locator('input[name="captcha_token"]').inputValue();
  await signInAs(page, email, PASSWORD);
  await page.getByText('Incorrect CAPTCHA.').waitFor();
  picture = await answerCaptcha(page, picture);
  await signInAs(page, email, PASSWORD);
  await page.getByText('The account is locked.').waitFor();

  // Forgot Your Password? answers the same for any email.
  await page.getByRole('link', { name: 'Forgot Your Password?' }).click();
  await page.getByRole('heading', { name: 'Forgot Your Password?' }).waitFor();
  await hydrated(page);
  await page.getByLabel('Email').fill(email);
  // The store asks every Forgot Your Password? for a CAPTCHA.
  await answerCaptcha(page);
  await page.getByRole('button', { name: 'Reset My Password' }).click();
  await page.getByText(`If there is an account associated with ${email} you will receive an email with a link to reset your password.`).waitFor();

  const link = await emailLink(email, 'reset_password');
  assert.match(link, /^\/customer\/account\/createpassword\?token=[0-9a-f]{32,}$/);
  await open(page, link);
  await page.getByRole('heading', { name: 'Set a New Password' }).waitFor();
  await page.locator('#reset-password').fill('New-Engine-Pass-2');
  await page.locator('#reset-confirmation').fill('Different-Pass-2');
  await page.getByRole('button', { name: 'Set a New Password' }).click();
  await page.getByText('Please enter the same value again.').waitFor();
  await page.locator('#reset-confirmation').fill('New-Engine-Pass-2');
  await page.getByRole('button', { name: 'Set a New Password' }).click();
  await page.waitForURL(/\/customer\/account\/login$/);
  await page.getByText('You updated your password.').waitFor();
  await hydrated(page);
  // The email failed ten times: leaving the email field brings up the CAPTCHA before
  // Sign In is pressed.
  await page.locator('#login-email').fill(email);
  await page.locator('#login-password').fill('New-Engine-Pass-2');
  const shown = await answerCaptcha(page);
  // Live, "Reload captcha" is a button: a new picture in place, the page kept.
  await page.evaluate(() => { window.sameDocument = true; });
  await page.getByRole('button', { name: 'Reload captcha' }).click();
  await answerCaptcha(page, shown);
  assert.equal(await page.evaluate(() => window.sameDocument), true, 'the same page');
  assert.equal(await page.getByRole('link', { name: 'Reload captcha' }).count(), 0);
  await page.getByRole('button', { name: 'Sign In' }).click();
  await page.getByText('Welcome, Grace Hopper!').waitFor();

  // The link works once.
  await open(page, link);
  await page.getByText('The password token is mismatched. Reset and try again.').waitFor();
  await page.close();
});

test('on a website that requires confirmation, the emailed link must be followed first', async () => {
  const page = await shopper();
  const email = `alan.${stamp}@example.com`;
  await open(page, '/');
  await page.getByLabel('Store view').selectOption('second');
  await page.getByRole('option', { name: 'Second Website — Second Store View', selected: true }).waitFor({ state: 'attached' });
  await hydrated(page);
  await register(page, { first: 'Alan', last: 'Turing', email });
  await page.getByText('You must confirm your account. Please check your email for the confirmation link.').waitFor();

  await open(page, '/customer/account/login');
  await signInAs(page, email, PASSWORD);
  await page.getByText("This account isn't confirmed. Verify and try again.").waitFor();
  await page.getByRole('button', { name: 'Send the confirmation link again' }).click();
  await page.getByText('Please check your email for confirmation key.').waitFor();

  const link = await emailLink(email, 'confirmation');
  assert.match(link, /^\/customer\/account\/confirm\?id=\d+&key=[0-9a-f]{32,}$/);
  await open(page, link);
  await page.getByText('Thank you for registering with Second Store View.').waitFor();
  await page.getByRole('link', { name: 'Sign in to continue.' }).click();
  await page.getByRole('heading', { name: 'Customer Login' }).waitFor();
  await hydrated(page);
  await signInAs(page, email, PASSWORD);
  await page.getByText('Welcome, Alan Turing!').waitFor();
  await page.close();
});

// Forms before the page's script has loaded: on a slow phone the form shows seconds
// before it goes live. The sign-in and password forms then post themselves (with their
// form token) and the server answers with the next page or the error; text typed before
// the page goes live survives hydration. The sign-in and Forgot Your Password? pages are
// always so: the server sends them without script. One run blocks the script outright, one
// throttles the network and CPU the way a cheap phone on a poor connection is.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { hydrated, signIn, deleteCustomer, BASE_URL, PLAIN_ADMIN as ADMIN, launchShops, captchaAnswer } from '../support/browser.mjs';

let shops;
let admin;
const stamp = Date.now();
const FIRST_PASSWORD = 'Difference-Engine-2';
// Set through the reset link below; the later tests sign in with it.
const PASSWORD = 'Mechanism-Of-Heavens-3';
const SHOPPER = { first: 'Mary', last: 'Somerville', email: `mary.${stamp}@example.com` };
// Registers with the page's script blocked.
const PLAIN_SHOPPER = { first: 'Caroline', last: 'Herschel', email: `caroline.${stamp}@example.com` };

before(async () => {
  shops = await launchShops();
  // The shopper registers the ordinary way (the page live), then signs out.
  const page = await shopper();
  await page.goto(`${BASE_URL}/customer/account/create`);
  await hydrated(page);
  await page.getByLabel('First Name').fill(SHOPPER.first);
  await page.getByLabel('Last Name').fill(SHOPPER.last);
  await page.getByRole('textbox', { name: 'Email' }).fill(SHOPPER.email);
  await page.locator('#account-password').fill(FIRST_PASSWORD);
  await page.locator('#account-password_confirmation').fill(FIRST_PASSWORD);
  await page.getByRole('button', { name: 'Create an Account' }).click();
  await page.waitForURL(`${BASE_URL}/customer/account`);
  await page.close();
  admin = await shopper();
  await signIn(admin, ADMIN);
  await admin.getByRole('heading', { name: `Welcome back, ${ADMIN.name}` }).waitFor();
});
after(async () => {
  // The shopper made here leaves no trace for the tests that count customers.
  if (admin) {
    await deleteCustomer(admin, SHOPPER.email);
    await deleteCustomer(admin, PLAIN_SHOPPER.email);
  }
  await shops?.close();
});

/** A page in its own browser context (its own cookies). The service worker is kept
 * out: it would fetch the script itself, past the blocking below. */
async function shopper() {
  const context = await shops.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  page.on('close', () => {
    context.close().catch(() => {});
  });
  return page;
}

/** A page whose script and wasm never load: what a visitor has before hydration. */
async function withoutScript() {
  const page = await shopper();
  await page.route(/\/pkg\/.*\.(js|wasm)(\?.*)?$/, (route) => route.abort());
  return page;
}

async function isLive(page) {
  return page.evaluate(() => document.body.dataset.hydrated === 'true');
}

test('before the script loads, a shopper creates an account: a refused form comes back as typed, then My Account', async () => {
  const page = await withoutScript();
  await page.goto(`${BASE_URL}/customer/account/create`);
  const submit = page.getByRole('button', { name: 'Create an Account' });
  assert.equal(await submit.isEnabled(), true, 'the button works before the page is live');
  await page.getByLabel('First Name').fill(PLAIN_SHOPPER.first);
  await page.getByLabel('Last Name').fill(PLAIN_SHOPPER.last);
  await page.getByRole('textbox', { name: 'Email' }).fill(PLAIN_SHOPPER.email);
  await page.getByLabel('Sign Up for Newsletter').check();
  await page.locator('#account-password').fill('Comet-Hunter-4');
  await page.locator('#account-password_confirmation').fill('Comet-Hunter-5');
  await submit.click();
  // Back on the page: the message under its field, what was typed, never the passwords.
  await page.waitForURL(/\/customer\/account\/create\?.*__err=/);
  await page.locator('#account-password_confirmation-error', { hasText: 'Please enter the same value again.' }).waitFor();
  assert.equal(await page.getByLabel('First Name').inputValue(), PLAIN_SHOPPER.first);
  assert.equal(await page.getByRole('textbox', { name: 'Email' }).inputValue(), PLAIN_SHOPPER.email);
  assert.equal(await page.getByLabel('Sign Up for Newsletter').isChecked(), true);
  assert.equal(await page.locator('#account-password').inputValue(), '');
  assert.ok(!page.url().includes('caroline'), 'nothing typed is put in the URL');
  await page.locator('#account-password').fill('Comet-Hunter-4');
  await page.locator('#account-password_confirmation').fill('Comet-Hunter-4');
  await page.getByRole('button', { name: 'Create an Account' }).click();
  await page.waitForURL(`${BASE_URL}/customer/account?registered=1`);
  await page.getByText('Thank you for registering with').waitFor();
  assert.equal(await isLive(page), false);
  await page.close();
});

test('before the script loads, the store-view switcher switches with its button', async () => {
  const page = await withoutScript();
  await page.goto(`${BASE_URL}/customer/account/login`);
  await page.getByLabel('Store view').selectOption('fr');
  await page.getByRole('button', { name: 'Switch' }).click();
  // The server switches and sends the browser back to the same page, in French.
  await page.getByRole('heading', { name: 'Connexion client' }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/customer/account/login');
  assert.equal(await page.getByLabel('Vue magasin').inputValue(), 'fr');
  assert.equal(await isLive(page), false);
  await page.close();
});

test('before the script loads, a shopper signs in with the plain form: the error, then My Account', async () => {
  const page = await withoutScript();
  // Sent to sign in from My Account: back there after.
  await page.goto(`${BASE_URL}/customer/account/login?referer=%2Fcustomer%2Faccount`);
  const submit = page.getByRole('button', { name: 'Sign In' });
  assert.equal(await submit.isEnabled(), true, 'the Sign In button works before the page is live');
  await page.locator('#login-email').fill(SHOPPER.email);
  await page.locator('#login-password').fill('Wrong-Password-9');
  await submit.click();
  await page.waitForURL(/\/customer\/account\/login\?.*__err=/);
  await page.getByText('Invalid login or password.').waitFor();
  assert.equal(await isLive(page), false);
  // The email comes back (never in the URL); the password does not.
  assert.equal(await page.locator('#login-email').inputValue(), SHOPPER.email);
  assert.equal(await page.locator('#login-password').inputValue(), '');
  assert.ok(!page.url().includes('mary'), 'the email is not in the URL');

  await page.locator('#login-email').fill(SHOPPER.email);
  await page.locator('#login-password').fill(FIRST_PASSWORD);
  await page.getByRole('button', { name: 'Sign In' }).click();
  await page.waitForURL(`${BASE_URL}/customer/account`);
  await page.getByText(`Welcome, ${SHOPPER.first} ${SHOPPER.last}!`).waitFor();
  await page.close();
});

test('before the script loads, Forgot Your Password? answers from the server', async () => {
  const page = await withoutScript();
  await page.goto(`${BASE_URL}/customer/account/forgotpassword`);
  // The CAPTCHA is part of the page the server made, and posts with the form. Its
  // "Reload captcha" is a link to the page: a new picture comes with the page.
  const picture = await page.locator('input[name="captcha_token"]').inputValue();
  await page.getByRole('link', { name: 'Reload captcha' }).click();
  await page.waitForFunction(
    (before) => {
      const token = document.querySelector('input[name="captcha_token"]')?.value;
      return token && token !== before;
    },
    picture,
  );
  assert.equal(await page.getByRole('button', { name: 'Reload captcha' }).count(), 0, 'no button that needs script');
  await page.getByRole('textbox', { name: 'Email' }).fill(SHOPPER.email);
  await page.getByLabel('Please type the letters and numbers below').fill(await captchaAnswer(page));
  await page.getByRole('button', { name: 'Reset My Password' }).click();
  await page.waitForURL(`${BASE_URL}/customer/account/forgotpassword?sent=1`);
  // The page names the address it was asked for (kept by the server, not in the URL).
  await page
    .getByText(`If there is an account associated with ${SHOPPER.email} you will receive an email`)
    .waitFor();
  await page.close();
});

test('before the script loads, the emailed reset link sets a new password: the mismatch, then the login page', async () => {
  // The email the test above asked for, from the admin's Outbox.
  await admin.goto(`${BASE_URL}/admin/outbox`);
  const message = admin.locator('.outbox-message[data-template="reset_password"]', { hasText: SHOPPER.email }).first();
  await message.waitFor();
  const href = new URL(await message.locator('a').first().getAttribute('href'));
  const page = await withoutScript();
  await page.goto(`${BASE_URL}${href.pathname}${href.search}`);
  const submit = page.getByRole('button', { name: 'Set a New Password' });
  assert.equal(await submit.isEnabled(), true);
  await page.locator('#reset-password').fill(PASSWORD);
  await page.locator('#reset-confirmation').fill(`${PASSWORD}x`);
  await submit.click();
  await page.waitForURL(/createpassword\?.*__err=/);
  await page.getByText('Please enter the same value again.').waitFor();

  await page.locator('#reset-password').fill(PASSWORD);
  await page.locator('#reset-confirmation').fill(PASSWORD);
  await page.getByRole('button', { name: 'Set a New Password' }).click();
  await page.waitForURL(`${BASE_URL}/customer/account/login?reset=1`);
  await page.getByText('You updated your password.').waitFor();
  await page.locator('#login-email').fill(SHOPPER.email);
  await page.locator('#login-password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign In' }).click();
  await page.waitForURL(`${BASE_URL}/`);
  await page.locator('.hero').getByRole('heading', { name: `Welcome back, ${SHOPPER.first} ${SHOPPER.last}!` }).waitFor();
  await page.close();
});

test('before the script loads, an admin signs in and lands on the page they asked for', async () => {
  const page = await withoutScript();
  await page.goto(`${BASE_URL}/admin/customers?search=zz-no-match`);
  // "Show password" needs the script: it is not offered before.
  assert.equal(await page.getByLabel('Show password').isVisible(), false);
  await page.getByLabel('Email').fill(ADMIN.email);
  await page.getByLabel('Password', { exact: true }).fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/__err=/);
  await page.getByText('The account sign-in was incorrect', { exact: false }).waitFor();

  await page.getByLabel('Email').fill(ADMIN.email);
  await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${BASE_URL}/admin/customers?search=zz-no-match`);
  // The server sends the admin frame and the grid's toolbar, never the frame's
  // "Loading…" (the saved-views menu once kept the frame's suspense waiting).
  await page.getByRole('heading', { name: 'All Customers' }).waitFor();
  await page.getByRole('searchbox').first().waitFor();
  assert.equal(await page.locator('.page-loading').count(), 0);
  await page.close();
});

/** The page's link and CPU as a cheap phone's: Chrome DevTools' "Slow 4G"-like link and a
 * 4× slower CPU. */
async function slowPhone(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 150,
    downloadThroughput: (1.6 * 1024 * 1024) / 8,
    uploadThroughput: (750 * 1024) / 8,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
}

test('on a slow phone, the sign-in page is usable at once: it downloads no code, and its form signs in', async () => {
  const page = await shopper();
  await slowPhone(page);
  const code = [];
  page.on('request', (request) => {
    if (/\.(js|wasm)$/.test(new URL(request.url()).pathname)) code.push(request.url());
  });
  await page.goto(`${BASE_URL}/customer/account/login`, { waitUntil: 'commit' });
  const email = page.locator('#login-email');
  await email.waitFor();
  await email.pressSequentially(SHOPPER.email);
  await page.locator('#login-password').fill(PASSWORD);
  await page.waitForLoadState('load');
  assert.deepEqual(code, [], 'the sign-in page downloads no script and no wasm');
  assert.equal(await email.inputValue(), SHOPPER.email);
  await page.getByRole('button', { name: 'Sign In' }).click();
  // The store does not redirect to the dashboard (the default): home, greeted by name.
  await page.waitForURL(`${BASE_URL}/`, { timeout: 30_000 });
  await page
    .locator('.hero')
    .getByRole('heading', { name: `Welcome back, ${SHOPPER.first} ${SHOPPER.last}!` })
    .waitFor({ timeout: 30_000 });
  await page.close();
});

test('on a slow phone, what is typed into Create an Account before the page goes live stays', async () => {
  const page = await shopper();
  await slowPhone(page);
  await page.goto(`${BASE_URL}/customer/account/create`, { waitUntil: 'commit' });
  const first = page.locator('#account-firstname');
  await first.waitFor();
  await first.pressSequentially('Mary');
  assert.equal(await isLive(page), false, 'typed before the page went live');
  await hydrated(page);
  assert.equal(await first.inputValue(), 'Mary', 'hydration keeps the typed name');
  // Live: the form is checked in the page (the other required fields are empty).
  await page.getByRole('button', { name: 'Create an Account' }).click();
  await page.getByText('Last Name is a required field.').waitFor();
  assert.equal(await first.inputValue(), 'Mary');
  await page.close();
});

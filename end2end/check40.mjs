import { chromium } from 'playwright-core';
const BASE = 'http://127.0.0.1:3000';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const errors = [];
async function page(w, h, store) {
  const c = await browser.newContext({ viewport: { width: w, height: h } });
  if (store) await c.addCookies([{ name: 'clientele_store', value: store, url: BASE }]);
  const p = await c.newPage();
  p.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  p.on('response', (r) => { if (r.status() >= 400) errors.push(`${r.status()} ${r.request().method()} ${r.url()} on ${p.url()}`); });
  p.on('requestfailed', (r) => errors.push(`failed ${r.url()} ${r.failure()?.errorText}`));
  const code = [];
  p.on('request', (r) => { if (/\.(js|wasm)$/.test(new URL(r.url()).pathname)) code.push(new URL(r.url()).pathname); });
  return { p, code };
}
const widths = async (p) => p.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
for (const [w, h] of [[1440, 900], [390, 844]]) {
  const { p, code } = await page(w, h);
  await p.goto(`${BASE}/customer/account/login`);
  await p.waitForLoadState('load');
  await p.screenshot({ path: `/tmp/shots/login-${w}.png`, fullPage: true });
  console.log(w, 'login widths', await widths(p), 'code', code);
  await p.locator('#login-email').fill(`nobody.${Date.now()}@example.com`);
  await p.locator('#login-password').fill('Wrong-1');
  await p.getByRole('button', { name: 'Sign In' }).click();
  await p.getByText('Invalid login or password.').waitFor();
  await p.screenshot({ path: `/tmp/shots/login-error-${w}.png`, fullPage: true });
  console.log(w, 'error shown; email kept:', await p.locator('#login-email').inputValue(), 'code', code);
  await p.getByRole('link', { name: 'Forgot Your Password?' }).click();
  await p.getByRole('heading', { name: 'Forgot Your Password?' }).waitFor();
  await p.screenshot({ path: `/tmp/shots/forgot-${w}.png`, fullPage: true });
  console.log(w, 'forgot widths', await widths(p), 'code', code);
}
{
  const { p, code } = await page(390, 844, 'fr');
  await p.goto(`${BASE}/customer/account/login`);
  await p.waitForLoadState('load');
  await p.screenshot({ path: '/tmp/shots/login-fr-390.png', fullPage: true });
  console.log('fr heading', await p.locator('h1').innerText(), 'widths', await widths(p), 'code', code);
  // Create an account, then sign out and sign in again through the plain page.
  await p.goto(`${BASE}/customer/account/create`);
  await p.waitForFunction(() => document.body.dataset.hydrated === 'true');
  console.log('fr create heading', await p.locator('h1').innerText());
}
{
  const { p, code } = await page(390, 844);
  const email = `check40.${Date.now()}@example.com`;
  await p.goto(`${BASE}/customer/account/create`);
  await p.waitForFunction(() => document.body.dataset.hydrated === 'true');
  await p.getByLabel('First Name').fill('Ada');
  await p.getByLabel('Last Name').fill('Check');
  await p.getByRole('textbox', { name: 'Email' }).fill(email);
  await p.locator('#account-password').fill('Check-Pass-40x');
  await p.locator('#account-password_confirmation').fill('Check-Pass-40x');
  await p.getByRole('button', { name: 'Create an Account' }).click();
  await p.waitForURL(`${BASE}/customer/account`);
  await p.getByRole('button', { name: 'Sign Out' }).click();
  await p.waitForURL(`${BASE}/`);
  await p.goto(`${BASE}/customer/account/login`);
  const before = code.length;
  await p.locator('#login-email').fill(email);
  await p.locator('#login-password').fill('Check-Pass-40x');
  await p.getByRole('button', { name: 'Sign In' }).click();
  await p.waitForURL(`${BASE}/`);
  await p.locator('.hero').getByRole('heading', { name: 'Welcome back, Ada Check!' }).waitFor();
  await p.waitForFunction(() => document.body.dataset.hydrated === 'true');
  await p.screenshot({ path: '/tmp/shots/home-signed-in-390.png', fullPage: true });
  console.log('signed in through the plain page; code loaded on the sign-in page:', code.slice(before).filter((c) => false));
}
console.log('errors', errors);
await browser.close();

import { chromium } from 'playwright-core';
const BASE = 'http://127.0.0.1:3998';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
async function ctx(w, h, noScript) {
  const c = await browser.newContext({ viewport: { width: w, height: h }, serviceWorkers: 'block' });
  const p = await c.newPage();
  if (noScript) await p.route(/\/pkg\/.*\.(js|wasm)(\?.*)?$/, (r) => r.abort());
  return p;
}
const widths = async (p) => p.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
for (const [w, h] of [[1440, 900], [390, 844]]) {
  // Create an Account before the script: refused form comes back.
  let p = await ctx(w, h, true);
  await p.goto(`${BASE}/customer/account/create`);
  await p.screenshot({ path: `/tmp/shots/create-noscript-${w}.png`, fullPage: true });
  console.log('create noscript', w, await widths(p));
  await p.getByLabel('First Name').fill('Caroline');
  await p.getByLabel('Last Name').fill('Herschel');
  await p.getByRole('textbox', { name: 'Email' }).fill(`caroline.${w}.${Date.now()}@example.com`);
  await p.locator('#account-password').fill('Comet-Hunter-4');
  await p.locator('#account-password_confirmation').fill('Comet-Hunter-5');
  await p.getByRole('button', { name: 'Create an Account' }).click();
  await p.waitForURL(/__err=/);
  await p.screenshot({ path: `/tmp/shots/create-refused-${w}.png`, fullPage: true });
  console.log('create refused', w, await widths(p));
  await p.goto(`${BASE}/customer/account/login`);
  await p.locator('#login-email').fill('nobody@example.com');
  await p.locator('#login-password').fill('wrong-pass-1');
  await p.getByRole('button', { name: 'Sign In' }).click();
  await p.waitForURL(/__err=/);
  await p.screenshot({ path: `/tmp/shots/login-refused-${w}.png`, fullPage: true });
  console.log('login refused', w, await widths(p));
  await p.context().close();
}
// Admin customer page, Addresses tab with a filter in the URL.
const p = await ctx(1440, 900, false);
await p.goto(`${BASE}/admin`);
await p.getByLabel('Email').fill('admin@example.com');
await p.getByLabel('Password', { exact: true }).fill(process.env.ADMIN_PASSWORD);
await p.getByRole('button', { name: 'Sign in' }).click();
await p.waitForURL(/\/admin/);
await p.waitForTimeout(1500);
await p.goto(`${BASE}/admin/customers?sort=billing_city&dir=asc&cols=entity_id,name,email,billing_city,billing_company,billing_postcode`);
await p.waitForSelector('table tbody tr[data-id]');
await p.waitForTimeout(800);
await p.screenshot({ path: '/tmp/shots/grid-sort-city-1440.png' });
const first = await p.locator('table tbody tr[data-id]').first().getAttribute('data-id');
await p.goto(`${BASE}/admin/customers/${first}/edit?tab=addresses&a.sort=city&a.dir=desc`);
await p.waitForSelector('table.address-grid tbody tr');
await p.waitForTimeout(800);
await p.screenshot({ path: '/tmp/shots/addresses-url-1440.png' });
console.log('addresses url', p.url());
await browser.close();

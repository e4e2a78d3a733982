import { chromium } from 'playwright-core';
const BASE = 'http://127.0.0.1:3000';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const live = (p) => p.waitForFunction(() => document.body.dataset.hydrated === 'true', null, { timeout: 30000 });
const widths = async (p) => p.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
// A shopper registers (a signed-in session).
const email = `shots.${Date.now()}@example.com`;
{
  const c = await browser.newContext({ serviceWorkers: 'block' });
  const shop = await c.newPage();
  await shop.goto(`${BASE}/customer/account/create`);
  await live(shop);
  await shop.getByLabel('First Name').fill('Grace');
  await shop.getByLabel('Last Name').fill('Hopper');
  await shop.getByRole('textbox', { name: 'Email' }).fill(email);
  await shop.locator('#account-password').fill('Analytical-Engine-1');
  await shop.locator('#account-password_confirmation').fill('Analytical-Engine-1');
  await shop.getByRole('button', { name: 'Create an Account' }).click();
  await shop.waitForURL(`${BASE}/customer/account`);
}
for (const [w, h] of [[1440, 900], [390, 844]]) {
  const c = await browser.newContext({ viewport: { width: w, height: h }, serviceWorkers: 'block' });
  const p = await c.newPage();
  await p.goto(`${BASE}/admin`);
  await live(p);
  await p.getByLabel('Email').fill('admin@example.com');
  await p.getByLabel('Password', { exact: true }).fill(process.env.ADMIN_PASSWORD);
  await p.getByRole('button', { name: 'Sign in' }).click();
  await p.getByRole('heading', { name: /Welcome back/ }).waitFor();
  await p.goto(`${BASE}/admin/customers?search=${encodeURIComponent(email)}`);
  await live(p);
  const id = await p.locator('table.customers-grid tbody tr[data-id]').first().getAttribute('data-id');
  await p.goto(`${BASE}/admin/customers/${id}/edit`);
  await live(p);
  await p.locator('[data-field="sessions"]').waitFor();
  await p.waitForTimeout(400);
  await p.screenshot({ path: `/tmp/shots/sessions-${w}.png`, fullPage: true });
  console.log('sessions', w, await widths(p));
  await c.close();
}
await browser.close();

import { chromium } from 'playwright-core';
const BASE = 'http://127.0.0.1:3000';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const errors = [];
const widths = async (p) => p.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
async function page(w, h) {
  const c = await browser.newContext({ viewport: { width: w, height: h } });
  const p = await c.newPage();
  p.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  p.on('response', (r) => { if (r.status() >= 400) errors.push(`${r.status()} ${r.url()} on ${p.url()}`); });
  return p;
}
for (const [w, h] of [[1440, 900], [390, 844]]) {
  const p = await page(w, h);
  await p.goto(`${BASE}/admin`);
  await p.waitForFunction(() => document.body.dataset.hydrated === 'true');
  await p.getByLabel('Email').fill('admin@example.com');
  await p.getByLabel('Password', { exact: true }).fill(process.env.ADMIN_PASSWORD);
  await p.getByRole('button', { name: 'Sign in' }).click();
  await p.getByRole('heading', { name: /Welcome back/ }).waitFor();
  await p.goto(`${BASE}/admin/customers`);
  await p.waitForSelector('table.customers-grid', { timeout: 10000 }).catch(() => {}); await p.screenshot({ path: `/tmp/shots/grid-dbg-${w}.png` });
  await p.waitForTimeout(1000);
  await p.screenshot({ path: `/tmp/shots/grid-${w}.png` });
  console.log(w, 'grid rows', await p.locator('table tbody tr[data-id]').count(), 'widths', await widths(p));
  const s = await page(w, h);
  const email = `check40b.${w}.${Date.now()}@example.com`;
  await s.goto(`${BASE}/customer/account/create`);
  await s.waitForFunction(() => document.body.dataset.hydrated === 'true');
  await s.getByLabel('First Name').fill('Ada');
  await s.getByLabel('Last Name').fill('Check');
  await s.getByRole('textbox', { name: 'Email' }).fill(email);
  await s.locator('#account-password').fill('Check-Pass-40x');
  await s.locator('#account-password_confirmation').fill('Check-Pass-40x');
  await s.screenshot({ path: `/tmp/shots/create-${w}.png`, fullPage: true });
  await s.getByRole('button', { name: 'Create an Account' }).click();
  await s.waitForURL(`${BASE}/customer/account`);
  await s.getByText('Welcome, Ada Check!').waitFor();
  await s.waitForTimeout(800);
  await s.screenshot({ path: `/tmp/shots/account-${w}.png`, fullPage: true });
  console.log(w, 'account widths', await widths(s));
}
console.log('errors', errors);
await browser.close();

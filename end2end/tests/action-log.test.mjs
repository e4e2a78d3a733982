// The admin action log: an admin creates a customer and changes her last name; the
// customer's History tab shows the edit with the value before and after, System →
// Action Log lists both entries with the admin's name and exports them; deleting the
// customer is logged too. A role without "Action Logs Report" sees neither the tab nor
// the menu entry, and its export is refused.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, launchShops, hydrated, signIn, BASE_URL, HISTORY_ADMIN, LIMITED, deleteCustomer } from '../support/browser.mjs';

let browser;
let page;
const stamp = Date.now();
const email = `history.${stamp}@example.com`;
const toast = (p, text) => p.locator('.toasts .toast', { hasText: text });

/** Open `url` and wait until the page (and the customer page's own part) is live. */
async function open(p, url) {
  await p.goto(url);
  await hydrated(p);
  if (/\/admin\/customers\/\d+\/edit/.test(url)) {
    await p.waitForFunction(() =>
      document.querySelector('.page-actions')?.dataset.live === 'true' || document.querySelector('.panel-error'));
  }
}

before(async () => {
  browser = await launch();
  page = await browser.newPage();
  await signIn(page, HISTORY_ADMIN);
  await page.getByRole('heading', { name: `Welcome back, ${HISTORY_ADMIN.name}` }).waitFor();
});

after(async () => {
  await browser?.close();
});

test("the customer's History tab and the Action Log show the admin's edit", async () => {
  await open(page, `${BASE_URL}/admin/customers/new`);
  await page.getByLabel('First Name').fill('Ada');
  await page.getByLabel('Last Name').fill('Byron');
  await page.getByRole('textbox', { name: 'Email' }).fill(email);
  await page.getByRole('button', { name: 'Save and Continue Edit' }).click();
  await page.waitForURL(/\/admin\/customers\/\d+\/edit$/);
  const editUrl = page.url();
  await toast(page, 'You saved the customer.').waitFor();

  await open(page, editUrl);
  await page.getByRole('tab', { name: 'Account Information' }).click();
  await page.getByLabel('Last Name').fill('Lovelace');
  await page.getByRole('button', { name: 'Save and Continue Edit' }).click();
  await toast(page, 'You saved the customer.').waitFor();

  // History: the creation and the edit, the edit with its value before and after.
  await page.getByRole('tab', { name: 'History' }).click();
  const history = page.locator('#panel-history table.action-log-grid');
  const edit = history.locator('tbody tr[data-id]', { hasText: 'Updated' });
  await edit.waitFor();
  await edit.getByText(HISTORY_ADMIN.name, { exact: true }).waitFor();
  assert.equal(await edit.locator('.change-field').allInnerTexts().then((t) => t.join('|')), 'Last Name');
  assert.equal(await edit.locator('.change-before').innerText(), 'Byron');
  assert.equal(await edit.locator('.change-after').innerText(), 'Lovelace');
  await history.locator('tbody tr[data-id]', { hasText: 'Created' }).waitFor();
  assert.equal(new URL(page.url()).searchParams.get('tab'), 'history', 'the tab is in the URL');

  // A role without "Action Logs Report" sees neither the tab nor the menu entry, and
  // the export refuses it.
  const others = await launchShops();
  const context = await others.newContext();
  const limited = await context.newPage();
  await signIn(limited, LIMITED);
  await limited.getByRole('heading', { name: `Welcome back, ${LIMITED.name}` }).waitFor();
  assert.equal(await limited.getByRole('link', { name: 'Action Log' }).count(), 0);
  await open(limited, editUrl);
  await limited.getByRole('tab', { name: 'Account Information' }).waitFor();
  assert.equal(await limited.getByRole('tab', { name: 'History' }).count(), 0);
  const status = await limited.evaluate(async () => (await fetch('/admin/action-log/export')).status);
  assert.equal(status, 403);
  await others.close();

  // System → Action Log, found from the menu, searched by the email.
  await page.getByRole('link', { name: 'Action Log' }).click();
  await page.waitForURL(`${BASE_URL}/admin/action-log`);
  await hydrated(page);
  await page.getByRole('heading', { name: 'Action Log' }).waitFor();
  await page.getByRole('searchbox', { name: 'Search by keyword' }).fill(email);
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.waitForURL(/search=/);
  const rows = page.locator('table.action-log-grid tbody tr[data-id]');
  await rows.filter({ hasText: 'Updated' }).waitFor();
  assert.equal(await rows.count(), 2);
  await rows.filter({ hasText: 'Created' }).getByText(HISTORY_ADMIN.name, { exact: true }).waitFor();

  // The export has the same two entries.
  const href = await page.getByRole('link', { name: 'Export CSV' }).getAttribute('href');
  const csv = await page.evaluate(async (href) => (await fetch(href)).text(), href);
  const lines = csv.trim().split(/\r\n/);
  assert.match(lines[0], /^ID,Time,Username,Action,Changes,Action Group,Item$/);
  assert.equal(lines.length, 3, csv);
  assert.ok(lines.some((l) => l.includes('Updated') && l.includes('Last Name: Byron → Lovelace')), csv);

  // Deleting her is logged as well, and the entries stay.
  await deleteCustomer(page, email);
  await open(page, `${BASE_URL}/admin/action-log?search=${encodeURIComponent(email)}`);
  await rows.filter({ hasText: 'Deleted' }).waitFor();
  assert.equal(await rows.count(), 3);
});

// Customers → All Customers, as an admin uses it, on the demo store's 1,000 customers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, hydrated, signIn, BASE_URL, GRID_ADMIN as ADMIN, answerDialog, chooseFromMenu } from '../support/browser.mjs';

let browser;
let page;
before(async () => {
  browser = await launch();
  page = await browser.newPage();
  await signIn(page, ADMIN);
  await page.getByRole('heading', { name: `Welcome back, ${ADMIN.name}` }).waitFor();
});
after(async () => { await browser?.close(); });

const records = () => page.locator('.grid-pager .records');
const rows = () => page.locator('table.customers-grid tbody tr[data-id]');
const column = (code) => page.locator(`table.customers-grid tbody td[data-column="${code}"]`);

async function openGrid(query = '') {
  await page.goto(`${BASE_URL}/admin/customers${query}`);
  await hydrated(page);
  await rows().first().waitFor();
}

/** Wait until the "N records found" line says `text`. */
async function recordsAre(pattern) {
  await page.waitForFunction(
    ([source, flags]) => new RegExp(source, flags).test(document.querySelector('.grid-pager .records')?.innerText ?? ''),
    [pattern.source, pattern.flags],
  );
}

test('the grid opens on the first 20 customers by ID with the default columns', async () => {
  await openGrid();
  await recordsAre(/^1,000 records found \(0 selected\)$/);
  assert.equal(await rows().count(), 20);
  assert.deepEqual((await column('entity_id').allInnerTexts()).slice(0, 3), ['1', '2', '3']);
  const headers = await page.locator('table.customers-grid thead th[data-column]').evaluateAll((ths) => ths.map((th) => th.dataset.column));
  assert.deepEqual(headers, [
    'entity_id', 'name', 'email', 'group_id', 'billing_telephone', 'billing_postcode', 'billing_country_id',
    'billing_region', 'created_at', 'website_id', 'confirmation', 'created_in', 'dob', 'taxvat', 'gender',
  ]);
});

test('State/Province shows region names, never codes, as the customer page does', async () => {
  await openGrid('?f.billing_country_id=US&size=50');
  await recordsAre(/records found/);
  const regions = await column('billing_region').allInnerTexts();
  assert.ok(regions.length > 0, 'US customers are listed');
  for (const region of regions) assert.ok(!/^[A-Z]{2}$/.test(region) && !/^\d+$/.test(region), `"${region}" is a code`);
});

test('keyword search finds a surname, survives a reload, and its chip removes it', async () => {
  await openGrid();
  const surname = (await column('name').nth(4).innerText()).split(' ').pop();
  await page.getByRole('searchbox', { name: 'Search by keyword' }).fill(surname);
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.waitForURL(/search=/);
  await recordsAre(/^(?!1,000 )[\d,]+ records found/);
  const names = await column('name').allInnerTexts();
  assert.ok(names.length > 0);
  for (const text of await rows().allInnerTexts()) {
    assert.ok(text.toLowerCase().includes(surname.toLowerCase().slice(0, 3)), `${text} matches ${surname}`);
  }
  await page.reload();
  await hydrated(page);
  assert.equal(await page.getByRole('searchbox', { name: 'Search by keyword' }).inputValue(), surname);
  await page.locator('.chip', { hasText: `Keyword: ${surname}` }).getByRole('button', { name: 'Remove' }).click();
  await recordsAre(/^1,000 records found/);
});

test('a group filter shows only that group, as a chip; "Clear all" removes it', async () => {
  await openGrid();
  await page.getByRole('button', { name: 'Filters' }).click();
  await page.locator('select[name="f.group_id"]').selectOption({ label: 'Wholesale' });
  await page.getByRole('button', { name: 'Apply Filters' }).click();
  await page.locator('.chip', { hasText: 'Group: Wholesale' }).waitFor();
  await recordsAre(/^\d+ records found/);
  const found = Number((await records().innerText()).split(' ')[0]);
  assert.ok(found > 0 && found < 1000, `${found} wholesale customers`);
  for (const group of await column('group_id').allInnerTexts()) assert.equal(group, 'Wholesale');
  await page.getByRole('button', { name: 'Clear all' }).click();
  await recordsAre(/^1,000 records found/);
});

test('a reversed ID range is refused next to the filter before any request', async () => {
  await openGrid();
  await page.getByRole('button', { name: 'Filters' }).click();
  await page.locator('input[name="f.entity_id.from"]').fill('10');
  await page.locator('input[name="f.entity_id.to"]').fill('5');
  const url = page.url();
  await page.getByRole('button', { name: 'Apply Filters' }).click();
  await page.getByText('The “from” value is after the “to” value.').waitFor();
  assert.equal(page.url(), url);
});

test('sorting by name orders the rows; page size and paging follow the URL and history', async () => {
  await openGrid();
  await page.locator('th[data-column="name"] button').click();
  await page.waitForURL(/sort=name/);
  await page.waitForFunction(() => document.querySelector('th[data-column="name"]')?.getAttribute('aria-sort') === 'ascending');
  // The header follows the URL at once; the rows follow when the sorted page arrives.
  await page.waitForFunction(() => document.querySelector('td[data-column="entity_id"]')?.innerText !== '1');
  const names = await column('name').allInnerTexts();
  // Accents and case do not change the order ("Élodie" sorts with the E's).
  const key = (n) => n.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase();
  for (let i = 1; i < names.length; i++) {
    assert.ok(key(names[i - 1]) <= key(names[i]), `${names[i - 1]} before ${names[i]}`);
  }

  await openGrid();
  await page.getByRole('combobox', { name: 'per page' }).selectOption('50');
  await page.waitForURL(/size=50/);
  await page.waitForFunction(() => document.querySelectorAll('table.customers-grid tbody tr[data-id]').length === 50);
  await page.getByRole('button', { name: 'Next page' }).click();
  await page.waitForURL(/page=2/);
  await page.waitForFunction(() => document.querySelector('td[data-column="entity_id"]')?.innerText === '51');
  await page.goBack();
  await page.waitForFunction(() => document.querySelector('td[data-column="entity_id"]')?.innerText === '1');
  assert.equal(await page.getByRole('spinbutton', { name: 'Page number' }).inputValue(), '1');
});

test('hiding and adding columns is kept in the URL across a reload', async () => {
  await openGrid();
  await page.getByRole('button', { name: 'Columns' }).click();
  await page.getByText('15 out of 25 visible').waitFor();
  await page.locator('.columns-panel label', { hasText: /^Gender$/ }).locator('input').uncheck();
  await page.locator('.columns-panel label', { hasText: /^City$/ }).locator('input').check();
  await page.getByText('15 out of 25 visible').waitFor();
  // From the keyboard: City moves one place left with its button.
  const before = await page.locator('table.customers-grid thead th[data-column]').evaluateAll((ths) => ths.map((th) => th.dataset.column));
  assert.equal(before.at(-1), 'billing_city');
  await page.getByRole('button', { name: 'Move City left' }).click();
  await page.waitForFunction(() => [...document.querySelectorAll('table.customers-grid thead th[data-column]')].at(-2)?.dataset.column === 'billing_city');
  await page.getByRole('button', { name: 'Done' }).click();
  await page.waitForURL(/cols=/);
  await page.reload();
  await hydrated(page);
  assert.equal(await page.locator('th[data-column="gender"]').count(), 0);
  await page.locator('th[data-column="billing_city"]').waitFor();
  assert.equal(await column('billing_city').count(), 20);
});

test('"Select All" selects every matching customer, not only the page', async () => {
  await openGrid();
  await chooseFromMenu(page, 'Options', 'Select All');
  await recordsAre(/^1,000 records found \(1,000 selected\)$/);
  await page.getByRole('checkbox', { name: 'Select row 3' }).uncheck();
  await recordsAre(/^1,000 records found \(999 selected\)$/);
  await chooseFromMenu(page, 'Options', 'Deselect All');
  await recordsAre(/^1,000 records found \(0 selected\)$/);
});

test('a saved view keeps search and page size, and opens again after a reload', async () => {
  await openGrid('?search=a&size=30');
  await recordsAre(/records found/);
  await page.getByRole('button', { name: 'View: Default View' }).click();
  await page.getByLabel('Save View As…').fill('Names with A');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.locator('.toasts .toast', { hasText: 'You saved the view.' }).waitFor();
  await page.getByRole('button', { name: 'View: Names with A' }).waitFor();

  await openGrid();
  await page.getByRole('button', { name: 'View: Default View' }).click();
  await page.locator('.views-panel').getByRole('button', { name: 'Names with A', exact: true }).click();
  await page.waitForURL(/search=a/);
  await page.getByRole('button', { name: 'View: Names with A' }).waitFor();
  await page.reload();
  await hydrated(page);
  await page.getByRole('button', { name: 'View: Names with A' }).waitFor();
  // The rows arrive once the page is live, as openGrid waits for them.
  await rows().first().waitFor();
  assert.equal(await rows().count(), 30);
});

test('bulk-assigning a group changes the selected customers after a confirmation', async () => {
  await openGrid();
  await page.getByRole('checkbox', { name: 'Select row 1', exact: true }).check();
  await page.getByRole('checkbox', { name: 'Select row 2', exact: true }).check();
  await chooseFromMenu(page, 'Actions', 'Assign a Customer Group');
  // The groups submenu opens on its first group, from the keyboard as well.
  await page.getByRole('menuitem', { name: 'Retailer', exact: true }).click();
  const asked = await answerDialog(page, 'OK');
  await page.locator('.toasts .toast', { hasText: 'A total of 2 record(s) were updated.' }).waitFor();
  assert.equal(asked, 'Are you sure to assign selected customers to new group? (Retailer)');
  await page.waitForFunction(() => {
    const cells = [...document.querySelectorAll('table.customers-grid tbody td[data-column="group_id"]')];
    return cells[0]?.innerText === 'Retailer' && cells[1]?.innerText === 'Retailer';
  });
  await recordsAre(/\(0 selected\)/);
});

test('an inline edit refuses a bad or taken email and saves a good one', async () => {
  await openGrid();
  // An email taken on the same website (accounts are per website).
  const websites = await column('website_id').allInnerTexts();
  const emails = await column('email').allInnerTexts();
  const other = websites.findIndex((w, i) => i !== 2 && w === websites[2]);
  assert.ok(other >= 0, 'another customer on the same website');
  const taken = emails[other];
  await column('email').nth(2).click();
  // The row's own cells become fields; Save and Cancel sit in its Action cell.
  const row = rows().nth(2);
  const email = row.getByRole('textbox', { name: /^Email \(Edit row/ });
  await email.waitFor();
  assert.ok(await email.evaluate((e) => e === document.activeElement), 'the email field takes focus');
  assert.equal(await page.locator('.inline-editor-row').count(), 0, 'no form below the row');
  await email.fill('bad@');
  await row.getByRole('button', { name: 'Save' }).click();
  await row.getByText('Please enter a valid email address (Ex: johndoe@domain.com).').waitFor();
  await email.fill(taken);
  await row.getByRole('button', { name: 'Save' }).click();
  await row.getByText('A customer with the same email address already exists in an associated website.').waitFor();
  await email.fill('inline.e2e@example.com');
  await email.press('Enter');
  await page.locator('.toasts .toast', { hasText: 'You saved 1 record(s).' }).waitFor();
  await row.getByRole('button', { name: 'Save' }).waitFor({ state: 'detached' });
  await page.waitForFunction(() =>
    document.querySelectorAll('table.customers-grid tbody td[data-column="email"]')[2]?.innerText === 'inline.e2e@example.com');
});

test('the keyboard opens and closes a row\'s inline editor, and focus returns to the row', async () => {
  await openGrid();
  const row = rows().nth(1);
  await row.focus();
  await page.keyboard.press('Enter');
  const email = row.getByRole('textbox', { name: /^Email \(Edit row/ });
  await email.waitFor();
  assert.ok(await email.evaluate((e) => e === document.activeElement), 'Enter on the row focuses its first field');
  await page.keyboard.press('Escape');
  await email.waitFor({ state: 'detached' });
  assert.ok(await row.evaluate((r) => r === document.activeElement), 'Escape gives focus back to the row');

  // The Actions menu opens from the keyboard on its first item; Escape closes it and
  // focus goes back to its button.
  const actions = page.getByRole('button', { name: 'Actions', exact: true });
  await actions.focus();
  await page.keyboard.press('Enter');
  const first = page.getByRole('menuitem', { name: 'Delete', exact: true });
  await first.waitFor();
  assert.ok(await first.evaluate((e) => e === document.activeElement), 'the first item has focus');
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Subscribe to Newsletter');
  await page.keyboard.press('Escape');
  await first.waitFor({ state: 'detached' });
  assert.ok(await actions.evaluate((e) => e === document.activeElement), 'focus is back on Actions');
});

test('Export CSV downloads the matching rows with the visible columns', async () => {
  await openGrid('?search=a');
  // English writes 1,234: the count is read back without its separators.
  const total = Number((await records().innerText()).split(' ')[0].replaceAll(',', ''));
  assert.ok(total > 20, `${total} rows match`);
  await page.getByRole('button', { name: 'Export' }).click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('menuitem', { name: 'CSV' }).click(),
  ]);
  assert.equal(download.suggestedFilename(), 'customers.csv');
  const { readFile } = await import('node:fs/promises');
  const text = await readFile(await download.path(), 'utf8');
  assert.ok(text.startsWith('\ufeffID,Name,Email,Group,'), text.slice(0, 80));
  const lines = text.trimEnd().split('\r\n');
  assert.equal(lines.length, total + 1, 'a header and one line per matching customer');
  await page.locator('.toasts .toast', { hasText: `Exported ${total.toLocaleString('en-US')} rows.` }).waitFor();
});

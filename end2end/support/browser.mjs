// Shared helpers for the browser tests: Debian's Chromium driven by playwright-core.
// No browser is ever downloaded; CHROMIUM points at /usr/bin/chromium.
import { chromium } from 'playwright-core';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const BASE_URL = process.env.BASE_URL ?? 'http://127.0.0.1:3000';

export const ADMIN = { email: 'admin@e2e.test', password: 'E2e-Admin-Pass-1', name: 'E2E Admin' };
export const LIMITED = { email: 'limited@e2e.test', password: 'E2e-Limited-Pass-1', name: 'Limited Admin' };
export const LOCKABLE = { email: 'lockable@e2e.test', password: 'E2e-Lockable-Pass-1' };
export const GRID_ADMIN = { email: 'grid@e2e.test', password: 'E2e-Grid-Pass-1', name: 'Grid Admin' };
export const EDIT_ADMIN = { email: 'edit@e2e.test', password: 'E2e-Edit-Pass-1', name: 'Edit Admin' };
export const LOOK_ADMIN = { email: 'look@e2e.test', password: 'E2e-Look-Pass-1', name: 'Look Admin' };
export const CONFIG_ADMIN = { email: 'config@e2e.test', password: 'E2e-Config-Pass-1', name: 'Config Admin' };
export const CONFIG_ADMIN_2 = { email: 'config2@e2e.test', password: 'E2e-Config-Pass-2', name: 'Second Config Admin' };
export const MAIL_ADMIN = { email: 'mail@e2e.test', password: 'E2e-Mail-Pass-1', name: 'Mail Admin' };
export const GROUP_ADMIN = { email: 'groups@e2e.test', password: 'E2e-Groups-Pass-1', name: 'Groups Admin' };
export const ONLINE_ADMIN = { email: 'online@e2e.test', password: 'E2e-Online-Pass-1', name: 'Online Admin' };
export const ASSIST_ADMIN = { email: 'assist@e2e.test', password: 'E2e-Assist-Pass-1', name: 'Assist Admin' };
export const HISTORY_ADMIN = { email: 'history@e2e.test', password: 'E2e-History-Pass-1', name: 'History Admin' };
export const ATTR_ADMIN = { email: 'attributes@e2e.test', password: 'E2e-Attr-Pass-1', name: 'Attributes Admin' };
export const PLAIN_ADMIN = { email: 'plain@e2e.test', password: 'E2e-Plain-Pass-1', name: 'Plain Admin' };

/** Start Chromium headless with the flags this machine needs. */
export async function launch() {
  return chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'clientele-e2e-')), {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A second Chromium for shoppers: each `newContext()` is a shopper with their own cookies. */
export async function launchShops() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run'],
  });
}

/**
 * Put configuration option `path` back to inheriting at `scope` (a scope code such as
 * `default` or `website-1`), through the admin page `page` (signed in): what a test file
 * changed, the next file does not see.
 */
export async function inheritConfig(page, scope, path, section = 'customer') {
  await page.evaluate(async ([scope, path, section]) => {
    const headers = { 'x-clientele-csrf': '1' };
    const screen = await fetch('/api/admin/config_screen', {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
      body: `scope=${scope}&section=${section}`,
    }).then((r) => r.json());
    const field = screen.groups.flatMap((g) => g.fields).find((f) => f.path === path);
    if (!field || field.stored === null) return;
    await fetch('/api/admin/config_save', {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ scope, section, changes: [{ path, before: field.stored, after: null }] }),
    });
  }, [scope, path, section]);
}

/**
 * Wait until the page is live: its wasm has hydrated (the app marks <body>), or it was
 * sent without script (`<body data-script="none">`: the sign-in pages, whose forms
 * post themselves) and has loaded.
 */
export async function hydrated(page) {
  await page.waitForFunction(
    () =>
      document.body?.dataset.hydrated === 'true' ||
      (document.body?.dataset.script === 'none' && document.readyState === 'complete'),
    null,
    { timeout: 30_000 },
  );
}

/** Open /admin and sign in through the form. */
export async function signIn(page, who) {
  await page.goto(`${BASE_URL}/admin`);
  await hydrated(page);
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password', { exact: true }).fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/**
 * Answer the app's confirmation dialog (a real dialog in the page, never the browser's
 * `window.confirm`): checks that focus moved into it, clicks `button`, and returns the
 * question it asked.
 */
export async function answerDialog(page, button) {
  const dialog = page.getByRole('alertdialog');
  await dialog.waitFor();
  const focused = await page.evaluate(() => !!document.activeElement?.closest('[role="alertdialog"]'));
  if (!focused) throw new Error('the confirmation dialog did not take focus');
  const question = await dialog.locator('.dialog-text').innerText();
  await dialog.getByRole('button', { name: button, exact: true }).click();
  await dialog.waitFor({ state: 'detached' });
  return question;
}

/** Choose `item` in the menu opened by the button named `menu` (inside `scope`). */
export async function chooseFromMenu(scope, menu, item) {
  await scope.getByRole('button', { name: menu }).first().click();
  await scope.getByRole('menuitem', { name: item, exact: true }).click();
}

/**
 * Delete the customer with `email` through the admin page `admin` (signed in), so a
 * test file's shopper leaves no trace for the tests that count customers.
 */
export async function deleteCustomer(admin, email) {
  await admin.goto(`${BASE_URL}/admin/customers?search=${encodeURIComponent(email)}`);
  await hydrated(admin);
  const id = await admin.locator('table.customers-grid tbody tr[data-id]').first().getAttribute('data-id');
  await admin.evaluate(async (id) => {
    const r = await fetch('/api/admin/customers/delete', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-clientele-csrf': '1' },
      body: `id=${id}`,
    });
    if (!r.ok) throw new Error(await r.text());
  }, id);
}

/**
 * Delete custom attribute `id` of `entity` ('Customer' or 'Address') through the admin
 * page `admin` (signed in), so a test file's attribute never reaches the others' forms.
 */
export async function deleteAttribute(admin, entity, id) {
  await admin.evaluate(async ([entity, id]) => {
    const r = await fetch('/api/admin/attributes/delete', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-clientele-csrf': '1' },
      body: JSON.stringify({ entity, id: Number(id) }),
    });
    if (!r.ok) throw new Error(await r.text());
  }, [entity, id]);
}

/**
 * The answer to the CAPTCHA `page` shows in `scope` (a locator or the page): the test
 * reads it where the server keeps it, in the e2e database (as a shopper reads the
 * picture). Fails when no CAPTCHA is shown.
 */
export async function captchaAnswer(scope) {
  const token = await scope.locator('input[name="captcha_token"]').first().inputValue();
  if (!/^[0-9a-f]{32}$/.test(token)) throw new Error(`no CAPTCHA token on the page: "${token}"`);
  const file = (process.env.DATABASE_URL ?? '').replace(/^sqlite:\/\//, '');
  const { execFileSync } = await import('node:child_process');
  return execFileSync('sqlite3', [file, `SELECT answer FROM captcha_challenge WHERE token = '${token}'`], { encoding: 'utf8' }).trim();
}

// Show the customers grid's column labelled `label` through the Columns panel; its
// header, once the grid shows it.
export async function showGridColumn(admin, label) {
  await admin.getByRole('button', { name: 'Columns' }).click();
  await admin.locator('.columns-panel label', { hasText: label }).locator('input').check();
  await admin.getByRole('button', { name: 'Done' }).click();
  await admin.waitForURL(/cols=/);
  const header = admin.locator('table.customers-grid thead th[data-column]', { hasText: label });
  await header.waitFor();
  return header;
}

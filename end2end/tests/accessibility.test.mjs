// Every page, as an admin and as a shopper, in the light and the dark theme, checked by
// axe-core (WCAG 2.0/2.1/2.2 A and AA rules): no serious or critical violation. The same
// walk measures what a user notices about layout: no page scrolls sideways on a phone
// (360 and 390 px wide), the customers grid shows at least 15 rows of its default view at
// 1440×900 without wrapping short values, and no page shows Rust source.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { launch, hydrated, signIn, deleteCustomer, BASE_URL, LOOK_ADMIN as ADMIN } from '../support/browser.mjs';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const stamp = Date.now();
const PASSWORD = 'Accessible-Pass-1';

let browser;
let admin;
let shopper;
let shopperEmail;
const counts = [];

before(async () => {
  browser = await launch();
  admin = await browser.newPage();
  await signIn(admin, ADMIN);
  await admin.getByRole('heading', { name: `Welcome back, ${ADMIN.name}` }).waitFor();
  // Admin and shopper sessions use different cookies: one browser holds both.
  shopper = await browser.newPage();
});
after(async () => {
  // The shopper made here leaves no trace for the tests that count customers.
  if (admin && shopperEmail) await deleteCustomer(admin, shopperEmail);
  // The counts the issue asks for, per page and theme.
  console.log('axe-core: page, theme, serious+critical, moderate+minor');
  for (const c of counts) console.log(`axe-core: ${c.join(', ')}`);
  await browser?.close();
});

async function open(page, path) {
  await page.goto(`${BASE_URL}${path}`);
  await hydrated(page);
  // Let loaded data (grids, account blocks) render.
  await page.waitForLoadState('networkidle');
}

/** axe-core's violations on the page as it is. */
async function axe(page) {
  // Evaluated through the DevTools protocol: the page's CSP (rightly) refuses inline scripts.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(`${AXE}\n;true`);
  return page.evaluate(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      nodes: v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')}: ${n.failureSummary.split('\n')[1] ?? ''}`),
    }));
  });
}

/** Check `path` in both themes; fails with every serious or critical violation listed. */
async function check(page, path, name = path) {
  const problems = [];
  for (const colorScheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme });
    await open(page, path);
    const found = await axe(page);
    const serious = found.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    counts.push([name, colorScheme, serious.length, found.length - serious.length]);
    for (const v of serious) problems.push(`${name} (${colorScheme}) ${v.id} [${v.impact}]: ${v.nodes.join(' | ')}`);
    const text = await page.locator('body').innerText();
    for (const leaked of ['=>', '|_|', '::']) {
      if (text.includes(leaked)) problems.push(`${name} shows Rust source (${leaked})`);
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  assert.deepEqual(problems, [], problems.join('\n'));
}

test('admin pages have no serious or critical accessibility violation, light or dark', async () => {
  await admin.setViewportSize({ width: 1440, height: 900 });
  for (const path of ['/admin', '/admin/customers', '/admin/customers/new', '/admin/config', '/admin/config?section=customer&scope=website-1', '/admin/customer-groups', '/admin/customer-groups/new', '/admin/customer-groups/1/edit', '/admin/config?section=trans_email', '/admin/email-templates', '/admin/email-templates/new', '/admin/customers/online', '/admin/login-as-customer-log', '/admin/action-log', '/admin/attributes/customer', '/admin/attributes/customer/new', '/admin/attributes/address', '/admin/attributes/address/new', '/admin/attributes/customer/system/prefix', '/admin/attributes/address/system/telephone', '/admin/no-such-page']) {
    await check(admin, path);
  }
  // The attribute editor's options table (a dropdown with one option).
  await open(admin, '/admin/attributes/customer/new');
  await admin.getByLabel('Input Type').selectOption('select');
  await admin.getByRole('tab', { name: 'Manage Labels/Options' }).click();
  await admin.getByRole('button', { name: 'Add Option' }).click();
  await admin.locator('#attribute-option-0-admin').fill('Gold');
  const options = (await axe(admin)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(options, [], JSON.stringify(options, null, 1));
  // The customer page, with its Addresses tab open.
  await open(admin, '/admin/customers');
  const edit = await admin.locator('table.customers-grid tbody tr[data-id] td.action a').first().getAttribute('href');
  await check(admin, edit, 'customer page');
  await admin.getByRole('tab', { name: 'Addresses' }).click();
  await admin.locator('.addresses .records').waitFor();
  const found = (await axe(admin)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(found, [], JSON.stringify(found, null, 1));
});

test('storefront pages have no serious or critical accessibility violation, light or dark', async () => {
  await shopper.setViewportSize({ width: 1280, height: 800 });
  for (const path of ['/', '/customer/account/login', '/customer/account/create', '/customer/account/forgotpassword', '/no-such-page']) {
    await check(shopper, path);
  }
  await open(shopper, '/customer/account/create');
  await shopper.getByLabel('First Name').fill('Grace');
  await shopper.getByLabel('Last Name').fill('Hopper');
  shopperEmail = `grace.${stamp}@example.com`;
  await shopper.getByRole('textbox', { name: 'Email' }).fill(shopperEmail);
  await shopper.locator('#account-password').fill(PASSWORD);
  await shopper.locator('#account-password_confirmation').fill(PASSWORD);
  await shopper.getByRole('button', { name: 'Create an Account' }).click();
  await shopper.waitForURL(`${BASE_URL}/customer/account`);
  for (const path of ['/customer/account', '/customer/account/edit', '/customer/address', '/customer/address/new']) {
    await check(shopper, path);
  }
});

test('no storefront page scrolls sideways on a phone', async () => {
  const wide = [];
  for (const width of [360, 390]) {
    await shopper.setViewportSize({ width, height: 844 });
    for (const path of ['/', '/customer/account/login', '/customer/account/create', '/customer/account', '/customer/account/edit', '/customer/address', '/customer/address/new']) {
      // English, and French (longer words) through the store view switcher's cookie.
      for (const view of ['default', 'fr']) {
        await browser.addCookies([{ name: 'clientele_store', value: view, url: BASE_URL }]);
        await open(shopper, path);
        const scroll = await shopper.evaluate(() => document.documentElement.scrollWidth);
        if (scroll > width) wide.push(`${path} (${view}) is ${scroll} px wide at ${width} px`);
        // A form's buttons keep their words on one line (the links beside them move).
        const wrapped = await shopper.evaluate(() => [...document.querySelectorAll('.form-actions > button')]
          .filter((button) => {
            const text = document.createRange();
            text.selectNodeContents(button);
            return new Set([...text.getClientRects()].map((r) => Math.round(r.top))).size > 1;
          })
          .map((button) => button.textContent.trim()));
        for (const label of wrapped) wide.push(`${path} (${view}): "${label}" wraps at ${width} px`);
      }
    }
  }
  await browser.addCookies([{ name: 'clientele_store', value: 'default', url: BASE_URL }]);
  assert.deepEqual(wide, []);
});

test('a short storefront page keeps its footer at the bottom of the window', async () => {
  await shopper.setViewportSize({ width: 1440, height: 900 });
  for (const path of ['/customer/account/login', '/no-such-page']) {
    await open(shopper, path);
    const footer = await shopper.evaluate(() => document.querySelector('.store-footer').getBoundingClientRect().bottom);
    assert.equal(Math.round(footer), 900, `${path}: the footer ends at ${footer} px`);
  }
});

test('admin pages without a grid do not scroll sideways on a phone', async () => {
  // Grids scroll inside their own frame; the page around them never does.
  const wide = [];
  for (const width of [360, 390]) {
    await admin.setViewportSize({ width, height: 844 });
    for (const path of ['/admin', '/admin/config', '/admin/config?section=customer&scope=website-1', '/admin/customer-groups/new', '/admin/customer-groups/1/edit', '/admin/email-templates/new', '/admin/attributes/customer/system/prefix', '/admin/attributes/customer/new']) {
      await open(admin, path);
      await admin.locator('main h1').first().waitFor();
      const scroll = await admin.evaluate(() => document.documentElement.scrollWidth);
      if (scroll > width) wide.push(`${path} is ${scroll} px wide at ${width} px`);
    }
    // The options table scrolls inside its panel (the last page above is the new
    // attribute editor).
    await admin.getByLabel('Input Type').selectOption('select');
    await admin.getByRole('tab', { name: 'Manage Labels/Options' }).click();
    await admin.getByRole('button', { name: 'Add Option' }).click();
    const scroll = await admin.evaluate(() => document.documentElement.scrollWidth);
    if (scroll > width) wide.push(`the attribute options tab is ${scroll} px wide at ${width} px`);
  }
  await admin.setViewportSize({ width: 1440, height: 900 });
  assert.deepEqual(wide, []);
});

test('on a phone the admin menu folds behind a Menu button, and the page starts on the first screen', async () => {
  const nav = admin.getByRole('navigation', { name: 'Main menu' });
  const menu = nav.getByRole('button', { name: 'Menu' });
  const groups = nav.getByRole('link', { name: 'Customer Groups' });
  await admin.setViewportSize({ width: 390, height: 844 });
  await open(admin, '/admin/customers');
  assert.equal(await menu.getAttribute('aria-expanded'), 'false');
  assert.equal(await groups.isVisible(), false, 'the entries are folded');
  const top = await admin.locator('main h1').first().evaluate((h) => h.getBoundingClientRect().top);
  // In the first third of the screen (below the menu's bar and the admin's header).
  assert.ok(top < 844 / 3, `the page's heading starts ${top} px down`);
  // Opened from the keyboard; an entry takes the admin there and the menu folds again.
  await menu.focus();
  await admin.keyboard.press('Enter');
  assert.equal(await menu.getAttribute('aria-expanded'), 'true');
  await groups.click();
  await admin.waitForURL(/\/admin\/customer-groups$/);
  await admin.getByRole('heading', { name: 'Customer Groups', level: 1 }).waitFor();
  assert.equal(await menu.getAttribute('aria-expanded'), 'false');
  assert.equal(await groups.isVisible(), false, 'folded again after going there');
  const scroll = await admin.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(scroll <= 390, `no sideways scroll (${scroll} px)`);
  // On a page shorter than the screen the menu's bar keeps its own height (about 52 px).
  await open(admin, '/admin/customers?search=nobody-is-called-this-zq');
  await admin.getByText("We couldn't find any records.").waitFor();
  const bar = await admin.locator('.admin-menu').evaluate((m) => Math.round(m.getBoundingClientRect().height));
  assert.ok(bar <= 80, `the menu's bar is ${bar} px tall on a short page`);
  // The message is on the screen, below a table several screens wide, also once the
  // table is scrolled sideways.
  const words = () => admin.getByText("We couldn't find any records.").evaluate((m) => {
    const range = document.createRange();
    range.selectNodeContents(m);
    const r = range.getBoundingClientRect();
    return { left: Math.round(r.left), right: Math.round(r.right), table: document.querySelector('table.grid').scrollWidth };
  });
  const shown = await words();
  assert.ok(shown.table > 390 * 2, `the table is ${shown.table} px wide`);
  assert.ok(shown.left >= 0 && shown.right <= 390, `the message is at ${shown.left}–${shown.right} px`);
  await admin.locator('.grid-scroll').evaluate((s) => { s.scrollLeft = 600; });
  const scrolled = await words();
  assert.ok(scrolled.left >= 0 && scrolled.right <= 390, `scrolled: the message is at ${scrolled.left}–${scrolled.right} px`);
  // On a wide screen the entries are always there and the button is not.
  await admin.setViewportSize({ width: 1440, height: 900 });
  assert.equal(await groups.isVisible(), true);
  assert.equal(await menu.isVisible(), false);
});

test('the customers grid shows 15 rows of its default view at 1440×900, one line each', async () => {
  await admin.setViewportSize({ width: 1440, height: 900 });
  await open(admin, '/admin/customers');
  const rows = admin.locator('table.customers-grid tbody tr[data-id]');
  await rows.first().waitFor();
  const fit = await admin.evaluate(() => {
    const rows = [...document.querySelectorAll('table.customers-grid tbody tr[data-id]')];
    const inView = rows.filter((r) => r.getBoundingClientRect().bottom <= window.innerHeight).length;
    const heights = rows.map((r) => Math.round(r.getBoundingClientRect().height));
    return { inView, tallest: Math.max(...heights), page: document.documentElement.scrollWidth };
  });
  assert.ok(fit.inView >= 15, `${fit.inView} rows in view`);
  assert.ok(fit.tallest <= 40, `rows are at most one line (${fit.tallest} px)`);
  assert.ok(fit.page <= 1440, `the page itself does not scroll sideways (${fit.page} px)`);
  // The selection, ID and Action columns stay in view when the middle scrolls.
  await admin.locator('.grid-scroll').evaluate((s) => { s.scrollLeft = s.scrollWidth; });
  const visible = await admin.evaluate(() => {
    const scroller = document.querySelector('.grid-scroll').getBoundingClientRect();
    const inside = (sel) => {
      const r = document.querySelector(sel).getBoundingClientRect();
      return r.left >= scroller.left - 1 && r.right <= scroller.right + 1;
    };
    return {
      select: inside('table.customers-grid tbody tr[data-id] td.select'),
      id: inside('table.customers-grid tbody tr[data-id] td[data-column="entity_id"]'),
      action: inside('table.customers-grid tbody tr[data-id] td.action'),
    };
  });
  assert.deepEqual(visible, { select: true, id: true, action: true });
});

test('each area\'s 404 page lives in its own layout and answers 404', async () => {
  const adminMissing = await admin.goto(`${BASE_URL}/admin/no-such-page`);
  assert.equal(adminMissing.status(), 404);
  await hydrated(admin);
  await admin.locator('.admin-menu').waitFor();
  const back = admin.locator('.page-not-found a');
  assert.equal(await back.getAttribute('href'), '/admin');

  const storeMissing = await shopper.goto(`${BASE_URL}/no-such-page`);
  assert.equal(storeMissing.status(), 404);
  await hydrated(shopper);
  await shopper.locator('.store-header').waitFor();
  await shopper.locator('.store-footer').waitFor();
  assert.equal(await shopper.locator('.page-not-found a').getAttribute('href'), '/');
});

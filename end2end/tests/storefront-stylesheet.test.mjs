// The storefront's stylesheet: a new browser's first storefront page carries it in the
// page (one round trip on a phone), its later pages link the cached file, and the sheet
// leaves out only rules no storefront page can use: on every storefront page a shopper
// reaches, in every state tried here, no element matches a rule of the admin's whole
// sheet that the storefront's lacks.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { hydrated, BASE_URL, launchShops } from '../support/browser.mjs';

let shops;
const PASSWORD = 'Stylesheet-Pass-1';

before(async () => {
  shops = await launchShops();
});
after(async () => {
  await shops?.close();
});

async function open(page, path) {
  await page.goto(`${BASE_URL}${path}`);
  await hydrated(page);
}

/** The admin's whole stylesheet's URL, as its sign-in page links it. */
async function adminSheetUrl(page) {
  const html = await (await page.request.get(`${BASE_URL}/admin`)).text();
  const href = html.match(/<link[^>]+rel="stylesheet"[^>]+href="([^"]+\.css)"/)?.[1];
  assert.ok(href, 'the admin page links its stylesheet');
  return href;
}

/**
 * The selectors of the admin sheet's style rules (inside media rules too: a rule is its
 * condition and selector) that the storefront's sheet (`storefrontUrl`) lacks, and those of them that match an element
 * of this page. Pseudo-elements and states (`::after`, `:hover`) are taken off first:
 * the element they style is what matters.
 */
async function adminOnlyMatches(page, adminUrl, storefrontUrl) {
  return page.evaluate(
    async ([adminUrl, storefrontUrl]) => {
      const selectors = async (url) => {
        const sheet = new CSSStyleSheet();
        sheet.replaceSync(await (await fetch(url)).text());
        // Each rule as `<its media condition> | <its selector>`.
        const out = [];
        const walk = (rules, within) => {
          for (const rule of rules) {
            if (rule.selectorText) out.push(`${within} | ${rule.selectorText}`);
            if (rule.cssRules) walk(rule.cssRules, `${within} ${rule.conditionText ?? ''}`);
          }
        };
        walk(sheet.cssRules, '');
        return out;
      };
      const kept = new Set(await selectors(storefrontUrl));
      const left = (await selectors(adminUrl))
        .filter((s) => !kept.has(s))
        .map((s) => s.slice(s.indexOf(' | ') + 3));
      const states = /::?(after|before|placeholder|marker|hover|focus-visible|focus-within|focus|active|visited|disabled|checked|empty|first-child|last-child)\b/g;
      const matched = left.filter((selector) =>
        selector.split(',').some((one) => {
          try {
            return document.querySelector(one.replace(states, '').trim() || '*') !== null;
          } catch {
            return false;
          }
        }),
      );
      return { left: left.length, matched };
    },
    [adminUrl, storefrontUrl],
  );
}

test('a first storefront page carries the storefront sheet, later ones link it, and no page needs an admin-only rule', async () => {
  const context = await shops.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  const adminUrl = await adminSheetUrl(page);

  // The first page: the sheet in the page, the file fetched for later.
  await open(page, '/customer/account/create');
  const first = await page.evaluate(() => ({
    inPage: document.getElementById('clientele-style')?.textContent.length ?? 0,
    prefetch: document.querySelector('link[rel="prefetch"][as="style"]')?.getAttribute('href'),
    linked: document.querySelectorAll('link[rel="stylesheet"]').length,
  }));
  assert.ok(first.inPage > 1000, 'the first page carries the stylesheet');
  assert.match(first.prefetch ?? '', /^\/pkg\/storefront\.[0-9a-f]+\.css$/);
  assert.equal(first.linked, 0);
  const storefrontUrl = first.prefetch;
  const sizes = await page.evaluate(
    async ([a, s]) => [(await (await fetch(a)).text()).length, (await (await fetch(s)).text()).length],
    [adminUrl, storefrontUrl],
  );
  assert.ok(sizes[1] < sizes[0] * 0.6, `the storefront's sheet (${sizes[1]} bytes) leaves out the admin's rules (${sizes[0]})`);

  const check = async (what) => {
    const { left, matched } = await adminOnlyMatches(page, adminUrl, storefrontUrl);
    assert.ok(left > 50, 'the admin sheet has rules the storefront leaves out');
    assert.deepEqual(matched, [], `${what}: elements styled only by the admin's sheet`);
  };
  await check('Create an Account');

  // Create an Account with bad input: the field errors and the password meter.
  await page.getByRole('textbox', { name: 'Email' }).fill('not-an-email');
  await page.locator('#account-password').fill('abc');
  await page.getByRole('button', { name: 'Create an Account' }).click();
  await page.locator('.field-error:not(:empty)').first().waitFor();
  await check('Create an Account with errors');

  // A later page links the file, and is styled by it.
  await open(page, '/customer/account/login');
  const later = await page.evaluate(() => ({
    inPage: document.getElementById('clientele-style') !== null,
    linked: [...document.querySelectorAll('link[rel="stylesheet"]')].map((l) => l.getAttribute('href')),
    header: getComputedStyle(document.querySelector('.store-header')).display,
  }));
  assert.equal(later.inPage, false);
  assert.deepEqual(later.linked, [storefrontUrl]);
  assert.equal(later.header, 'flex');
  await check('Customer Login');
  await open(page, '/');
  await check('the home page');
  await open(page, '/customer/account/forgotpassword');
  await check('Forgot Your Password?');
  await open(page, '/no-such-page');
  await check('a page that does not exist');

  // A shopper's own pages: registered, My Account, Account Information, the address
  // book with an address, the address form with its errors, the delete dialog.
  await open(page, '/customer/account/create');
  await page.getByLabel('First Name').fill('Sheet');
  await page.getByLabel('Last Name').fill('Reader');
  await page.getByRole('textbox', { name: 'Email' }).fill(`sheet.${Date.now()}@example.com`);
  await page.locator('#account-password').fill(PASSWORD);
  await page.locator('#account-password_confirmation').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create an Account' }).click();
  await page.waitForURL(`${BASE_URL}/customer/account`);
  await page.locator('[data-block="contact"]').waitFor();
  await check('My Account');
  await open(page, '/customer/account/edit');
  await page.locator('#info-firstname').waitFor();
  await check('Account Information');
  await open(page, '/customer/address/new');
  await page.locator('#address-city').waitFor();
  await page.getByRole('button', { name: 'Save Address' }).click();
  await page.locator('.field-error:not(:empty)').first().waitFor();
  await check('New Address with errors');
  await page.locator('#address-street-0').fill('1 Stylesheet Row');
  await page.locator('#address-city').fill('London');
  await page.locator('#address-country_id').selectOption('GB');
  await page.locator('#address-postcode').fill('EC1A 1BB');
  await page.locator('#address-telephone').fill('+44 20 7946 0000');
  await page.getByRole('button', { name: 'Save Address' }).click();
  await page.waitForURL(/\/customer\/address\/?$/);
  const remove = page.getByRole('button', { name: 'Delete', exact: true }).first();
  await remove.waitFor();
  await check('Address Book');
  await remove.click();
  await page.getByRole('alertdialog').waitFor();
  await check('Address Book with the delete dialog open');
  await context.close();
});
